"""Affordability: what a debtor can pay each month, and the arrangements that fit it and the creditor's limits.

The debtor's income and expenses are listed as items, each with its own period; `assess` turns them into
a monthly disposable income, and `propose` offers the fastest arrangements that fit both that income and
the creditor's `PlanLimits`. Money is integer cents, conversions use Decimal with explicit rounding.
Pure Python: no Django, no database.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum

from arrears.arrangements.schedule import (
    MAX_INSTALMENTS,
    Frequency,
    Instalment,
    build_plan,
    divide_rounded,
    due_dates,
    settlement_plan,
    span_months,
)
from arrears.core.errors import InvalidInput
from arrears.core.money import format_cents

MONTHLY_FACTORS: dict[str, tuple[int, int]] = {
    "week": (52, 12),
    "biweek": (26, 12),
    "semimonth": (2, 1),
    "month": (1, 1),
    "year": (1, 12),
}
"""Per period: (numerator, denominator) turning an amount per that period into an amount per month."""

PERIOD_OF_FREQUENCY = {
    Frequency.WEEKLY: "week",
    Frequency.BIWEEKLY: "biweek",
    Frequency.SEMIMONTHLY: "semimonth",
    Frequency.MONTHLY: "month",
}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class Item:
    """One line of a financial statement: income ("wages") or an expense ("rent"), `amount_cents` per `per`.

    `per` is one of week, biweek, semimonth, month, year. Raises InvalidInput for a negative or non-integer
    amount (field "amount_cents") or an unknown period (field "per").
    """

    label: str
    amount_cents: int
    per: str

    def __post_init__(self):
        if not _is_int(self.amount_cents) or self.amount_cents < 0:
            raise InvalidInput(f"{self.label}: the amount must be a whole number of cents, 0 or more.",
                               field="amount_cents")
        if self.per not in MONTHLY_FACTORS:
            raise InvalidInput(f"{self.label}: {self.per!r} is not a period; choose one of "
                               f"{', '.join(MONTHLY_FACTORS)}.", field="per")


def monthly_equivalent_cents(amount_cents: int, per: str) -> int:
    """An amount per `per` expressed per month, rounded half up to the cent (week x52/12, biweek x26/12,
    semimonth x2, month x1, year /12)."""
    numerator, denominator = MONTHLY_FACTORS[per]
    return divide_rounded(amount_cents * numerator, denominator, ROUND_HALF_UP)


def monthly_cents(item: Item) -> int:
    """The item's amount per month, rounded half up to the cent: $100 a week is 43333 cents a month."""
    return monthly_equivalent_cents(item.amount_cents, item.per)


@dataclass(frozen=True)
class Assessment:
    """Monthly income and expenses, and what is left: `monthly_disposable_cents`, which may be negative."""

    monthly_income_cents: int
    monthly_expenses_cents: int

    @property
    def monthly_disposable_cents(self) -> int:
        return self.monthly_income_cents - self.monthly_expenses_cents


def assess(income: list[Item], expenses: list[Item]) -> Assessment:
    """Total each list per month; every item is converted (and rounded) on its own, then summed."""
    return Assessment(sum(map(monthly_cents, income)), sum(map(monthly_cents, expenses)))


@dataclass(frozen=True)
class PlanLimits:
    """The creditor's authority limits for arrangements offered without a supervisor.

    longest_months: the longest plan, in months (see `schedule.span_months`); smallest_instalment_cents: no
    instalment may be smaller; settlement_floor_bp: the smallest settlement, in basis points of the balance
    (6000 = 60%). Raises InvalidInput naming the field for a value out of range.
    """

    longest_months: int
    smallest_instalment_cents: int
    settlement_floor_bp: int

    def __post_init__(self):
        if not _is_int(self.longest_months) or self.longest_months < 1:
            raise InvalidInput("The longest plan must be 1 month or more.", field="longest_months")
        if not _is_int(self.smallest_instalment_cents) or self.smallest_instalment_cents < 0:
            raise InvalidInput("The smallest instalment must be 0 cents or more.", field="smallest_instalment_cents")
        if not _is_int(self.settlement_floor_bp) or not 0 <= self.settlement_floor_bp <= 10_000:
            raise InvalidInput("The settlement floor must be 0 to 10000 basis points.", field="settlement_floor_bp")


