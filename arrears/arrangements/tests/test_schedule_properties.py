"""Properties every plan keeps, for random totals, counts, amounts, frequencies and dates."""

import calendar
import math
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from arrears.arrangements.schedule import (
    MAX_INSTALMENTS,
    Frequency,
    build_plan,
    due_dates,
    plan_summary,
    settlement_plan,
)

first_dues = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
frequencies = st.sampled_from(list(Frequency))


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_index(on: date) -> int:
    return on.year * 12 + on.month - 1


def assert_follows_the_frequency(start: date, frequency: Frequency, result: list[date]) -> None:
    """Checks each date against the rule stated in `due_dates`, computed independently of it."""
    for index, on in enumerate(result):
        if frequency is Frequency.WEEKLY:
            assert on == start + timedelta(days=7 * index)
        elif frequency is Frequency.BIWEEKLY:
            assert on == start + timedelta(days=14 * index)
        elif frequency is Frequency.MONTHLY:
            assert month_index(on) == month_index(start) + index
            assert on.day == min(start.day, last_day(on.year, on.month))
        else:
            earlier_day = start.day if start.day <= 15 else start.day - 15
            later_day = earlier_day + 15 if start.day <= 15 else start.day
            starts_on_earlier = start.day <= 15
            is_earlier = (index % 2 == 0) == starts_on_earlier
            months_on = (index + (0 if starts_on_earlier else 1)) // 2
            assert month_index(on) == month_index(start) + months_on
            wanted_day = earlier_day if is_earlier else min(later_day, last_day(on.year, on.month))
            assert on.day == wanted_day


@given(start=first_dues, frequency=frequencies, count=st.integers(1, 60))
def test_due_dates_start_on_the_start_strictly_increase_and_follow_the_frequency(start, frequency, count):
    result = due_dates(start, frequency, count)
    assert len(result) == count
    assert result[0] == start
    assert all(earlier < later for earlier, later in zip(result, result[1:]))
    assert_follows_the_frequency(start, frequency, result)


@given(start=first_dues, count=st.integers(2, 48))
def test_semimonthly_dates_fall_twice_in_every_month(start, count):
    result = due_dates(start, Frequency.SEMIMONTHLY, count)
    per_month = {}
    for on in result:
        per_month[month_index(on)] = per_month.get(month_index(on), 0) + 1
    inner_months = sorted(per_month)[1:-1]
    assert all(per_month[month] == 2 for month in inner_months)
    assert all(count <= 2 for count in per_month.values())


@st.composite
def count_plans(draw):
    total = draw(st.integers(1, 10**9))
    down_payment = draw(st.one_of(st.just(0), st.integers(0, total - 1)))
    count = draw(st.integers(1, min(MAX_INSTALMENTS - (down_payment > 0), total - down_payment)))
    first_due = draw(first_dues)
    down_payment_on = None
    if down_payment and draw(st.booleans()):
        down_payment_on = first_due - timedelta(days=draw(st.integers(0, 60)))
    return total, first_due, draw(frequencies), count, down_payment, down_payment_on


@given(count_plans())
def test_a_count_plan_sums_to_the_total_and_only_its_last_instalment_differs(arguments):
    total, first_due, frequency, count, down_payment, down_payment_on = arguments
    plan = build_plan(total, first_due, frequency, count=count, down_payment_cents=down_payment,
                      down_payment_on=down_payment_on)
    assert sum(instalment.amount_cents for instalment in plan) == total
    assert all(instalment.amount_cents > 0 for instalment in plan)
    assert [instalment.seq for instalment in plan] == list(range(1, len(plan) + 1))
    regular = [instalment for instalment in plan if not instalment.is_down_payment]
    assert len(regular) == count
    assert len({instalment.amount_cents for instalment in regular[:-1]}) <= 1
    assert 0 <= regular[-1].amount_cents - regular[0].amount_cents <= count - 1
    assert_dates_and_down_payment(plan, first_due, frequency, down_payment, down_payment_on)


