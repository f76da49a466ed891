"""Income and expenses per month, and the arrangements proposed from them: worked examples."""

from datetime import date
from decimal import Decimal

import pytest

from arrears.arrangements.affordability import (
    Assessment,
    Item,
    PlanLimits,
    ProposalKind,
    assess,
    monthly_cents,
    monthly_equivalent_cents,
    propose,
)
from arrears.arrangements.schedule import Frequency, plan_summary
from arrears.core.errors import InvalidInput

MARCH_1 = date(2026, 3, 1)
LIMITS = PlanLimits(longest_months=24, smallest_instalment_cents=2_500, settlement_floor_bp=6_000)


def amounts(proposal):
    return [instalment.amount_cents for instalment in proposal.instalments]


def left_each_month(disposable_cents):
    return Assessment(monthly_income_cents=disposable_cents + 200_000, monthly_expenses_cents=200_000)


# Conversions to a month


@pytest.mark.parametrize(("amount", "per", "expected"), [
    (10_000, "week", 43_333),  # 433.333...
    (10_001, "week", 43_338),  # 433.37666...
    (1, "week", 4),  # 4.333...
    (2, "week", 9),  # 8.666...
    (10_000, "biweek", 21_667),  # 216.666...
    (1, "biweek", 2),  # 2.1666...
    (12_345, "semimonth", 24_690),
    (12_345, "month", 12_345),
    (120_000, "year", 10_000),
    (100_006, "year", 8_334),  # 8333.83...
    (6, "year", 1),  # 0.5 rounds half up
    (5, "year", 0),  # 0.4166...
    (0, "week", 0),
])
def test_an_item_converts_to_a_month_rounding_half_up_to_the_cent(amount, per, expected):
    assert monthly_cents(Item("wages", amount, per)) == expected
    assert monthly_equivalent_cents(amount, per) == expected


def test_three_cents_a_biweek_is_six_and_a_half_cents_a_month_rounded_up_to_seven():
    assert monthly_cents(Item("tips", 3, "biweek")) == 7


def test_an_assessment_sums_the_converted_items_and_may_be_negative():
    assessment = assess(
        income=[Item("wages", 60_000, "week"), Item("child benefit", 120_000, "year")],
        expenses=[Item("rent", 150_000, "month"), Item("food", 20_000, "week"), Item("bus pass", 4_000, "biweek")],
    )
    assert assessment.monthly_income_cents == 260_000 + 10_000
    assert assessment.monthly_expenses_cents == 150_000 + 86_667 + 8_667
    assert assessment.monthly_disposable_cents == 270_000 - 245_334

    broke = assess([Item("benefits", 80_000, "month")], [Item("rent", 90_000, "month")])
    assert broke.monthly_disposable_cents == -10_000


def test_an_empty_statement_leaves_nothing_disposable():
    assert assess([], []).monthly_disposable_cents == 0


@pytest.mark.parametrize(("amount", "per", "field"), [
    (-1, "month", "amount_cents"),
    (12.5, "month", "amount_cents"),
    (100, "day", "per"),
    (100, "monthly", "per"),
])
def test_a_bad_item_is_refused_naming_the_field(amount, per, field):
    with pytest.raises(InvalidInput) as refused:
        Item("wages", amount, per)
    assert refused.value.field == field


@pytest.mark.parametrize(("arguments", "field"), [
    ((0, 2_500, 6_000), "longest_months"),
    ((12, -1, 6_000), "smallest_instalment_cents"),
    ((12, 2_500, 10_001), "settlement_floor_bp"),
    ((12, 2_500, -1), "settlement_floor_bp"),
])
def test_bad_limits_are_refused_naming_the_field(arguments, field):
    with pytest.raises(InvalidInput) as refused:
        PlanLimits(*arguments)
    assert refused.value.field == field


# Proposals


