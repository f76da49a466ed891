from django.conf import settings
from django.db import models
from django.db.models import Q

from arrears.core import crypto


class DebtorKind(models.TextChoices):
    PERSON = "person", "Person"
    BUSINESS = "business", "Business"


class TaxIdKind(models.TextChoices):
    SSN = "ssn", "SSN"
    ITIN = "itin", "ITIN"
    EIN = "ein", "EIN"


class Source(models.TextChoices):
    """Where a contact point came from; kept because the rules and skip tracers ask."""

    PLACEMENT = "placement", "Placement file"
    DEBTOR = "debtor", "Given by the debtor"
    CLIENT = "client", "Client update"
    COLLECTOR = "collector", "Found by a collector"
    SKIP_TRACE = "skip_trace", "Skip-trace vendor"
    THIRD_PARTY = "third_party", "Third party"


class Debtor(models.Model):
    """A person or business who owes. SSN/TIN and date of birth are encrypted; only the last 4 is clear."""

    kind = models.CharField(max_length=10, choices=DebtorKind.choices, default=DebtorKind.PERSON)
    first_name = models.CharField(max_length=80, blank=True)
    middle_name = models.CharField(max_length=80, blank=True)
    last_name = models.CharField(max_length=80, blank=True)
    suffix = models.CharField(max_length=10, blank=True)
    business_name = models.CharField(max_length=200, blank=True)
    name_key = models.CharField(max_length=200, db_index=True, help_text="lower-case 'last first' for search")
    birth_date_encrypted = models.TextField(blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    tax_id_kind = models.CharField(max_length=4, choices=TaxIdKind.choices, blank=True)
    tax_id_encrypted = models.TextField(blank=True)
    tax_id_last4 = models.CharField(max_length=4, blank=True, db_index=True)
    tax_id_digest = models.CharField(max_length=64, blank=True, db_index=True)
    identity_digest = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="keyed digest of name + date of birth, for matching"
    )
    language = models.CharField(max_length=8, default="en", help_text="preferred language, ISO 639-1")
    financial_notes = models.TextField(blank=True, help_text="employment, income, hardship as the debtor told it")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="business", business_name__gt="") | Q(kind="person", last_name__gt=""),
                name="debtor_has_a_name",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == DebtorKind.BUSINESS:
            return self.business_name
        parts = [self.first_name, self.middle_name, self.last_name, self.suffix]
        return " ".join(p for p in parts if p)

    @property
    def tax_id_masked(self) -> str:
        if not self.tax_id_last4:
            return "—"
        if self.tax_id_kind == TaxIdKind.EIN:
            return f"**-***{self.tax_id_last4}"
        return f"***-**-{self.tax_id_last4}"

    @property
    def birth_date_masked(self) -> str:
        return f"**/**/{self.birth_year}" if self.birth_year else "—"

    def reveal_tax_id(self) -> str:
        """The full SSN/TIN. Call only from an action that audits the reveal."""
        return crypto.decrypt(self.tax_id_encrypted) if self.tax_id_encrypted else ""

    def reveal_birth_date(self) -> str:
        return crypto.decrypt(self.birth_date_encrypted) if self.birth_date_encrypted else ""


class ContactPoint(models.Model):
    """Common columns of phones, emails and addresses: where it came from and whether it is current.

    A change never edits the old row: the old one is ended (ended_at, ended_reason) and a new row added,
    so the history stays.
    """

    debtor = models.ForeignKey(Debtor, on_delete=models.PROTECT)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.PLACEMENT)
    active = models.BooleanField(default=True)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=200, blank=True)
    time_zones = models.JSONField(default=list, blank=True, help_text="IANA zones this contact point indicates")

    class Meta:
        abstract = True


class PhoneKind(models.TextChoices):
    MOBILE = "mobile", "Mobile"
    LANDLINE = "landline", "Home landline"
    WORK = "work", "Work number"
    UNKNOWN = "unknown", "Unknown (treated as mobile)"


class PhoneStatus(models.TextChoices):
    VALID = "valid", "Valid"
    WRONG_NUMBER = "wrong_number", "Wrong number"
    DISCONNECTED = "disconnected", "Disconnected"


class Phone(ContactPoint):
    e164 = models.CharField(max_length=16, db_index=True)
    kind = models.CharField(max_length=10, choices=PhoneKind.choices, default=PhoneKind.UNKNOWN)
    status = models.CharField(max_length=14, choices=PhoneStatus.choices, default=PhoneStatus.VALID)
    # A "do not call" protects the debtor whoever the creditor; consents to autodialed calls and texts are
    # given in one creditor relationship and live on that client's Provenance row.
    consent_call = models.BooleanField(default=True, help_text="may be called by a person")

    class Meta:
        ordering = ["-active", "id"]
        constraints = [
            models.UniqueConstraint(fields=["debtor", "e164"], condition=Q(active=True), name="phone_once_per_debtor"),
        ]

    def __str__(self):
        return self.display

    @property
    def display(self) -> str:
        digits = self.e164.removeprefix("+1")
        if len(digits) == 10 and self.e164.startswith("+1"):
            return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
        return self.e164


