"""What the compliance rules need to know that is not a contact attempt, and the evidence of each decision.

`Restriction` rows record what a consumer (or their attorney, a court, the creditor) told the collector,
with the evidence the rules need: when it was received, how, by whom it was recorded. Rows are never
edited except to end them (ended_at, with who and why), so the history stays and a decision can be rebuilt
as of any past instant. `DecisionRecord` rows are append-only evidence of every decision that allowed or
blocked a real contact: the facts' hash (and the facts), the rule-pack versions and the result.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    """What was received or learned. Each kind becomes a facts-document event or standing (docs/compliance.md)."""

    # Consents and their end
    CONSENT_ADDITIONAL_CALLS = "consent_additional_calls", "Consent to further calls (7 days)"
    CONSENT_INCONVENIENT_TIME = "consent_inconvenient_time", "Consent to contact at an otherwise inconvenient time"
    EMAIL_CONSENT = "email_consent", "Consent to email at this address"
    SMS_CONSENT = "sms_consent", "Consent to texts at this number"
    ESIGN_CONSENT = "esign_consent", "E-SIGN consent to electronic notices"
    TCPA_CONSENT = "tcpa_consent", "Consent to autodialed or prerecorded calls and texts"
    THIRD_PARTY_CONSENT = "third_party_consent", "Consent to talk with a named third party"
    CONSENT_REVOKED = "consent_revoked", "Consent withdrawn"
    TCPA_REVOCATION = "tcpa_revocation", "Autodialer / prerecorded consent revoked"
    REASSIGNED_NUMBER_CHECK = "reassigned_number_check", "Reassigned-numbers database check"
    # Requests that limit contact
    MEDIUM_OPT_OUT = "medium_opt_out", "Do not contact by this medium (or this number or address)"
    INCONVENIENT_TIME = "inconvenient_time", "Inconvenient times"
    INCONVENIENT_PLACE = "inconvenient_place", "Inconvenient place"
    EMPLOYER_PROHIBITS = "employer_prohibits", "Employer prohibits contact at work"
    WRITTEN_CEASE = "written_cease_request", "Written cease or refusal to pay"
    NUMBER_NOT_CONSUMERS = "number_not_consumers_learned", "Number is not the consumer's"
    # Disputes and their answers
    WRITTEN_DISPUTE = "written_dispute", "Written dispute"
    ORAL_DISPUTE = "oral_dispute", "Oral dispute"
    ORIGINAL_CREDITOR_REQUEST = "original_creditor_request", "Request for the original creditor"
    VERIFICATION_SENT = "verification_sent", "Verification sent"
    ORIGINAL_CREDITOR_INFO_SENT = "original_creditor_info_sent", "Original creditor's name and address sent"
    DUPLICATIVE_DISPUTE_NOTICE_SENT = "duplicative_dispute_notice_sent", "Duplicative-dispute notice sent"
    # Standing
    ATTORNEY = "attorney", "Represented by an attorney"
    ATTORNEY_CONSENT = "attorney_consent", "Attorney consented to direct contact"
    ATTORNEY_CONTACTED = "attorney_contacted", "Attorney contacted (awaiting a response)"
    ATTORNEY_RESPONDED = "attorney_responded", "Attorney responded"
    BANKRUPTCY = "bankruptcy", "Bankruptcy case"
    DECEASED = "deceased", "Consumer deceased"
    COURT_PERMISSION = "court_permission", "Court permission to communicate"
    LIMITATIONS_EXPIRED = "limitations_expired", "Statute of limitations expired"
    CREDITOR_EMAIL_NOTICE = "creditor_notice_sent", "Creditor's email-transfer notice sent"


# Consents are given in one creditor relationship: a consent recorded for one client's account is no consent
# for another client's (docs/compliance.md, "Which facts are per debtor, per creditor, per debt"). What limits
# contact (opt-outs, revocations, a cease, a dispute, standing) protects the consumer whoever the creditor.
PER_CLIENT_KINDS = frozenset({
    Kind.CONSENT_ADDITIONAL_CALLS, Kind.CONSENT_INCONVENIENT_TIME, Kind.EMAIL_CONSENT, Kind.SMS_CONSENT,
    Kind.ESIGN_CONSENT, Kind.TCPA_CONSENT, Kind.THIRD_PARTY_CONSENT, Kind.CREDITOR_EMAIL_NOTICE,
})


# A consumer's disputes of a debt (and requests for the original creditor, answered like one).
DISPUTE_KINDS = (Kind.WRITTEN_DISPUTE, Kind.ORAL_DISPUTE, Kind.ORIGINAL_CREDITOR_REQUEST)


class ReceivedVia(models.TextChoices):
    MAIL = "mail", "Mail"
    EMAIL = "email", "Email"
    PORTAL = "portal", "Web portal"
    SMS = "sms", "Text message"
    PHONE = "phone", "Phone call"
    IN_PERSON = "in_person", "In person / courier"
    FAX = "fax", "Fax"
    CREDITOR_FILE = "creditor_file", "Creditor's file / notes"
    COURT = "court", "Court / trustee notice"
    SCRUB = "scrub", "Scrub vendor (bankruptcy, deceased)"
    DATABASE = "database", "Database look-up"


class Restriction(models.Model):
    """One thing the rules must take into account, with its evidence. Ended, never edited."""

    debtor = models.ForeignKey("debtors.Debtor", on_delete=models.PROTECT, related_name="restrictions")
    account = models.ForeignKey("accounts.Account", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="restrictions", help_text="the debt it is about; empty = every debt")
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="the creditor relationship it was received in (the client of the account being worked); a "
                  "consent counts only for that client's accounts")
    kind = models.CharField(max_length=40, choices=Kind.choices, db_index=True)
    phone = models.ForeignKey("debtors.Phone", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    email = models.ForeignKey("debtors.Email", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    address = models.ForeignKey("debtors.Address", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(help_text="when the collector received or learned it")
    received_via = models.CharField(max_length=14, choices=ReceivedVia.choices)
    details = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder,
                               help_text="what the kind needs, e.g. days and hours, chapter, attorney's name")
    evidence = models.TextField(help_text="what was said or received, and where the document is")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    ended_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["debtor", "kind"])]
        constraints = [
            models.CheckConstraint(condition=Q(ended_at__isnull=True) | ~Q(ended_reason=""),
                                   name="restriction_end_has_reason"),
        ]
        permissions = [("record_restriction", "Can record consents, opt-outs, disputes and other restrictions"),
                       ("override_decision", "Can override a blocked contact with a rebuttal reason")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.received_at:%Y-%m-%d})"

    def active_at(self, instant) -> bool:
        return self.received_at <= instant and (self.ended_at is None or self.ended_at > instant)


class RebuttalFactor(models.TextChoices):
    """Why a call past the frequency presumption is not harassment (Reg F cmt 14(b)(2)(ii)-2)."""

    REQUIRED_BY_LAW = "required_by_law", "Required by applicable law (cmt 14(b)(2)(ii)-2.i)"
    ACTIVE_LITIGATION = "active_litigation", "Directly related to active litigation (cmt 14(b)(2)(ii)-2.ii)"
    CONSUMER_REQUEST = "consumer_request", "Answers the consumer's request for information (cmt 14(b)(2)(ii)-2.iii)"
    TIME_SENSITIVE = "time_sensitive", "Time-sensitive, outside the collector's control (cmt 14(b)(2)(ii)-2.iv)"


class DecisionRecord(models.Model):
    """Evidence of one decision on a real contact: what was asked, the facts' hash, the packs and the answer.

    Append-only (a database trigger refuses UPDATE and DELETE on PostgreSQL, UPDATE on SQLite).
    """

    decided_at = models.DateTimeField(auto_now_add=True, db_index=True)
    proposed_at = models.DateTimeField(help_text="when the contact was to happen")
    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="compliance_decisions")
    debtor = models.ForeignKey("debtors.Debtor", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=40)
    phone = models.ForeignKey("debtors.Phone", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    email = models.ForeignKey("debtors.Email", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    address = models.ForeignKey("debtors.Address", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    allowed = models.BooleanField()
    reasons = models.JSONField(encoder=DjangoJSONEncoder)
    counts = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    dates = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    values = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    packs = models.JSONField(default=list)
    next_allowed_at = models.DateTimeField(null=True, blank=True)
    facts_sha256 = models.CharField(max_length=64, db_index=True)
    facts = models.JSONField(encoder=DjangoJSONEncoder, help_text="the facts document decided on")
    overridden = models.BooleanField(default=False, help_text="a supervisor overrode the block")
    override_factor = models.CharField(max_length=20, choices=RebuttalFactor.choices, blank=True)
    override_reason = models.TextField(blank=True)
    override_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    help_text="the blocked decision this override answers")
    contact_attempt = models.ForeignKey("contacts.ContactAttempt", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="decisions")
    decided_for = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", help_text="who asked (the collector, or the supervisor overriding)")

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["account", "-decided_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(overridden=False) | (~Q(override_factor="") & ~Q(override_reason="")),
                                   name="decision_override_has_factor_and_reason"),
        ]

    def __str__(self):
        verdict = "overridden" if self.overridden else ("allowed" if self.allowed else "blocked")
        return f"{self.action} on {self.account_id}: {verdict}"


class DialListExport(models.Model):
    """A list of accounts the engine allowed to be called at one instant, as exported for a dialer.

    Each row is a call the engine allowed when the list was made; the dialer's calls are logged back through
    the contact actions, which decide again at the moment of the call.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(help_text="the instant the calls were decided for")
    client = models.ForeignKey("clients.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    accounts_considered = models.PositiveIntegerField()
    rows = models.PositiveIntegerField(help_text="accounts callable, one number each")
    decided_by_engine = models.PositiveIntegerField(help_text="accounts with restrictions decided one by one")
    packs = models.JSONField(default=list)
    csv = models.TextField()
    csv_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"dial list #{self.pk} ({self.rows} rows)"
