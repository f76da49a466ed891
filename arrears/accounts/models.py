from django.conf import settings
from django.db import models
from django.db.models import Q


class DebtType(models.TextChoices):
    CREDIT_CARD = "credit_card", "Credit card"
    MEDICAL = "medical", "Medical"
    UTILITY = "utility", "Utility"
    TELECOM = "telecom", "Telecom"
    AUTO_LOAN = "auto_loan", "Auto loan (secured)"
    PERSONAL_LOAN = "personal_loan", "Personal loan"
    STUDENT_LOAN = "student_loan", "Student loan"
    RENT = "rent", "Rent"
    RETURNED_CHECK = "returned_check", "Returned check"
    DAMAGE_CLAIM = "damage_claim", "Damage claim"
    OTHER = "other", "Other"


class ItemizationBasis(models.TextChoices):
    """The five reference dates Reg F 1006.34(b)(3) allows for the itemization date."""

    LAST_STATEMENT = "last_statement", "Last statement"
    CHARGE_OFF = "charge_off", "Charge-off"
    LAST_PAYMENT = "last_payment", "Last payment"
    TRANSACTION = "transaction", "Transaction"
    JUDGMENT = "judgment", "Judgment"


class Status(models.TextChoices):
    NEW = "new", "New"
    ACTIVE = "active", "Active"
    DISPUTED = "disputed", "Disputed"
    CEASE = "cease", "Cease communication"
    BANKRUPT = "bankrupt", "Bankrupt"
    DECEASED = "deceased", "Deceased"
    LEGAL = "legal", "Legal"
    PAID_IN_FULL = "paid_in_full", "Paid in full"
    SETTLED = "settled", "Settled"
    RECALLED = "recalled", "Recalled by client"
    CLOSED = "closed", "Closed"


_WORKING = {Status.ACTIVE, Status.DISPUTED, Status.CEASE, Status.BANKRUPT, Status.DECEASED, Status.LEGAL}
_RESOLVED = {Status.PAID_IN_FULL, Status.SETTLED, Status.RECALLED, Status.CLOSED}

# Which status may follow which. Resolved accounts can be reopened (e.g. a payment that settled it bounced)
# only back to active; closed and recalled accounts stay where they are.
TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: (_WORKING | _RESOLVED),
    **{s: (_WORKING | _RESOLVED) - {s} for s in _WORKING},
    Status.PAID_IN_FULL: {Status.ACTIVE, Status.CLOSED},
    Status.SETTLED: {Status.ACTIVE, Status.CLOSED},
    Status.RECALLED: set(),
    Status.CLOSED: set(),
}
OPEN_STATUSES = {Status.NEW, *_WORKING}


