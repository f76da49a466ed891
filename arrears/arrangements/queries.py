"""Reads for arrangements: what an offer means before it is agreed (its schedule, the client's limits it
breaks, whether it needs a supervisor, whether the debtor can afford it), the proposals that fit a financial
statement, an account's arrangements, and the supervisors' approval queue."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from arrears.accounts.queries import visible_accounts
from arrears.core.errors import InvalidInput
from arrears.core.money import format_cents
from arrears.ledger.queries import balances

from . import affordability, schedule
from .authority import beyond_authority, client_limits_breached
from .models import OPEN, Arrangement, FinancialStatement, Kind, Status

_PER = {"weekly": "week", "biweekly": "biweek", "semimonthly": "semimonth", "monthly": "month"}


@dataclass
class Offer:
    """An arrangement as offered, before it is agreed."""

    kind: str
    balance_cents: int
    instalments: list[schedule.Instalment]
    summary: dict
    discount_bp: int
    breaches: list[str] = field(default_factory=list)      # the client's policy: refused for everyone
    needs_approval: str = ""                              # past the user's own authority: a supervisor decides
    monthly_cents: int = 0
    affordable: bool | None = None                         # None: no financial statement to judge by
    disposable_cents: int | None = None

    @property
    def refused(self) -> bool:
        return bool(self.breaches)


def _schedule(kind: str, balance: int, *, first_due: date, frequency, count, instalment_cents, down_payment_cents,
              down_payment_on, amount_cents, settlement_cents):
    if kind == Kind.PROMISE:
        amount = amount_cents or balance
        if amount > balance:
            raise InvalidInput(f"the promise is more than the balance of {format_cents(balance)}", field="amount")
        return schedule.build_plan(amount, first_due, schedule.Frequency.MONTHLY, count=1), 0
    if kind == Kind.PLAN:
        if not frequency:
            raise InvalidInput("choose how often the plan is paid", field="frequency")
        return schedule.build_plan(balance, first_due, frequency, count=count, instalment_cents=instalment_cents,
                                   down_payment_cents=down_payment_cents or 0, down_payment_on=down_payment_on), 0
    if kind == Kind.SETTLEMENT:
        if not settlement_cents:
            raise InvalidInput("give the settlement amount", field="settlement")
        plan = schedule.settlement_plan(balance, settlement_cents, first_due, frequency or schedule.Frequency.MONTHLY,
                                        count or 1)
        return list(plan.instalments), int(plan.discount_bp)
    raise InvalidInput(f"{kind!r} is not a promise, a plan or a settlement", field="kind")


def monthly_of(frequency: str | None, summary: dict) -> int:
    """What the arrangement asks a month: the regular instalment at its frequency (a single payment: itself)."""
    regular = summary["regular_cents"]
    if summary["count"] < 2 or not frequency:
        return regular
    return affordability.monthly_cents(affordability.Item("instalment", regular, _PER[str(frequency)]))


def offer(account, user, *, kind: str, first_due: date, frequency: str | None = None, count: int | None = None,
          instalment_cents: int | None = None, down_payment_cents: int = 0, down_payment_on: date | None = None,
          amount_cents: int | None = None, settlement_cents: int | None = None,
          financial_statement: FinancialStatement | None = None, balance_cents: int | None = None) -> Offer:
    """Evaluate an offer on the account's current balance. Raises InvalidInput for terms that make no schedule
    (no frequency, a settlement above the balance, ...); the client's limits come back as `breaches`."""
    if first_due < timezone.localdate():
        raise InvalidInput("the first payment cannot be due in the past", field="first_due")
    balance = balance_cents if balance_cents is not None else sum(balances(account.pk).values())
    if balance <= 0:
        raise InvalidInput("the account owes nothing")
    instalments, discount_bp = _schedule(
        kind, balance, first_due=first_due, frequency=frequency, count=count, instalment_cents=instalment_cents,
        down_payment_cents=down_payment_cents, down_payment_on=down_payment_on, amount_cents=amount_cents,
        settlement_cents=settlement_cents)
    summary = schedule.plan_summary(instalments)
    client = account.client
    # A promise is one payment of any size; a plan's regular instalments (not its last, which absorbs the
    # rounding, nor its down payment) must reach the client's smallest instalment.
    smallest = summary["regular_cents"] if kind != Kind.PROMISE and summary["count"] > 1 else \
        client.smallest_instalment_cents
    result = Offer(kind=kind, balance_cents=balance, instalments=instalments, summary=summary, discount_bp=discount_bp,
                   breaches=client_limits_breached(client, discount_bp=discount_bp, span_months=summary["span_months"],
                                                   smallest_cents=smallest),
                   needs_approval=beyond_authority(user, discount_bp=discount_bp, span_months=summary["span_months"]),
                   monthly_cents=monthly_of(frequency if kind != Kind.PROMISE else None, summary))
    if financial_statement is not None:
        result.disposable_cents = financial_statement.monthly_disposable_cents
        result.affordable = result.monthly_cents <= financial_statement.monthly_disposable_cents
    return result


def latest_statement(debtor, *, within_days: int = 90) -> FinancialStatement | None:
    """The debtor's financial statement if one was taken recently enough to judge an offer by."""
    since = timezone.now() - timedelta(days=within_days)
    return debtor.financial_statements.filter(recorded_at__gte=since).first()


def proposals(account, statement: FinancialStatement, first_due: date | None = None) -> list[affordability.Proposal]:
    """The arrangements the debtor can afford on the statement, within the client's limits, best first."""
    client = account.client
    limits = affordability.PlanLimits(longest_months=client.longest_plan_months,
                                      smallest_instalment_cents=client.smallest_instalment_cents,
                                      settlement_floor_bp=client.settlement_floor_bp)
    assessment = affordability.Assessment(statement.monthly_income_cents, statement.monthly_expenses_cents)
    balance = sum(balances(account.pk).values())
    if balance <= 0:
        return []
    return affordability.propose(balance, assessment, limits=limits, first_due=first_due or timezone.localdate())


def of_account(account, limit: int = 10) -> list[Arrangement]:
    """The account's arrangements, open first, with their instalments."""
    rows = list(Arrangement.objects.filter(account=account).select_related("created_by", "decided_by", "payment_method")
                .prefetch_related("instalments")[:limit])
    return sorted(rows, key=lambda a: (a.status not in OPEN, -a.pk))


def current(account) -> Arrangement | None:
    rows = of_account(account, 1)
    return rows[0] if rows else None


def active(account_ids=None):
    """The active arrangements (of these accounts), oldest first, with their account and its client."""
    rows = Arrangement.objects.filter(status=Status.ACTIVE).select_related("account__client")
    if account_ids is not None:
        rows = rows.filter(account_id__in=account_ids)
    return rows.order_by("pk")


def approval_queue(user):
    """Offers waiting for a supervisor, oldest first, on accounts the user may see."""
    return (Arrangement.objects.filter(status=Status.PENDING_APPROVAL, account__in=visible_accounts(user))
            .select_related("account__client", "created_by").prefetch_related("instalments", "account__parties__debtor")
            .order_by("created_at"))