class EmailStatus(models.TextChoices):
    VALID = "valid", "Valid"
    BOUNCED = "bounced", "Bounced"


class Email(ContactPoint):
    address = models.EmailField(max_length=254, db_index=True)
    status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.VALID)

    class Meta:
        ordering = ["-active", "id"]
        constraints = [
            models.UniqueConstraint(fields=["debtor", "address"], condition=Q(active=True), name="email_once_per_debtor"),
        ]

    def __str__(self):
        return self.address


class AddressStatus(models.TextChoices):
    VALID = "valid", "Deliverable"
    UNDELIVERABLE = "undeliverable", "Mail returned"


class Address(ContactPoint):
    line1 = models.CharField(max_length=120)
    line2 = models.CharField(max_length=120, blank=True)
    city = models.CharField(max_length=80)
    state = models.CharField(max_length=2)
    zip_code = models.CharField(max_length=5)
    zip4 = models.CharField(max_length=4, blank=True)
    status = models.CharField(max_length=14, choices=AddressStatus.choices, default=AddressStatus.VALID)
    match_key = models.CharField(max_length=200, help_text="normalised line1 + zip, to avoid duplicates")

    class Meta:
        ordering = ["-active", "-added_at", "-id"]
        verbose_name_plural = "addresses"
        constraints = [
            models.UniqueConstraint(
                fields=["debtor", "match_key"], condition=Q(active=True), name="address_once_per_debtor"
            ),
        ]

    def __str__(self):
        return self.one_line

    @property
    def one_line(self) -> str:
        street = ", ".join(p for p in (self.line1, self.line2) if p)
        zip_code = f"{self.zip_code}-{self.zip4}" if self.zip4 else self.zip_code
        return f"{street}, {self.city}, {self.state} {zip_code}"


# What a client's user may see of a contact point its relationship supplied. Numbers and addresses the agency
# found (a collector, a skip-trace vendor, a third party) are the agency's own, whichever account was worked.
CLIENT_VISIBLE_SOURCES = (Source.PLACEMENT, Source.CLIENT, Source.DEBTOR)


class Provenance(models.Model):
    """One client's link to one phone, email or address: its placement or update supplied it, or it was added
    while one of its accounts was worked. The consents on it were given in that creditor relationship only.

    A contact point shared by two clients (both sent the same number) has one row per client; a point with
    no row is the agency's alone. Written only by this app's actions and the placement import's bulk path.
    """

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    phone = models.ForeignKey(Phone, null=True, blank=True, on_delete=models.PROTECT, related_name="provenance")
    email = models.ForeignKey(Email, null=True, blank=True, on_delete=models.PROTECT, related_name="provenance")
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.PROTECT, related_name="provenance")
    source = models.CharField(max_length=12, choices=Source.choices, help_text="how this client's side supplied it")
    consent_autodialer = models.BooleanField(
        default=False, help_text="prior express consent to autodialed/prerecorded calls, given in this relationship")
    consent_text = models.BooleanField(default=False, help_text="consent to texts, given in this relationship")
    consent_email = models.BooleanField(default=False, help_text="consent to email, given in this relationship")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "provenance"
        constraints = [
            models.CheckConstraint(
                condition=(Q(phone__isnull=False, email__isnull=True, address__isnull=True)
                           | Q(phone__isnull=True, email__isnull=False, address__isnull=True)
                           | Q(phone__isnull=True, email__isnull=True, address__isnull=False)),
                name="provenance_of_one_point"),
            models.UniqueConstraint(fields=["client", "phone"], condition=Q(phone__isnull=False),
                                    name="provenance_once_per_client_phone"),
            models.UniqueConstraint(fields=["client", "email"], condition=Q(email__isnull=False),
                                    name="provenance_once_per_client_email"),
            models.UniqueConstraint(fields=["client", "address"], condition=Q(address__isnull=False),
                                    name="provenance_once_per_client_address"),
        ]

    def __str__(self):
        return f"{self.point} for client {self.client_id} ({self.source})"

    @property
    def point(self):
        return self.phone or self.email or self.address

    @property
    def visible_to_client(self) -> bool:
        return self.source in CLIENT_VISIBLE_SOURCES
