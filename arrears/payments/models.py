"""Payments and what happens to them. The money itself is in the ledger; these rows say where it came from,
how it was applied and what became of it.

A payment is posted once per idempotency key (a processor reference, a lockbox batch and item, an API
Idempotency-Key): the key is unique, so delivering it twice posts it once. A posted payment is never edited:
a returned check, an ACH return, a chargeback or a correction is a Reversal, whose ledger entries reverse
the payment's.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Method(models.TextChoices):
    CARD = "card", "Card"
    ACH = "ach", "ACH (bank debit)"
    CHECK = "check", "Check"
    MONEY_ORDER = "money_order", "Money order"
    CASH = "cash", "Cash"
    LOCKBOX = "lockbox", "Lockbox (check via the bank)"
    WIRE = "wire", "Wire transfer"
    DIRECT = "direct", "Paid to the client directly"


TRUST_METHODS = {Method.CARD, Method.ACH, Method.CHECK, Method.MONEY_ORDER, Method.CASH, Method.LOCKBOX, Method.WIRE}


class PaymentStatus(models.TextChoices):
    POSTED = "posted", "Posted"
    REVERSED = "reversed", "Reversed"
    DECLINED = "declined", "Declined (nothing posted)"


class Payment(models.Model):
    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="payments",
                                help_text="the account it was taken on (it may also pay linked accounts)")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    payer = models.ForeignKey("debtors.Debtor", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=12, choices=Method.choices)
    amount_cents = models.BigIntegerField()
    received_at = models.DateTimeField(help_text="when the money was received (or charged)")
    effective_on = models.DateField(help_text="the ledger date, which decides the remittance period")
    status = models.CharField(max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.POSTED)
    idempotency_key = models.CharField(max_length=120, unique=True)
    reference = models.CharField(max_length=120, blank=True, help_text="processor reference, check number")
    instrument = models.CharField(max_length=80, blank=True, help_text='e.g. "Visa ····4242", "Check #1042"')
    payment_method = models.ForeignKey("payments.PaymentMethod", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="payments")
    arrangement = models.ForeignKey("arrangements.Arrangement", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="payments", help_text="the promise, plan or settlement it pays")
    credit_cents = models.BigIntegerField(default=0, help_text="overpayment kept as a credit balance to refund")
    memo = models.CharField(max_length=300, blank=True)
    failure = models.CharField(max_length=300, blank=True, help_text="why a charge was declined")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["account", "-received_at"]), models.Index(fields=["client", "effective_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(condition=Q(credit_cents__gte=0) & Q(credit_cents__lte=models.F("amount_cents")),
                                   name="payment_credit_within_amount"),
        ]

    def __str__(self):
        return f"payment #{self.pk} {self.amount_cents}c {self.method}"

    @property
    def in_trust(self) -> bool:
        return self.method in TRUST_METHODS


class Allocation(models.Model):
    """How much of a payment went to one account, with the ledger entry that applied it."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="payment_allocations")
    entry = models.OneToOneField("ledger.Entry", on_delete=models.PROTECT, related_name="allocation")
    amount_cents = models.BigIntegerField()
    commission_rate_bp = models.PositiveIntegerField()
    commission_cents = models.BigIntegerField()

    class Meta:
        ordering = ["payment", "id"]
        constraints = [models.UniqueConstraint(fields=["payment", "account"], name="allocation_once_per_account")]


class ReversalReason(models.TextChoices):
    NSF = "nsf", "Returned check (insufficient funds)"
    ACH_RETURN = "ach_return", "ACH return"
    CHARGEBACK = "chargeback", "Card chargeback"
    CORRECTION = "correction", "Correction (posted in error)"


class Reversal(models.Model):
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="reversal")
    reason = models.CharField(max_length=12, choices=ReversalReason.choices)
    code = models.CharField(max_length=8, blank=True, help_text="e.g. R01 for an ACH return")
    note = models.CharField(max_length=300, blank=True)
    effective_on = models.DateField()
    fee_entry = models.OneToOneField("ledger.Entry", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     help_text="the returned-payment fee, where the client's contract allows one")
    reversed_at = models.DateTimeField(auto_now_add=True)
    reversed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    def __str__(self):
        return f"reversal of payment #{self.payment_id} ({self.reason} {self.code})".strip()


class InstrumentKind(models.TextChoices):
    CARD = "card", "Card"
    ACH = "ach", "Bank account (ACH)"


class PaymentMethod(models.Model):
    """A card or bank account the debtor authorised for payments. A card is only a processor's token; a bank
    account's number is encrypted, with its last four in clear."""

    debtor = models.ForeignKey("debtors.Debtor", on_delete=models.PROTECT, related_name="payment_methods")
    kind = models.CharField(max_length=4, choices=InstrumentKind.choices)
    label = models.CharField(max_length=80, help_text='e.g. "Visa ····4242", "Checking ····6789"')
    processor_token = models.CharField(max_length=120, blank=True)
    holder_name = models.CharField(max_length=120)
    routing_number = models.CharField(max_length=9, blank=True)
    account_number_encrypted = models.TextField(blank=True)
    account_last4 = models.CharField(max_length=4, blank=True)
    account_type = models.CharField(max_length=8, choices=[("checking", "Checking"), ("savings", "Savings")], blank=True)
    sec_code = models.CharField(max_length=3, blank=True, help_text="PPD, WEB, TEL or CCD: how it was authorised")
    authorized_at = models.DateTimeField()
    authorization = models.TextField(help_text="how the debtor authorised it: the recorded words or the form")
    active = models.BooleanField(default=True)
    prenoted_on = models.DateField(null=True, blank=True, help_text="effective date of the prenote sent for it")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-active", "-created_at"]

    def __str__(self):
        return self.label