class Account(models.Model):
    """One debt placed by a client. Balances are not stored here: they are the sum of ledger postings."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="accounts")
    client_account_number = models.CharField(max_length=40)
    original_creditor = models.CharField(max_length=200, blank=True)
    original_account_number = models.CharField(max_length=40, blank=True)
    debt_type = models.CharField(max_length=16, choices=DebtType.choices, default=DebtType.OTHER)
    opened_on = models.DateField(null=True, blank=True, help_text="contract or open date")
    delinquent_on = models.DateField(null=True, blank=True)
    charged_off_on = models.DateField(null=True, blank=True)
    last_payment_on = models.DateField(null=True, blank=True)
    placed_on = models.DateField()
    itemization_on = models.DateField()
    itemization_basis = models.CharField(max_length=16, choices=ItemizationBasis.choices)
    itemization_amount_cents = models.BigIntegerField(help_text="amount owed on the itemization date")
    itemization_interest_cents = models.BigIntegerField(default=0, help_text="interest since the itemization date")
    itemization_fees_cents = models.BigIntegerField(default=0, help_text="fees since the itemization date")
    itemization_payments_cents = models.BigIntegerField(default=0, help_text="payments since the itemization date")
    itemization_credits_cents = models.BigIntegerField(default=0, help_text="credits since the itemization date")
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.NEW, db_index=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    placement = models.ForeignKey("placements.PlacementBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="accounts")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_accounts"
    )
    debtors = models.ManyToManyField("debtors.Debtor", through="AccountDebtor", related_name="accounts")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-placed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["client", "client_account_number"], name="account_number_unique_per_client"),
            models.CheckConstraint(
                condition=Q(itemization_amount_cents__gte=0)
                & Q(itemization_interest_cents__gte=0)
                & Q(itemization_fees_cents__gte=0)
                & Q(itemization_payments_cents__gte=0)
                & Q(itemization_credits_cents__gte=0),
                name="account_itemization_not_negative",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="account_status_known"),
        ]
        permissions = [
            ("work_account", "Can log contacts and notes and record contact-point changes"),
            ("change_account_status", "Can change an account's status"),
            ("import_placements", "Can import placement files"),
            ("retry_placements", "Can retry a placement import that failed or stopped"),
            ("view_all_clients", "Can see the accounts of every client"),
        ]

    def __str__(self):
        return f"{self.client_account_number}"

    @property
    def itemized_balance_cents(self) -> int:
        """The current amount per the itemization (Reg F 1006.34(c)(2)(viii))."""
        return (
            self.itemization_amount_cents
            + self.itemization_interest_cents
            + self.itemization_fees_cents
            - self.itemization_payments_cents
            - self.itemization_credits_cents
        )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Role(models.TextChoices):
    PRIMARY = "primary", "Primary"
    CO_OBLIGOR = "co_obligor", "Co-obligor"
    GUARANTOR = "guarantor", "Guarantor"


class AccountDebtor(models.Model):
    """A debtor's part in one account, with the identity as the account's client placed it.

    The Debtor row keeps the first name on file when two clients place the same person; each client's
    account keeps the name (and SSN last 4, birth year) that client sent, which is what its users see.
    """

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="parties")
    debtor = models.ForeignKey("debtors.Debtor", on_delete=models.PROTECT, related_name="parties")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.PRIMARY)
    placed_first_name = models.CharField(max_length=80, blank=True)
    placed_middle_name = models.CharField(max_length=80, blank=True)
    placed_last_name = models.CharField(max_length=80, blank=True)
    placed_suffix = models.CharField(max_length=10, blank=True)
    placed_business_name = models.CharField(max_length=200, blank=True)
    placed_name_key = models.CharField(max_length=200, blank=True, db_index=True,
                                       help_text="lower-case 'last first' of the as-placed name, for search")
    placed_tax_id_kind = models.CharField(max_length=4, blank=True)
    placed_tax_id_last4 = models.CharField(max_length=4, blank=True, db_index=True)
    placed_birth_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "debtor"], name="party_once_per_account"),
            models.UniqueConstraint(fields=["account"], condition=Q(role="primary"), name="one_primary_per_account"),
        ]

    def __str__(self):
        return f"{self.debtor_id} {self.role} on {self.account_id}"

    @property
    def placed_name(self) -> str:
        """The name the client sent; the debtor's name on file for a party placed before names were kept."""
        if self.placed_business_name and not self.placed_last_name:
            return self.placed_business_name
        parts = [self.placed_first_name, self.placed_middle_name, self.placed_last_name, self.placed_suffix]
        return " ".join(p for p in parts if p) or self.debtor.display_name

    @property
    def placed_tax_id_masked(self) -> str:
        if not self.placed_tax_id_last4:
            return "—"
        if self.placed_tax_id_kind == "ein":
            return f"**-***{self.placed_tax_id_last4}"
        return f"***-**-{self.placed_tax_id_last4}"

    @property
    def placed_birth_date_masked(self) -> str:
        return f"**/**/{self.placed_birth_year}" if self.placed_birth_year else "—"


class StatusChange(models.Model):
    """Every lifecycle transition of an account, with who and why (also in the audit log)."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=14, choices=Status.choices)
    to_status = models.CharField(max_length=14, choices=Status.choices)
    reason = models.CharField(max_length=300)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.account_id}: {self.from_status} → {self.to_status}"