@st.composite
def amount_plans(draw):
    total = draw(st.integers(1, 10**9))
    down_payment = draw(st.one_of(st.just(0), st.integers(0, total - 1)))
    remainder = total - down_payment
    smallest_amount = -(-remainder // (MAX_INSTALMENTS - (down_payment > 0)))
    instalment = draw(st.integers(max(1, smallest_amount), remainder * 2))
    first_due = draw(first_dues)
    down_payment_on = first_due - timedelta(days=draw(st.integers(0, 60))) if down_payment else None
    return total, first_due, draw(frequencies), instalment, down_payment, down_payment_on


@given(amount_plans())
def test_an_amount_plan_sums_to_the_total_with_a_smaller_last_instalment_and_no_zero(arguments):
    total, first_due, frequency, instalment_cents, down_payment, down_payment_on = arguments
    plan = build_plan(total, first_due, frequency, instalment_cents=instalment_cents,
                      down_payment_cents=down_payment, down_payment_on=down_payment_on)
    assert sum(instalment.amount_cents for instalment in plan) == total
    assert all(instalment.amount_cents > 0 for instalment in plan)
    assert len(plan) <= MAX_INSTALMENTS
    regular = [instalment for instalment in plan if not instalment.is_down_payment]
    if instalment_cents >= total - down_payment:
        assert [instalment.amount_cents for instalment in regular] == [total - down_payment]
    else:
        assert all(instalment.amount_cents == instalment_cents for instalment in regular[:-1])
        assert 0 < regular[-1].amount_cents <= instalment_cents
    assert_dates_and_down_payment(plan, first_due, frequency, down_payment, down_payment_on)


def assert_dates_and_down_payment(plan, first_due, frequency, down_payment, down_payment_on):
    assert all(earlier.due_on < later.due_on for earlier, later in zip(plan, plan[1:]))
    regular = [instalment for instalment in plan if not instalment.is_down_payment]
    if down_payment:
        assert plan[0].is_down_payment and plan[0].amount_cents == down_payment
        assert plan[0].due_on == (down_payment_on or first_due)
        assert sum(instalment.is_down_payment for instalment in plan) == 1
        if plan[0].due_on == first_due:
            assert [i.due_on for i in regular] == due_dates(first_due, frequency, len(regular) + 1)[1:]
        else:
            assert [i.due_on for i in regular] == due_dates(first_due, frequency, len(regular))
    else:
        assert not any(instalment.is_down_payment for instalment in plan)
        assert [i.due_on for i in plan] == due_dates(first_due, frequency, len(plan))


@given(balance=st.integers(2, 10**9), data=st.data(), first_due=first_dues, frequency=frequencies)
def test_a_settlement_sums_to_the_settlement_and_its_discount_is_the_difference(balance, data, first_due,
                                                                                  frequency):
    settlement_cents = data.draw(st.integers(1, balance - 1))
    count = data.draw(st.integers(1, min(MAX_INSTALMENTS, settlement_cents)))
    settlement = settlement_plan(balance, settlement_cents, first_due, frequency, count)
    assert sum(instalment.amount_cents for instalment in settlement.instalments) == settlement_cents
    assert len(settlement.instalments) == count
    assert settlement.discount_cents == balance - settlement_cents
    exact_bp = Fraction(settlement.discount_cents * 10_000, balance)
    assert settlement.discount_bp == math.floor(exact_bp + Fraction(1, 2))  # half up, for a positive ratio


@given(count_plans())
def test_a_summary_agrees_with_its_plan(arguments):
    total, first_due, frequency, count, down_payment, down_payment_on = arguments
    plan = build_plan(total, first_due, frequency, count=count, down_payment_cents=down_payment,
                      down_payment_on=down_payment_on)
    summary = plan_summary(plan)
    assert summary["count"] == len(plan)
    assert summary["total_cents"] == total
    assert (summary["first_due_on"], summary["last_due_on"]) == (plan[0].due_on, plan[-1].due_on)
    assert summary["last_cents"] == plan[-1].amount_cents
    assert summary["down_payment_cents"] == down_payment
    months = summary["span_months"]
    assert months >= 1
    assert month_index(plan[-1].due_on) - month_index(plan[0].due_on) <= months
    if frequency is Frequency.MONTHLY and not down_payment:
        assert months == count