class AdjustmentKind(models.TextChoices):
    INTEREST = "interest", "Interest"
    FEE = "fee", "Fee"
    WRITE_OFF = "write_off", "Write-off"
    CORRECTION = "correction", "Balance correction from the client"


class Adjustment(models.Model):
    """A change to what the debtor owes that is not a payment, with its reason and ledger entry."""

    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="adjustments")
    kind = models.CharField(max_length=12, choices=AdjustmentKind.choices)
    bucket = models.CharField(max_length=10)
    amount_cents = models.BigIntegerField(help_text="signed: positive raises the balance")
    reason = models.CharField(max_length=300)
    entry = models.OneToOneField("ledger.Entry", on_delete=models.PROTECT, related_name="adjustment")
    effective_on = models.DateField()
    idempotency_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(amount_cents=0), name="adjustment_not_zero")]


class Refund(models.Model):
    """A credit balance paid back to the debtor out of trust."""

    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="refunds")
    amount_cents = models.BigIntegerField()
    method = models.CharField(max_length=12, choices=Method.choices)
    reference = models.CharField(max_length=120, blank=True)
    entry = models.OneToOneField("ledger.Entry", on_delete=models.PROTECT, related_name="refund")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount_cents__gt=0), name="refund_amount_positive")]


class AchFile(models.Model):
    """A NACHA file of debits (and prenotes) we wrote for the bank, kept exactly as sent."""

    name = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    file_id_modifier = models.CharField(max_length=1)
    effective_on = models.DateField()
    entry_count = models.PositiveIntegerField()
    debit_total_cents = models.BigIntegerField()
    content = models.TextField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name


class AchEntry(models.Model):
    """One entry of an ACH file: a debit for an instalment (posted as a payment) or a prenote of an account."""

    ach_file = models.ForeignKey(AchFile, on_delete=models.PROTECT, related_name="entries")
    trace_number = models.CharField(max_length=15, unique=True)
    payment_method = models.ForeignKey(PaymentMethod, on_delete=models.PROTECT, related_name="ach_entries")
    instalment = models.ForeignKey("arrangements.Instalment", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="ach_entries")
    payment = models.OneToOneField(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="ach_entry")
    prenote = models.BooleanField(default=False)
    sec_code = models.CharField(max_length=3)
    amount_cents = models.BigIntegerField()
    return_code = models.CharField(max_length=3, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    change_code = models.CharField(max_length=3, blank=True, help_text="the last notification of change")

    class Meta:
        ordering = ["ach_file", "trace_number"]
        constraints = [models.CheckConstraint(condition=Q(prenote=True, amount_cents=0, payment__isnull=True)
                                              | Q(prenote=False, amount_cents__gt=0), name="ach_entry_prenote_or_debit")]

    def __str__(self):
        return f"{self.trace_number} {self.amount_cents}c"


class AchReturnFile(models.Model):
    """A returns/NOC file from the bank, applied once (by its content's digest)."""

    name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64, unique=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    returns = models.PositiveIntegerField()
    notices_of_change = models.PositiveIntegerField()
    report = models.JSONField(default=list, help_text="what was done for each return and NOC")

    class Meta:
        ordering = ["-imported_at", "-id"]


class LockboxImport(models.Model):
    """A lockbox file from the bank, posted once (by its content's digest); items that name no open account
    wait in the unapplied queue."""

    name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64, unique=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    items = models.PositiveIntegerField()
    total_cents = models.BigIntegerField()
    posted = models.PositiveIntegerField()
    unapplied = models.PositiveIntegerField()

    class Meta:
        ordering = ["-imported_at", "-id"]


class UnappliedItem(models.Model):
    """Money received that could not be matched to an account (a lockbox check naming no account we hold).
    It is not posted until someone applies it to an account, or sends it back."""

    lockbox_import = models.ForeignKey(LockboxImport, on_delete=models.PROTECT, related_name="unapplied_items")
    key = models.CharField(max_length=120, unique=True)
    row = models.PositiveIntegerField()
    amount_cents = models.BigIntegerField()
    deposit_date = models.DateField()
    account_number = models.CharField(max_length=40, blank=True)
    client_code = models.CharField(max_length=20, blank=True)
    payer_name = models.CharField(max_length=120, blank=True)
    check_number = models.CharField(max_length=30, blank=True)
    why = models.CharField(max_length=200)
    payment = models.OneToOneField(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    resolution = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["resolved_at", "deposit_date", "id"]
