"""Payment-plan arithmetic: due dates, instalment amounts, settlements and plan summaries.

Money is integer cents; anything that divides goes through `divide_rounded` (Decimal, explicit rounding),
so no float ever touches an amount. Pure Python: no Django, no database. Bad input raises
`InvalidInput` naming the field a form or API would show the message against.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

from arrears.core.errors import InvalidInput
from arrears.core.money import format_cents

MAX_INSTALMENTS = 520
"""The most instalments one plan may hold, down payment included (ten years of weekly payments)."""


class Frequency(StrEnum):
    """How often a plan's regular instalments fall due."""

    WEEKLY = "weekly"  # every 7 days
    BIWEEKLY = "biweekly"  # every 14 days
    SEMIMONTHLY = "semimonthly"  # twice a month, about 15 days apart (see due_dates)
    MONTHLY = "monthly"  # once a month on the start's day of month


@dataclass(frozen=True)
class Instalment:
    """One scheduled payment. `seq` counts from 1 in due-date order; the down payment, if any, is seq 1."""

    seq: int
    due_on: date
    amount_cents: int
    is_down_payment: bool = False


@dataclass(frozen=True)
class SettlementPlan:
    """A balance settled for less: the instalments (summing to `settlement_cents`) and the discount given."""

    balance_cents: int
    settlement_cents: int
    instalments: tuple[Instalment, ...]
    discount_cents: int
    discount_bp: Decimal  # basis points of the balance, a whole number rounded half up


def divide_rounded(numerator: int, denominator: int, rounding: str) -> int:
    """`numerator / denominator` rounded to a whole number with the given `decimal` rounding mode.

    Exact for any size of integer: the quotient is computed with enough digits that truncating it cannot
    change which way it rounds (a non-integer p/q is at least 1/q away from any integer or half).
    """
    with localcontext() as context:
        context.prec = len(str(abs(numerator))) + len(str(abs(denominator))) + 2
        context.rounding = ROUND_DOWN
        quotient = Decimal(numerator) / Decimal(denominator)
        return int(quotient.to_integral_value(rounding=rounding))


def add_months(start: date, months: int) -> date:
    """The start's day of month, `months` later, clamped to that month's last day (Jan 31 + 1 -> Feb 28/29)."""
    year, month_index = divmod(start.month - 1 + months, 12)
    return _clamped_date(start.year + year, month_index + 1, start.day)


