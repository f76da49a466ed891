from django.db import models
from django.db.models import Q

from arrears.core.calendar import CALL_WINDOW_FROM, CALL_WINDOW_TO


class RemittanceCycle(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    BIWEEKLY = "biweekly", "Every two weeks"
    SEMIMONTHLY = "semimonthly", "Twice a month"
    MONTHLY = "monthly", "Monthly"


class CollectionMode(models.TextChoices):
    """Whose name the agency collects in; decides which rules apply (Reg F 1006.2(i))."""

    THIRD_PARTY = "fdcpa_debt_collector", "Third-party collector (agency's name)"
    CREDITOR_OWN_NAME = "creditor_own_name", "Creditor's own name (first party)"
    CREDITOR_OTHER_NAME = "creditor_using_other_name", "Creditor using another name"


class Client(models.Model):
    """A creditor that places accounts with the agency, with its contract terms and collection policy."""

    code = models.SlugField(max_length=20, unique=True, help_text="short code used in files and the CLI")
    name = models.CharField(max_length=200)
    active = models.BooleanField(default=True)
    currency = models.CharField(max_length=3, default="USD")
    collection_mode = models.CharField(
        max_length=32, choices=CollectionMode.choices, default=CollectionMode.THIRD_PARTY
    )
    # Contract terms
    commission_rate_bp = models.PositiveIntegerField(
        default=2500, help_text="agency commission on collected money, basis points (2500 = 25%)"
    )
    remittance_cycle = models.CharField(max_length=12, choices=RemittanceCycle.choices, default=RemittanceCycle.MONTHLY)
    contract_start = models.DateField(null=True, blank=True)
    # Collection policy
    settlement_floor_bp = models.PositiveIntegerField(
        default=6000, help_text="lowest settlement as a share of the balance, basis points (6000 = 60%)"
    )
    longest_plan_months = models.PositiveSmallIntegerField(default=24)
    smallest_instalment_cents = models.PositiveIntegerField(default=2500)
    interest_allowed = models.BooleanField(default=False, help_text="the contract allows post-placement interest")
    interest_rate_bp = models.PositiveIntegerField(default=0, help_text="yearly rate, basis points")
    fees_allowed = models.BooleanField(default=False, help_text="the contract allows collection fees")
    returned_payment_fee_cents = models.PositiveIntegerField(default=0)
    grace_days = models.PositiveSmallIntegerField(default=5, help_text="days before a missed instalment breaks a plan")
    allocation_order = models.CharField(
        max_length=60, default="fees,costs,interest,principal",
        help_text="the order a payment is applied to the buckets, comma-separated")
    # Contact policy: only ever stricter than the law (the compliance engine refuses anything looser).
    max_calls_per_7_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="counted calls per debt in 7 days (Reg F presumes 7 is compliant)")
    max_call_attempts_per_day = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="call attempts per debt per debtor-local day, any outcome")
    call_window_start = models.TimeField(
        null=True, blank=True, help_text=f"earliest call, debtor local (after {CALL_WINDOW_FROM:%-H:%M})")
    call_window_end = models.TimeField(
        null=True, blank=True, help_text=f"latest call, debtor local (before {CALL_WINDOW_TO:%-H:%M})")
    max_amount_cents = models.PositiveBigIntegerField(
        default=100_000_000, help_text="largest single payment, adjustment or placement amount accepted, in cents "
                                       "($1,000,000 by default): anything larger is refused as a likely mistake")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(commission_rate_bp__lte=10000), name="client_commission_le_100pct"),
            models.CheckConstraint(condition=Q(max_amount_cents__gt=0), name="client_max_amount_positive"),
            models.CheckConstraint(condition=Q(settlement_floor_bp__lte=10000), name="client_floor_le_100pct"),
            models.CheckConstraint(
                condition=Q(interest_allowed=True) | Q(interest_rate_bp=0), name="client_no_rate_without_interest"
            ),
            models.CheckConstraint(condition=Q(max_calls_per_7_days__isnull=True) | Q(max_calls_per_7_days__lte=7),
                                   name="client_calls_per_week_not_above_reg_f"),
            models.CheckConstraint(
                condition=Q(call_window_start__isnull=True, call_window_end__isnull=True)
                | Q(call_window_start__isnull=False, call_window_end__isnull=False,
                    call_window_start__lt=models.F("call_window_end")),
                name="client_call_window_whole"),
        ]

    def __str__(self):
        return f"{self.code} — {self.name}"


class CommissionRule(models.Model):
    """A commission rate for some of a client's accounts: by debt type and/or by the debt's age (days from
    charge-off, or delinquency, or placement) when paid. The most specific matching rule wins; accounts no
    rule matches use the client's commission rate."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="commission_rules")
    debt_type = models.CharField(max_length=16, blank=True, help_text="blank: any debt type")
    min_age_days = models.PositiveIntegerField(default=0)
    max_age_days = models.PositiveIntegerField(null=True, blank=True, help_text="blank: no upper limit")
    rate_bp = models.PositiveIntegerField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["client", "debt_type", "min_age_days"]
        constraints = [
            models.CheckConstraint(condition=Q(rate_bp__lte=10000), name="commission_rule_le_100pct"),
            models.CheckConstraint(condition=Q(max_age_days__isnull=True) | Q(max_age_days__gt=models.F("min_age_days")),
                                   name="commission_rule_age_range"),
        ]

    def __str__(self):
        age = f"{self.min_age_days}-{self.max_age_days or '∞'} days"
        return f"{self.client.code}: {self.debt_type or 'any'} {age} → {self.rate_bp / 100:.2f}%"


class ClientContact(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=120)
    title = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=32, blank=True)
    receives_remittance = models.BooleanField(default=False)

    class Meta:
        ordering = ["client", "name"]

    def __str__(self):
        return f"{self.name} ({self.client.code})"