class ProposalKind(StrEnum):
    """What a proposal asks the debtor to do."""

    PAY_IN_FULL = "pay_in_full"  # the whole balance in one payment
    PLAN = "plan"  # the whole balance in instalments
    SETTLEMENT = "settlement"  # less than the balance, in one payment or in instalments


@dataclass(frozen=True)
class Proposal:
    """One arrangement to offer. `monthly_cents` is the largest instalment expressed per month, and
    `affordable` says whether it fits the debtor's monthly disposable income. `why` is one sentence a
    collector can read to the debtor. Settlements carry their discount; other kinds have 0."""

    kind: ProposalKind
    frequency: Frequency | None  # None for a single payment
    instalments: tuple[Instalment, ...]
    monthly_cents: int
    affordable: bool
    why: str
    discount_cents: int = 0
    discount_bp: Decimal = Decimal(0)


def propose(balance_cents: int, assessment: Assessment, *, limits: PlanLimits, first_due: date) -> list[Proposal]:
    """Arrangements for `balance_cents` that the debtor can afford within the creditor's limits, best first.

    Every proposal keeps the limits: no instalment is below `limits.smallest_instalment_cents`, no plan spans
    more than `limits.longest_months`, no settlement is below the floor. The first payment is due on
    `first_due`. "Afford" means the largest instalment, expressed per month, is at most the disposable income.

    1. pay_in_full, if the disposable income covers the balance in one payment.
    2. plan, monthly: the fewest months whose instalment fits (only when that is 2 or more payments).
    3. plan, weekly and biweekly: the same budget at those frequencies, again the fewest payments that fit.
    4. settlement at the floor, only when none of the above fits: in one payment if the disposable income
       covers it, otherwise monthly over the fewest months (at most the longest plan) that fit.

    When nothing is affordable (always so when the disposable income is zero or negative), the result is
    not empty: it holds the gentlest arrangements the limits allow, marked `affordable=False`, whose `why`
    says they do not fit: the longest monthly plan of the balance, and the longest monthly settlement at
    the floor. The list is empty only when even those break the limits (a balance, or a floor settlement,
    below the smallest instalment).
    """
    if not _is_int(balance_cents) or balance_cents <= 0:
        raise InvalidInput("The balance must be a positive whole number of cents.", field="balance_cents")
    if not isinstance(assessment, Assessment):
        raise InvalidInput("An affordability assessment is needed.", field="assessment")
    if not isinstance(limits, PlanLimits):
        raise InvalidInput("The creditor's plan limits are needed.", field="limits")
    if not isinstance(first_due, date) or isinstance(first_due, datetime):
        raise InvalidInput(f"{first_due!r} is not a date.", field="first_due")
    disposable_cents = assessment.monthly_disposable_cents
    fitting = _Fit(first_due, disposable_cents, limits)

    proposals = []
    monthly_count = fitting.fewest_instalments(balance_cents, Frequency.MONTHLY)
    if monthly_count == 1:
        proposals.append(_pay_in_full(balance_cents, first_due, disposable_cents))
    plan_counts = {
        Frequency.MONTHLY: monthly_count,
        Frequency.WEEKLY: fitting.fewest_instalments(balance_cents, Frequency.WEEKLY),
        Frequency.BIWEEKLY: fitting.fewest_instalments(balance_cents, Frequency.BIWEEKLY),
    }
    for frequency, count in plan_counts.items():
        if count is not None and count >= 2:  # one payment is pay_in_full, offered above when it fits
            proposals.append(_plan(balance_cents, first_due, frequency, count, disposable_cents))
    if proposals:
        return proposals

    floor_cents = _settlement_floor_cents(balance_cents, limits)
    if floor_cents is not None:
        count = fitting.fewest_instalments(floor_cents, Frequency.MONTHLY)
        if count is not None:
            return [_settlement(balance_cents, floor_cents, first_due, count, disposable_cents, affordable=True)]
    return _unaffordable(balance_cents, floor_cents, first_due, disposable_cents, limits)