def _clamped_date(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def due_dates(start: date, frequency: Frequency | str, count: int) -> list[date]:
    """The first `count` due dates of a schedule starting on `start` (which is the first of them).

    - weekly: every 7 days; biweekly: every 14 days.
    - monthly: the start's day of month, every month, clamped to the month's last day. Each date is computed
      from the start, never from the previous date, so clamping does not drift: Jan 31, Feb 28, Mar 31, Apr 30.
    - semimonthly: two fixed days a month, 15 days apart counting a month as 30 days. A start on the 1st-15th
      pairs with the day 15 later in the same month (3rd -> 3rd and 18th; 15th -> 15th and 30th). A start on
      the 16th-31st pairs with the day 15 earlier in the following month (20th -> 20th, then the 5th of the
      next month, then the 20th; 16th -> 16th, 1st, 16th; 31st -> 31st, 16th, 31st). The later day of the
      pair is clamped like monthly (the 30th is Feb 28 or 29; the 31st is the 30th in April), so dates
      always strictly increase and never drift.

    `count` 0 gives an empty list. Raises InvalidInput for a bad frequency, start or count.
    """
    frequency = _checked_frequency(frequency)
    start = _checked_date(start, "start")
    if not _is_int(count) or count < 0:
        raise InvalidInput("The number of due dates must be a whole number, 0 or more.", field="count")
    try:
        return [_nth_due_date(start, frequency, index) for index in range(count)]
    except (OverflowError, ValueError):
        raise InvalidInput("The schedule runs past the last date the calendar can hold.", field="start") from None


def _nth_due_date(start: date, frequency: Frequency, index: int) -> date:
    if frequency is Frequency.WEEKLY:
        return start + timedelta(days=7 * index)
    if frequency is Frequency.BIWEEKLY:
        return start + timedelta(days=14 * index)
    if frequency is Frequency.MONTHLY:
        return add_months(start, index)
    months, second_of_month = divmod(index, 2)
    if start.day <= 15:  # the start is the earlier day of the pair
        day, months = (start.day + 15, months) if second_of_month else (start.day, months)
    else:  # the start is the later day; the earlier one falls in the next month
        day, months = (start.day - 15, months + 1) if second_of_month else (start.day, months)
    year, month_index = divmod(start.month - 1 + months, 12)
    return _clamped_date(start.year + year, month_index + 1, day)


def build_plan(
    total_cents: int,
    first_due: date,
    frequency: Frequency | str,
    *,
    count: int | None = None,
    instalment_cents: int | None = None,
    down_payment_cents: int = 0,
    down_payment_on: date | None = None,
) -> list[Instalment]:
    """Split `total_cents` into instalments whose amounts sum to it exactly; every amount is positive.

    Give exactly one of:
    - `count`: the number of regular instalments (the down payment not included). The remainder after the
      down payment is split evenly: each instalment is remainder / count rounded down to the cent, and the
      last one absorbs the rounding, so it is the largest, by less than `count` cents.
    - `instalment_cents`: as many instalments of that amount as the remainder needs; the last one is the
      remainder left over (smaller, or equal when it divides exactly; never zero). An amount at or above the
      remainder gives a single instalment of the remainder.

    A down payment (`down_payment_cents` > 0) is instalment 1, due on `down_payment_on` (default
    `first_due`). When it is due on `first_due`, the regular instalments follow from the next date of the
    schedule after `first_due`; when it is due earlier, they start on `first_due` itself.

    Raises InvalidInput naming the field for: a total that is not a positive whole number of cents; a down
    payment that is negative or not below the total; a down-payment date after `first_due`, or one given
    without a down payment; both or neither of count and instalment_cents; count < 1 or more than the
    remainder in cents; instalment_cents <= 0; more than MAX_INSTALMENTS instalments; a bad frequency.
    """
    _check_positive_cents(total_cents, "total_cents", "The total")
    if not _is_int(down_payment_cents) or down_payment_cents < 0:
        raise InvalidInput("The down payment must be a whole number of cents, 0 or more.", field="down_payment_cents")
    if down_payment_cents >= total_cents:
        raise InvalidInput("The down payment must be less than the total; for the whole amount take one payment.",
                           field="down_payment_cents")
    frequency = _checked_frequency(frequency)
    first_due = _checked_date(first_due, "first_due")
    has_down_payment = down_payment_cents > 0
    if down_payment_on is not None:
        down_payment_on = _checked_date(down_payment_on, "down_payment_on")
        if not has_down_payment:
            raise InvalidInput("A down-payment date was given without a down payment.", field="down_payment_on")
        if down_payment_on > first_due:
            raise InvalidInput("The down payment cannot be due after the first instalment.", field="down_payment_on")

    remainder_cents = total_cents - down_payment_cents
    regular_amounts = _regular_amounts(remainder_cents, count, instalment_cents)
    if len(regular_amounts) + has_down_payment > MAX_INSTALMENTS:
        raise InvalidInput(f"A plan may have at most {MAX_INSTALMENTS} instalments.",
                           field="count" if count is not None else "instalment_cents")

    if not has_down_payment:
        dates = _plan_dates(first_due, frequency, len(regular_amounts))
        return [Instalment(seq, on, amount) for seq, (on, amount) in enumerate(zip(dates, regular_amounts), 1)]
    down_payment_on = down_payment_on or first_due
    if down_payment_on == first_due:
        dates = _plan_dates(first_due, frequency, len(regular_amounts) + 1)[1:]
    else:
        dates = _plan_dates(first_due, frequency, len(regular_amounts))
    down_payment = Instalment(1, down_payment_on, down_payment_cents, is_down_payment=True)
    regular = [Instalment(seq, on, amount) for seq, (on, amount) in enumerate(zip(dates, regular_amounts), 2)]
    return [down_payment] + regular


def _plan_dates(first_due: date, frequency: Frequency, count: int) -> list[date]:
    try:
        return due_dates(first_due, frequency, count)
    except InvalidInput as error:
        raise InvalidInput(str(error), field="first_due") from None


def _regular_amounts(remainder_cents: int, count: int | None, instalment_cents: int | None) -> list[int]:
    if (count is None) == (instalment_cents is None):
        raise InvalidInput("Give either the number of instalments or the instalment amount, not both or neither.",
                           field="count")
    if count is not None:
        if not _is_int(count) or count < 1:
            raise InvalidInput("The number of instalments must be a whole number, 1 or more.", field="count")
        if count > MAX_INSTALMENTS:
            raise InvalidInput(f"A plan may have at most {MAX_INSTALMENTS} instalments.", field="count")
        if count > remainder_cents:
            raise InvalidInput(f"{format_cents(remainder_cents)} cannot be split into {count} instalments of at least "
                               "one cent.", field="count")
        regular = divide_rounded(remainder_cents, count, ROUND_DOWN)
        return [regular] * (count - 1) + [remainder_cents - regular * (count - 1)]
    _check_positive_cents(instalment_cents, "instalment_cents", "The instalment")
    whole_instalments, leftover = divmod(remainder_cents, instalment_cents)
    if whole_instalments + (leftover > 0) > MAX_INSTALMENTS:
        raise InvalidInput(f"At {format_cents(instalment_cents)} the plan would need more than {MAX_INSTALMENTS} "
                           "instalments.", field="instalment_cents")
    return [instalment_cents] * whole_instalments + ([leftover] if leftover else [])


def settlement_plan(
    balance_cents: int, settlement_cents: int, first_due: date, frequency: Frequency | str, count: int
) -> SettlementPlan:
    """Settle `balance_cents` for `settlement_cents` (less than the balance) in `count` instalments.

    `count` == 1 is a lump sum due on `first_due`; more are split as `build_plan(count=...)` splits them.
    The discount is balance - settlement, in cents and in basis points of the balance (a whole number of
    basis points as a Decimal, rounded half up). Raises InvalidInput naming the field for a non-positive
    balance, a settlement that is not between 1 cent and the balance (exclusive), or a bad count/frequency.
    """
    _check_positive_cents(balance_cents, "balance_cents", "The balance")
    _check_positive_cents(settlement_cents, "settlement_cents", "The settlement")
    if settlement_cents >= balance_cents:
        raise InvalidInput("A settlement must be for less than the balance.", field="settlement_cents")
    instalments = build_plan(settlement_cents, first_due, frequency, count=count)
    discount_cents = balance_cents - settlement_cents
    discount_bp = Decimal(divide_rounded(discount_cents * 10_000, balance_cents, ROUND_HALF_UP))
    return SettlementPlan(balance_cents, settlement_cents, tuple(instalments), discount_cents, discount_bp)


def span_months(first_due: date, last_due: date) -> int:
    """How many months, counted from `first_due`, the plan occupies: a partial month counts as a whole one.

    It is the smallest m >= 1 such that `last_due` falls before `first_due` + m months (clamped like
    monthly due dates). So a lump sum spans 1 month, a 12-payment monthly plan spans 12, 52 weekly payments
    span 12, and 5 weekly payments from Jan 31 span 2 (the fifth falls on Feb 28, in the plan's second month).
    This is the figure authority limits ("longest plan in months") are checked against.
    """
    if last_due < first_due:
        raise InvalidInput("The last due date is before the first.", field="instalments")
    months = (last_due.year - first_due.year) * 12 + last_due.month - first_due.month
    return months if add_months(first_due, months) > last_due else months + 1


def plan_summary(instalments: list[Instalment] | tuple[Instalment, ...]) -> dict:
    """The figures a collector, a letter or an authority check needs about a plan.

    Keys: count, total_cents, down_payment_cents (0 when none), first_due_on, last_due_on, regular_cents
    (the first instalment that is not the down payment), last_cents, smallest_cents (the smallest amount,
    down payment included), span_months (see `span_months`).
    Raises InvalidInput (field "instalments") for an empty plan.
    """
    if not instalments:
        raise InvalidInput("A plan needs at least one instalment.", field="instalments")
    ordered = sorted(instalments, key=lambda instalment: instalment.seq)
    regular = [instalment for instalment in ordered if not instalment.is_down_payment] or ordered
    return {
        "count": len(ordered),
        "total_cents": sum(instalment.amount_cents for instalment in ordered),
        "down_payment_cents": sum(instalment.amount_cents for instalment in ordered if instalment.is_down_payment),
        "first_due_on": ordered[0].due_on,
        "last_due_on": ordered[-1].due_on,
        "regular_cents": regular[0].amount_cents,
        "last_cents": ordered[-1].amount_cents,
        "smallest_cents": min(instalment.amount_cents for instalment in ordered),
        "span_months": span_months(ordered[0].due_on, ordered[-1].due_on),
    }


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_positive_cents(value: object, field: str, label: str) -> None:
    if not _is_int(value) or value <= 0:
        raise InvalidInput(f"{label} must be a positive whole number of cents.", field=field)


def _checked_frequency(value: object) -> Frequency:
    try:
        return Frequency(value)
    except ValueError:
        choices = ", ".join(member.value for member in Frequency)
        raise InvalidInput(f"{value!r} is not a frequency; choose one of {choices}.", field="frequency") from None


def _checked_date(value: object, field: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(f"{value!r} is not a date.", field=field)
    return value
