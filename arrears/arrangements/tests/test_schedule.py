"""Due dates, plan amounts, settlements and summaries: worked examples and refusals of bad input."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from arrears.arrangements.schedule import (
    MAX_INSTALMENTS,
    Frequency,
    Instalment,
    build_plan,
    due_dates,
    plan_summary,
    settlement_plan,
    span_months,
)
from arrears.core.errors import InvalidInput


def amounts(instalments):
    return [instalment.amount_cents for instalment in instalments]


def dates(instalments):
    return [instalment.due_on for instalment in instalments]


# Due dates


def test_weekly_and_biweekly_dates_are_seven_and_fourteen_days_apart():
    assert due_dates(date(2026, 12, 24), Frequency.WEEKLY, 3) == [date(2026, 12, 24), date(2026, 12, 31),
                                                                  date(2027, 1, 7)]
    assert due_dates(date(2026, 12, 24), Frequency.BIWEEKLY, 3) == [date(2026, 12, 24), date(2027, 1, 7),
                                                                    date(2027, 1, 21)]


def test_monthly_dates_from_jan_31_clamp_to_month_end_without_drifting():
    assert due_dates(date(2026, 1, 31), Frequency.MONTHLY, 6) == [
        date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31),
        date(2026, 6, 30)]


def test_monthly_dates_cross_the_year_end():
    assert due_dates(date(2026, 11, 30), Frequency.MONTHLY, 4) == [
        date(2026, 11, 30), date(2026, 12, 30), date(2027, 1, 30), date(2027, 2, 28)]


def test_monthly_dates_from_jan_31_in_a_leap_year_fall_on_feb_29():
    assert due_dates(date(2028, 1, 31), Frequency.MONTHLY, 3) == [date(2028, 1, 31), date(2028, 2, 29),
                                                                  date(2028, 3, 31)]


def test_monthly_dates_from_feb_29_2028_keep_the_29th_and_clamp_in_2029():
    result = due_dates(date(2028, 2, 29), Frequency.MONTHLY, 13)
    assert result[:3] == [date(2028, 2, 29), date(2028, 3, 29), date(2028, 4, 29)]
    assert result[11:] == [date(2029, 1, 29), date(2029, 2, 28)]


def test_weekly_dates_step_over_feb_29_2028():
    assert due_dates(date(2028, 2, 22), "weekly", 3) == [date(2028, 2, 22), date(2028, 2, 29), date(2028, 3, 7)]


def test_semimonthly_from_the_3rd_falls_on_the_3rd_and_18th():
    assert due_dates(date(2026, 3, 3), Frequency.SEMIMONTHLY, 5) == [
        date(2026, 3, 3), date(2026, 3, 18), date(2026, 4, 3), date(2026, 4, 18), date(2026, 5, 3)]


def test_semimonthly_from_the_20th_falls_on_the_20th_and_the_5th_of_the_next_month():
    assert due_dates(date(2026, 11, 20), Frequency.SEMIMONTHLY, 5) == [
        date(2026, 11, 20), date(2026, 12, 5), date(2026, 12, 20), date(2027, 1, 5), date(2027, 1, 20)]


def test_semimonthly_from_the_15th_pairs_with_the_30th_clamped_in_february():
    assert due_dates(date(2026, 1, 15), Frequency.SEMIMONTHLY, 6) == [
        date(2026, 1, 15), date(2026, 1, 30), date(2026, 2, 15), date(2026, 2, 28), date(2026, 3, 15),
        date(2026, 3, 30)]


def test_semimonthly_from_the_16th_pairs_with_the_1st():
    assert due_dates(date(2026, 1, 16), Frequency.SEMIMONTHLY, 4) == [
        date(2026, 1, 16), date(2026, 2, 1), date(2026, 2, 16), date(2026, 3, 1)]


def test_semimonthly_from_the_31st_pairs_with_the_16th_and_clamps_to_month_end():
    assert due_dates(date(2026, 1, 31), Frequency.SEMIMONTHLY, 7) == [
        date(2026, 1, 31), date(2026, 2, 16), date(2026, 2, 28), date(2026, 3, 16), date(2026, 3, 31),
        date(2026, 4, 16), date(2026, 4, 30)]


def test_semimonthly_in_leap_february_2028_reaches_the_29th():
    assert due_dates(date(2028, 2, 14), Frequency.SEMIMONTHLY, 3) == [date(2028, 2, 14), date(2028, 2, 29),
                                                                      date(2028, 3, 14)]
    assert due_dates(date(2028, 1, 15), Frequency.SEMIMONTHLY, 4)[3] == date(2028, 2, 29)


def test_zero_due_dates_is_an_empty_schedule():
    assert due_dates(date(2026, 1, 1), Frequency.MONTHLY, 0) == []


def test_an_unknown_frequency_is_refused_naming_the_field():
    with pytest.raises(InvalidInput) as refused:
        due_dates(date(2026, 1, 1), "fortnightly", 3)
    assert refused.value.field == "frequency"


def test_a_schedule_past_the_calendar_is_refused():
    with pytest.raises(InvalidInput) as refused:
        build_plan(1000, date(9999, 11, 1), Frequency.MONTHLY, count=5)
    assert refused.value.field == "first_due"


# Plans by count


def test_a_count_split_gives_equal_instalments_and_the_last_absorbs_the_rounding():
    plan = build_plan(100_000, date(2026, 3, 1), Frequency.MONTHLY, count=3)
    assert amounts(plan) == [33_333, 33_333, 33_334]
    assert [instalment.seq for instalment in plan] == [1, 2, 3]
    assert dates(plan) == [date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)]
    assert not any(instalment.is_down_payment for instalment in plan)


def test_a_count_split_that_divides_exactly_is_all_equal():
    assert amounts(build_plan(120_000, date(2026, 3, 1), "monthly", count=12)) == [10_000] * 12


def test_a_count_of_one_is_a_single_payment_of_the_total():
    assert build_plan(4_321, date(2026, 3, 1), "weekly", count=1) == [Instalment(1, date(2026, 3, 1), 4_321)]


def test_the_largest_remainder_stays_below_count_cents():
    plan = build_plan(1_000 + 6, date(2026, 3, 1), "weekly", count=7)
    assert amounts(plan) == [143] * 6 + [148]


# Plans by instalment amount


def test_an_instalment_amount_gives_as_many_as_needed_and_a_smaller_last_one():
    plan = build_plan(100_000, date(2026, 3, 1), Frequency.MONTHLY, instalment_cents=30_000)
    assert amounts(plan) == [30_000, 30_000, 30_000, 10_000]


def test_an_instalment_amount_that_divides_the_total_has_no_zero_instalment():
    assert amounts(build_plan(90_000, date(2026, 3, 1), "monthly", instalment_cents=30_000)) == [30_000] * 3


def test_an_instalment_at_or_above_the_total_is_a_single_payment():
    assert amounts(build_plan(5_000, date(2026, 3, 1), "monthly", instalment_cents=5_000)) == [5_000]
    assert amounts(build_plan(5_000, date(2026, 3, 1), "monthly", instalment_cents=9_000)) == [5_000]


# Down payments


def test_a_down_payment_on_the_first_due_date_is_first_and_the_plan_starts_a_period_later():
    plan = build_plan(100_000, date(2026, 1, 31), Frequency.MONTHLY, count=3, down_payment_cents=10_000)
    assert plan[0] == Instalment(1, date(2026, 1, 31), 10_000, is_down_payment=True)
    assert amounts(plan) == [10_000, 30_000, 30_000, 30_000]
    assert dates(plan) == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    assert [instalment.seq for instalment in plan] == [1, 2, 3, 4]


def test_a_down_payment_given_on_first_due_explicitly_is_the_same_as_the_default():
    by_default = build_plan(50_000, date(2026, 3, 3), "semimonthly", count=2, down_payment_cents=5_000)
    explicit = build_plan(50_000, date(2026, 3, 3), "semimonthly", count=2, down_payment_cents=5_000,
                          down_payment_on=date(2026, 3, 3))
    assert by_default == explicit
    assert dates(explicit) == [date(2026, 3, 3), date(2026, 3, 18), date(2026, 4, 3)]


def test_an_earlier_down_payment_leaves_the_plan_starting_on_first_due():
    plan = build_plan(100_000, date(2026, 4, 1), "monthly", instalment_cents=40_000, down_payment_cents=25_000,
                      down_payment_on=date(2026, 3, 15))
    assert [(instalment.due_on, instalment.amount_cents, instalment.is_down_payment) for instalment in plan] == [
        (date(2026, 3, 15), 25_000, True), (date(2026, 4, 1), 40_000, False), (date(2026, 5, 1), 35_000, False)]


# Refusals name the field


@pytest.mark.parametrize(("arguments", "field"), [
    ({"total_cents": 0, "count": 1}, "total_cents"),
    ({"total_cents": -100, "count": 1}, "total_cents"),
    ({"total_cents": 100.0, "count": 1}, "total_cents"),
    ({"total_cents": True, "count": 1}, "total_cents"),
    ({"count": 2, "down_payment_cents": -1}, "down_payment_cents"),
    ({"count": 2, "down_payment_cents": 10_000}, "down_payment_cents"),
    ({"count": 2, "down_payment_cents": 12_000}, "down_payment_cents"),
    ({"count": 2, "down_payment_on": date(2026, 2, 1)}, "down_payment_on"),
    ({"count": 2, "down_payment_cents": 100, "down_payment_on": date(2026, 4, 1)}, "down_payment_on"),
    ({}, "count"),
    ({"count": 2, "instalment_cents": 100}, "count"),
    ({"count": 0}, "count"),
    ({"count": -3}, "count"),
    ({"count": 2.0}, "count"),
    ({"count": 10_001}, "count"),
    ({"count": MAX_INSTALMENTS + 1, "total_cents": 10**6}, "count"),
    ({"count": MAX_INSTALMENTS, "total_cents": 10**6, "down_payment_cents": 1}, "count"),
    ({"instalment_cents": 0}, "instalment_cents"),
    ({"instalment_cents": -5}, "instalment_cents"),
    ({"instalment_cents": 10}, "instalment_cents"),  # 1000 instalments
    ({"count": 2, "frequency": "daily"}, "frequency"),
    ({"count": 2, "frequency": None}, "frequency"),
    ({"count": 2, "first_due": "2026-03-01"}, "first_due"),
    ({"count": 2, "first_due": datetime(2026, 3, 1, 9, 0)}, "first_due"),
])
def test_bad_plan_input_is_refused_naming_the_field(arguments, field):
    call = {"total_cents": 10_000, "first_due": date(2026, 3, 1), "frequency": Frequency.MONTHLY} | arguments
    with pytest.raises(InvalidInput) as refused:
        build_plan(call.pop("total_cents"), call.pop("first_due"), call.pop("frequency"), **call)
    assert refused.value.field == field
    assert str(refused.value)


def test_the_most_instalments_a_plan_may_hold_is_accepted():
    assert len(build_plan(10**6, date(2026, 3, 1), "weekly", count=MAX_INSTALMENTS)) == MAX_INSTALMENTS


# Settlements


def test_a_settlement_in_instalments_reports_its_discount_in_cents_and_basis_points():
    settlement = settlement_plan(100_000, 60_000, date(2026, 3, 1), Frequency.MONTHLY, 3)
    assert amounts(settlement.instalments) == [20_000, 20_000, 20_000]
    assert (settlement.discount_cents, settlement.discount_bp) == (40_000, Decimal(4000))
    assert settlement.settlement_cents == 60_000


def test_a_settlement_for_one_payment_is_a_lump_sum():
    settlement = settlement_plan(30_000, 20_000, date(2026, 3, 1), "weekly", 1)
    assert settlement.instalments == (Instalment(1, date(2026, 3, 1), 20_000),)


def test_a_settlement_discount_rounds_half_up_to_whole_basis_points():
    assert settlement_plan(3, 2, date(2026, 3, 1), "monthly", 1).discount_bp == Decimal(3333)  # 3333.33...
    assert settlement_plan(20_000, 19_999, date(2026, 3, 1), "monthly", 1).discount_bp == Decimal(1)  # 0.5
    assert settlement_plan(60_000, 59_999, date(2026, 3, 1), "monthly", 1).discount_bp == Decimal(0)  # 0.166...


@pytest.mark.parametrize(("balance", "settlement", "count", "field"), [
    (0, 1, 1, "balance_cents"),
    (100, 0, 1, "settlement_cents"),
    (100, 100, 1, "settlement_cents"),
    (100, 150, 1, "settlement_cents"),
    (100, 50, 0, "count"),
    (100, 50, 51, "count"),
])
def test_bad_settlement_input_is_refused_naming_the_field(balance, settlement, count, field):
    with pytest.raises(InvalidInput) as refused:
        settlement_plan(balance, settlement, date(2026, 3, 1), "monthly", count)
    assert refused.value.field == field


# Summaries


def test_a_summary_gives_the_figures_an_authority_check_needs():
    plan = build_plan(100_000, date(2026, 1, 31), Frequency.MONTHLY, count=12, down_payment_cents=4_000)
    assert plan_summary(plan) == {
        "count": 13, "total_cents": 100_000, "down_payment_cents": 4_000,
        "first_due_on": date(2026, 1, 31), "last_due_on": date(2027, 1, 31),
        "regular_cents": 8_000, "last_cents": 8_000, "smallest_cents": 4_000, "span_months": 13,
    }


def test_a_monthly_plan_of_twelve_payments_spans_twelve_months():
    assert plan_summary(build_plan(1_200, date(2026, 3, 15), "monthly", count=12))["span_months"] == 12


def test_fifty_two_weekly_payments_span_twelve_months():
    assert plan_summary(build_plan(5_200, date(2026, 1, 1), "weekly", count=52))["span_months"] == 12


def test_a_lump_sum_spans_one_month():
    assert plan_summary(build_plan(500, date(2026, 1, 1), "weekly", count=1))["span_months"] == 1


def test_a_span_rounds_a_partial_month_up():
    assert span_months(date(2026, 1, 15), date(2026, 12, 10)) == 11
    assert span_months(date(2026, 1, 15), date(2026, 12, 16)) == 12
    assert span_months(date(2026, 1, 31), date(2026, 2, 28)) == 2


def test_a_summary_of_an_instalment_plan_reports_the_smaller_last_one():
    summary = plan_summary(build_plan(100_000, date(2026, 3, 1), "biweekly", instalment_cents=30_000))
    assert (summary["count"], summary["regular_cents"], summary["last_cents"], summary["smallest_cents"]) == \
        (4, 30_000, 10_000, 10_000)
    assert summary["last_due_on"] == date(2026, 4, 12)


def test_a_summary_of_no_instalments_is_refused():
    with pytest.raises(InvalidInput) as refused:
        plan_summary([])
    assert refused.value.field == "instalments"