@dataclass(frozen=True)
class _Fit:
    """Finds the fewest instalments at a frequency that fit the debtor's budget and the creditor's limits."""

    first_due: date
    disposable_cents: int
    limits: PlanLimits

    def fewest_instalments(self, total_cents: int, frequency: Frequency) -> int | None:
        """The smallest count for which `build_plan(total_cents, count=count)` has its largest instalment
        within budget, none below the smallest instalment, and a span within the longest plan; else None."""
        per = PERIOD_OF_FREQUENCY[frequency]
        budget_cents = self._largest_payment_within_budget(per)
        smallest_cents = max(1, self.limits.smallest_instalment_cents)
        if budget_cents < smallest_cents:
            return None
        for count in range(divide_rounded(total_cents, budget_cents, ROUND_CEILING), MAX_INSTALMENTS + 1):
            regular_cents = divide_rounded(total_cents, count, ROUND_DOWN)
            if regular_cents < smallest_cents:
                return None  # more instalments only make them smaller
            last_due = due_dates(self.first_due, frequency, count)[-1]
            if span_months(self.first_due, last_due) > self.limits.longest_months:
                return None  # more instalments only make the plan longer
            last_cents = total_cents - regular_cents * (count - 1)
            if monthly_equivalent_cents(last_cents, per) <= self.disposable_cents:
                return count
        return None

    def _largest_payment_within_budget(self, per: str) -> int:
        """The largest payment per `per` whose monthly equivalent is within the disposable income (0 if none)."""
        if self.disposable_cents <= 0:
            return 0
        numerator, denominator = MONTHLY_FACTORS[per]
        payment_cents = divide_rounded(self.disposable_cents * denominator, numerator, ROUND_DOWN)
        while monthly_equivalent_cents(payment_cents + 1, per) <= self.disposable_cents:
            payment_cents += 1  # rounding half up can let a cent more through
        return payment_cents


def _settlement_floor_cents(balance_cents: int, limits: PlanLimits) -> int | None:
    """The smallest settlement the creditor takes, rounded up so it is never below the floor; None when the
    floor leaves no discount to give."""
    floor_cents = max(1, divide_rounded(balance_cents * limits.settlement_floor_bp, 10_000, ROUND_CEILING))
    return floor_cents if floor_cents < balance_cents else None


def _pay_in_full(balance_cents: int, first_due: date, disposable_cents: int) -> Proposal:
    instalments = build_plan(balance_cents, first_due, Frequency.MONTHLY, count=1)
    why = (f"You can clear the account by paying the full balance of {format_cents(balance_cents)} on "
           f"{_day(first_due)}, which your {format_cents(disposable_cents)} a month after expenses covers.")
    return Proposal(ProposalKind.PAY_IN_FULL, None, tuple(instalments), balance_cents, True, why)


def _plan(balance_cents: int, first_due: date, frequency: Frequency, count: int, disposable_cents: int) -> Proposal:
    instalments = tuple(build_plan(balance_cents, first_due, frequency, count=count))
    monthly = monthly_equivalent_cents(instalments[-1].amount_cents, PERIOD_OF_FREQUENCY[frequency])
    why = (f"You can pay off {format_cents(balance_cents)} with {_payments(instalments, frequency)}, "
           f"{_per_month(monthly, frequency)}which fits the {format_cents(disposable_cents)} a month you have "
           "left after expenses.")
    return Proposal(ProposalKind.PLAN, frequency, instalments, monthly, True, why)


