"""Promises to pay, payment plans and settlements, their instalments, the debtor's financial statement, and
the supervisor's approval of an offer past a collector's authority."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    PROMISE = "promise", "Promise to pay"
    PLAN = "plan", "Payment plan"
    SETTLEMENT = "settlement", "Settlement"


class Status(models.TextChoices):
    PENDING_APPROVAL = "pending_approval", "Awaiting a supervisor's approval"
    ACTIVE = "active", "Active"
    KEPT = "kept", "Kept (paid as agreed)"
    BROKEN = "broken", "Broken"
    CANCELLED = "cancelled", "Cancelled"
    DENIED = "denied", "Denied by a supervisor"


OPEN = (Status.PENDING_APPROVAL, Status.ACTIVE)


class FinancialStatement(models.Model):
    """What the debtor said they earn and spend, for an affordability assessment."""

    debtor = models.ForeignKey("debtors.Debtor", on_delete=models.PROTECT, related_name="financial_statements")
    income = models.JSONField(encoder=DjangoJSONEncoder, help_text="[{label, amount_cents, per}]")
    expenses = models.JSONField(encoder=DjangoJSONEncoder, help_text="[{label, amount_cents, per}]")
    monthly_income_cents = models.BigIntegerField()
    monthly_expenses_cents = models.BigIntegerField()
    monthly_disposable_cents = models.BigIntegerField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]


class Arrangement(models.Model):
    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="arrangements")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, db_index=True)
    balance_cents = models.BigIntegerField(help_text="the balance when it was agreed")
    total_cents = models.BigIntegerField(help_text="what the debtor agreed to pay in all")
    discount_bp = models.PositiveIntegerField(default=0, help_text="settlement discount, basis points of the balance")
    frequency = models.CharField(max_length=12, blank=True)
    channel = models.CharField(max_length=12, help_text="how the debtor will pay: card, ach, check, ...")
    payment_method = models.ForeignKey("payments.PaymentMethod", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="arrangements", help_text="charged on each due date")
    financial_statement = models.ForeignKey(FinancialStatement, null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="+")
    affordable = models.BooleanField(null=True, help_text="fits the debtor's disposable income (None: not assessed)")
    override_reason = models.CharField(max_length=300, blank=True,
                                       help_text="why it was agreed although not affordable")
    needs_approval_because = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", help_text="the supervisor who approved or denied it")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(total_cents__gt=0), name="arrangement_total_positive"),
            models.CheckConstraint(condition=~Q(status="denied") | Q(decided_by__isnull=False),
                                   name="arrangement_denied_by_someone"),
        ]
        permissions = [("approve_arrangement", "Can approve or deny an offer past a collector's authority")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} on {self.account_id} ({self.status})"


class InstalmentStatus(models.TextChoices):
    DUE = "due", "Due"
    PAID = "paid", "Paid"
    PART_PAID = "part_paid", "Part paid"
    MISSED = "missed", "Missed"


class Instalment(models.Model):
    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="instalments")
    seq = models.PositiveSmallIntegerField()
    due_on = models.DateField(db_index=True)
    amount_cents = models.BigIntegerField()
    is_down_payment = models.BooleanField(default=False)
    paid_cents = models.BigIntegerField(default=0, help_text="matched from the arrangement's payments, oldest first")
    status = models.CharField(max_length=10, choices=InstalmentStatus.choices, default=InstalmentStatus.DUE)
    charge_attempted_on = models.DateField(null=True, blank=True, help_text="when a payment on file was charged for it")

    class Meta:
        ordering = ["arrangement", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["arrangement", "seq"], name="instalment_seq_once"),
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="instalment_amount_positive"),
            models.CheckConstraint(condition=Q(paid_cents__gte=0), name="instalment_paid_not_negative"),
        ]

    def __str__(self):
        return f"{self.seq}: {self.amount_cents}c due {self.due_on}"