def test_a_debtor_who_can_pay_in_full_is_offered_that_first():
    proposals = propose(20_000, left_each_month(30_000), limits=LIMITS, first_due=MARCH_1)
    assert proposals[0].kind is ProposalKind.PAY_IN_FULL
    assert proposals[0].frequency is None
    assert amounts(proposals[0]) == [20_000]
    assert proposals[0].affordable
    assert "$200.00" in proposals[0].why
    assert all(proposal.kind is not ProposalKind.SETTLEMENT for proposal in proposals)
    assert ProposalKind.PLAN not in {p.kind for p in proposals if p.frequency is Frequency.MONTHLY}


def test_a_monthly_plan_takes_the_fewest_months_that_fit_the_disposable_income():
    proposals = propose(100_000, left_each_month(30_000), limits=LIMITS, first_due=MARCH_1)
    monthly = next(p for p in proposals if p.frequency is Frequency.MONTHLY)
    assert monthly.kind is ProposalKind.PLAN
    assert amounts(monthly) == [25_000] * 4
    assert monthly.monthly_cents == 25_000
    assert monthly.affordable
    assert monthly.why == ("You can pay off $1,000.00 with 4 payments of $250.00 a month from March 1, 2026, "
                           "which fits the $300.00 a month you have left after expenses.")


def test_the_monthly_plan_adds_a_month_when_the_rounding_cent_would_not_fit():
    # 3 x 333.33 with a last of 333.34 is a cent over a budget of 333.33, so it takes 4 months
    proposals = propose(100_000, left_each_month(33_333), limits=LIMITS, first_due=MARCH_1)
    monthly = next(p for p in proposals if p.frequency is Frequency.MONTHLY)
    assert amounts(monthly) == [25_000] * 4


def test_weekly_and_biweekly_plans_fit_the_same_monthly_budget():
    proposals = propose(100_000, left_each_month(30_000), limits=LIMITS, first_due=MARCH_1)
    by_frequency = {proposal.frequency: proposal for proposal in proposals}
    assert list(by_frequency) == [Frequency.MONTHLY, Frequency.WEEKLY, Frequency.BIWEEKLY]
    weekly, biweekly = by_frequency[Frequency.WEEKLY], by_frequency[Frequency.BIWEEKLY]
    # 300.00 a month buys 69.23 a week (x52/12 = 299.99..., 69.24 would be 300.04): 15 weeks
    assert len(weekly.instalments) == 15
    assert amounts(weekly) == [6_666] * 14 + [6_676]
    assert weekly.monthly_cents == 28_929
    assert weekly.instalments[1].due_on == date(2026, 3, 8)
    assert len(biweekly.instalments) == 8
    assert biweekly.monthly_cents <= 30_000
    assert "every two weeks" in biweekly.why
    assert all(proposal.affordable for proposal in proposals)


def test_a_weekly_plan_below_the_smallest_instalment_is_not_proposed():
    limits = PlanLimits(longest_months=24, smallest_instalment_cents=10_000, settlement_floor_bp=6_000)
    proposals = propose(100_000, left_each_month(30_000), limits=limits, first_due=MARCH_1)
    assert [proposal.frequency for proposal in proposals] == [Frequency.MONTHLY, Frequency.BIWEEKLY]
    assert all(instalment.amount_cents >= 10_000 for p in proposals for instalment in p.instalments)


def test_no_plan_within_the_longest_months_leads_to_a_settlement_at_the_floor():
    # 10,000.00 at 300.00 a month would take 34 months; 60% is 6,000.00, payable in 20 months
    proposals = propose(1_000_000, left_each_month(30_000), limits=LIMITS, first_due=MARCH_1)
    [settlement] = proposals
    assert settlement.kind is ProposalKind.SETTLEMENT
    assert settlement.frequency is Frequency.MONTHLY
    assert amounts(settlement) == [30_000] * 20
    assert (settlement.discount_cents, settlement.discount_bp) == (400_000, Decimal(4_000))
    assert settlement.affordable
    assert plan_summary(settlement.instalments)["span_months"] <= LIMITS.longest_months
    assert "40% discount" in settlement.why