def _settlement(balance_cents: int, settlement_cents: int, first_due: date, count: int, disposable_cents: int,
                *, affordable: bool) -> Proposal:
    settlement = settlement_plan(balance_cents, settlement_cents, first_due, Frequency.MONTHLY, count)
    instalments = settlement.instalments
    frequency = Frequency.MONTHLY if count > 1 else None
    monthly = instalments[-1].amount_cents
    offer = (f"The creditor will accept {format_cents(settlement_cents)} instead of {format_cents(balance_cents)}, "
             f"a {_percent(settlement.discount_bp)} discount, paid as {_payments(instalments, frequency)}")
    if affordable:
        why = f"{offer}, which fits the {format_cents(disposable_cents)} a month you have left after expenses."
    else:
        why = f"{offer}, but that is more than {_left_over(disposable_cents)}."
    return Proposal(ProposalKind.SETTLEMENT, frequency, instalments, monthly, affordable, why,
                    settlement.discount_cents, settlement.discount_bp)


def _unaffordable(balance_cents: int, floor_cents: int | None, first_due: date, disposable_cents: int,
                  limits: PlanLimits) -> list[Proposal]:
    """The longest monthly plan and the longest monthly floor settlement the limits allow, marked unaffordable."""
    proposals = []
    plan_count = _longest_monthly_count(balance_cents, limits)
    if plan_count is not None:
        instalments = tuple(build_plan(balance_cents, first_due, Frequency.MONTHLY, count=plan_count))
        frequency = Frequency.MONTHLY if plan_count > 1 else None
        kind = ProposalKind.PLAN if plan_count > 1 else ProposalKind.PAY_IN_FULL
        why = (f"The lowest arrangement the creditor allows for {format_cents(balance_cents)} is "
               f"{_payments(instalments, frequency)}, which is more than {_left_over(disposable_cents)}.")
        proposals.append(Proposal(kind, frequency, instalments, instalments[-1].amount_cents, False, why))
    settlement_count = _longest_monthly_count(floor_cents, limits) if floor_cents is not None else None
    if settlement_count is not None:
        proposals.append(_settlement(balance_cents, floor_cents, first_due, settlement_count, disposable_cents,
                                     affordable=False))
    return proposals


def _longest_monthly_count(total_cents: int, limits: PlanLimits) -> int | None:
    """The most monthly instalments `total_cents` can be split into within the limits; None if not even one."""
    smallest_cents = max(1, limits.smallest_instalment_cents)
    count = min(limits.longest_months, MAX_INSTALMENTS, total_cents // smallest_cents)
    return count if count >= 1 else None


def _left_over(disposable_cents: int) -> str:
    if disposable_cents <= 0:
        return "you can pay, because your expenses take all of your income"
    return f"the {format_cents(disposable_cents)} a month you have left after expenses"


_EVERY = {
    Frequency.WEEKLY: "a week",
    Frequency.BIWEEKLY: "every two weeks",
    Frequency.SEMIMONTHLY: "twice a month",
    Frequency.MONTHLY: "a month",
}


def _payments(instalments: tuple[Instalment, ...], frequency: Frequency | None) -> str:
    """'one payment of $600.00 on March 1, 2026' or '12 payments of $83.33 a month from March 1, 2026
    (the last $83.37)'."""
    first, last = instalments[0], instalments[-1]
    if frequency is None or len(instalments) == 1:
        return f"one payment of {format_cents(first.amount_cents)} on {_day(first.due_on)}"
    text = (f"{len(instalments)} payments of {format_cents(first.amount_cents)} {_EVERY[frequency]} "
            f"from {_day(first.due_on)}")
    if last.amount_cents != first.amount_cents:
        text += f" (the last {format_cents(last.amount_cents)})"
    return text


def _per_month(monthly_cents: int, frequency: Frequency) -> str:
    return "" if frequency is Frequency.MONTHLY else f"about {format_cents(monthly_cents)} a month, "


def _percent(basis_points: Decimal) -> str:
    return f"{format(basis_points / 100, 'f')}%" if basis_points % 100 else f"{basis_points // 100}%"


def _day(on: date) -> str:
    return f"{on:%B} {on.day}, {on.year}"