def test_a_settlement_the_debtor_can_pay_at_once_is_a_lump_sum():
    limits = PlanLimits(longest_months=1, smallest_instalment_cents=40_000, settlement_floor_bp=7_550)
    [settlement] = propose(100_000, left_each_month(80_000), limits=limits, first_due=MARCH_1)
    assert settlement.kind is ProposalKind.SETTLEMENT
    assert settlement.frequency is None
    assert amounts(settlement) == [75_500]
    assert "24.5% discount" in settlement.why


def test_the_floor_settlement_is_rounded_up_so_it_never_falls_below_the_floor():
    limits = PlanLimits(longest_months=1, smallest_instalment_cents=20_000, settlement_floor_bp=6_000)
    [settlement] = propose(33_334, left_each_month(30_000), limits=limits, first_due=MARCH_1)
    assert amounts(settlement) == [20_001]  # 60% of 333.34 is 200.004


def test_with_nothing_left_after_expenses_no_proposal_is_affordable():
    for disposable in (0, -5_000):
        proposals = propose(300_000, left_each_month(disposable), limits=LIMITS, first_due=MARCH_1)
        assert [(proposal.kind, len(proposal.instalments)) for proposal in proposals] == [
            (ProposalKind.PLAN, 24), (ProposalKind.SETTLEMENT, 24)]
        assert not any(proposal.affordable for proposal in proposals)
        assert all("expenses take all of your income" in proposal.why for proposal in proposals)
        assert amounts(proposals[0]) == [12_500] * 24
        assert amounts(proposals[1]) == [7_500] * 24


def test_when_even_the_longest_plan_is_too_much_the_gentlest_offers_are_marked_unaffordable():
    proposals = propose(2_000_000, left_each_month(23_333), limits=LIMITS, first_due=MARCH_1)
    assert [(p.kind, p.monthly_cents, p.affordable) for p in proposals] == [
        (ProposalKind.PLAN, 83_341, False), (ProposalKind.SETTLEMENT, 50_000, False)]
    assert proposals[0].why == (
        "The lowest arrangement the creditor allows for $20,000.00 is 24 payments of $833.33 a month from "
        "March 1, 2026 (the last $833.41), which is more than the $233.33 a month you have left after expenses.")


def test_the_gentlest_plan_is_shortened_to_keep_the_smallest_instalment():
    proposals = propose(10_000, left_each_month(0), limits=LIMITS, first_due=MARCH_1)
    assert amounts(proposals[0]) == [2_500] * 4
    assert amounts(proposals[1]) == [3_000, 3_000]


def test_a_balance_below_the_smallest_instalment_gets_no_proposal():
    assert propose(2_000, left_each_month(50_000), limits=LIMITS, first_due=MARCH_1) == []


def test_a_floor_of_the_whole_balance_offers_no_settlement():
    limits = PlanLimits(longest_months=12, smallest_instalment_cents=2_500, settlement_floor_bp=10_000)
    proposals = propose(1_000_000, left_each_month(30_000), limits=limits, first_due=MARCH_1)
    assert [(p.kind, p.affordable) for p in proposals] == [(ProposalKind.PLAN, False)]


@pytest.mark.parametrize(("call", "field"), [
    ({"balance_cents": 0}, "balance_cents"),
    ({"balance_cents": 100.0}, "balance_cents"),
    ({"assessment": 30_000}, "assessment"),
    ({"limits": {"longest_months": 12}}, "limits"),
    ({"first_due": "2026-03-01"}, "first_due"),
])
def test_bad_proposal_input_is_refused_naming_the_field(call, field):
    arguments = {"balance_cents": 100_000, "assessment": left_each_month(30_000), "limits": LIMITS,
                 "first_due": MARCH_1} | call
    with pytest.raises(InvalidInput) as refused:
        propose(arguments.pop("balance_cents"), arguments.pop("assessment"), **arguments)
    assert refused.value.field == field
