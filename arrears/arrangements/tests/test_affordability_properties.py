"""Properties of conversions and proposals for random statements, balances and creditor limits."""

import math
from datetime import date
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from arrears.arrangements.affordability import (
    MONTHLY_FACTORS,
    Assessment,
    Item,
    PlanLimits,
    ProposalKind,
    assess,
    monthly_cents,
    monthly_equivalent_cents,
    propose,
)
from arrears.arrangements.schedule import Frequency, build_plan, plan_summary

PER_MONTH = {"week": Fraction(52, 12), "biweek": Fraction(26, 12), "semimonth": Fraction(2), "month": Fraction(1),
             "year": Fraction(1, 12)}
PERIOD_OF = {Frequency.MONTHLY: "month", Frequency.WEEKLY: "week", Frequency.BIWEEKLY: "biweek", None: "month"}

items = st.builds(Item, label=st.sampled_from(["wages", "rent", "food"]), amount_cents=st.integers(0, 10**8),
                  per=st.sampled_from(list(MONTHLY_FACTORS)))
limits = st.builds(PlanLimits, longest_months=st.integers(1, 60), smallest_instalment_cents=st.integers(0, 50_000),
                   settlement_floor_bp=st.integers(0, 10_000))
first_dues = st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31))


def half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


@given(items)
def test_an_item_per_month_is_the_exact_conversion_rounded_half_up(item):
    assert monthly_cents(item) == half_up(item.amount_cents * PER_MONTH[item.per])


@given(st.lists(items, max_size=6), st.lists(items, max_size=6))
def test_disposable_income_is_income_less_expenses_item_by_item(income, expenses):
    assessment = assess(income, expenses)
    assert assessment.monthly_income_cents == sum(map(monthly_cents, income))
    assert assessment.monthly_expenses_cents == sum(map(monthly_cents, expenses))
    assert assessment.monthly_disposable_cents == assessment.monthly_income_cents - assessment.monthly_expenses_cents


@given(balance=st.integers(1, 10**7), disposable=st.integers(-50_000, 500_000), limits=limits, first_due=first_dues)
def test_proposals_respect_the_creditors_limits_and_say_truly_whether_they_are_affordable(
        balance, disposable, limits, first_due):
    proposals = propose(balance, Assessment(disposable + 100_000, 100_000), limits=limits, first_due=first_due)
    floor = Fraction(balance * limits.settlement_floor_bp, 10_000)
    for proposal in proposals:
        amounts = [instalment.amount_cents for instalment in proposal.instalments]
        summary = plan_summary(proposal.instalments)
        assert all(amount >= max(1, limits.smallest_instalment_cents) for amount in amounts)
        assert summary["span_months"] <= limits.longest_months
        assert proposal.instalments[0].due_on == first_due
        assert not any(instalment.is_down_payment for instalment in proposal.instalments)
        assert proposal.monthly_cents == monthly_equivalent_cents(max(amounts), PERIOD_OF[proposal.frequency])
        assert proposal.affordable == (proposal.monthly_cents <= disposable)
        assert proposal.why.endswith(".") and proposal.why.count(". ") == 0
        if proposal.kind is ProposalKind.SETTLEMENT:
            assert floor <= sum(amounts) < balance
            assert proposal.discount_cents == balance - sum(amounts)
        else:
            assert sum(amounts) == balance
        if proposal.kind is ProposalKind.PAY_IN_FULL or proposal.frequency is None:
            assert len(amounts) == 1
    if disposable <= 0:
        assert not any(proposal.affordable for proposal in proposals)
    kinds = [proposal.kind for proposal in proposals]
    if ProposalKind.SETTLEMENT in kinds and any(proposal.affordable for proposal in proposals):
        assert kinds == [ProposalKind.SETTLEMENT]
    if any(not proposal.affordable for proposal in proposals):
        assert not any(proposal.affordable for proposal in proposals)


@given(balance=st.integers(1, 10**7), disposable=st.integers(1, 500_000), limits=limits, first_due=first_dues)
def test_a_proposed_plan_is_the_fewest_payments_that_fit_at_its_frequency(balance, disposable, limits, first_due):
    proposals = propose(balance, Assessment(disposable, 0), limits=limits, first_due=first_due)
    for proposal in proposals:
        count = len(proposal.instalments)
        if not proposal.affordable or count == 1:
            continue
        total = sum(instalment.amount_cents for instalment in proposal.instalments)
        shorter = build_plan(total, first_due, proposal.frequency, count=count - 1)
        period = PERIOD_OF[proposal.frequency]
        assert (monthly_equivalent_cents(shorter[-1].amount_cents, period) > disposable
                or shorter[0].amount_cents < limits.smallest_instalment_cents)


@given(balance=st.integers(1, 10**7), disposable=st.integers(1, 10**7), limits=limits, first_due=first_dues)
def test_pay_in_full_is_offered_exactly_when_the_debtor_can_pay_the_balance_at_once(
        balance, disposable, limits, first_due):
    proposals = propose(balance, Assessment(disposable, 0), limits=limits, first_due=first_due)
    offered = [proposal for proposal in proposals if proposal.kind is ProposalKind.PAY_IN_FULL and proposal.affordable]
    assert bool(offered) == (disposable >= balance and balance >= limits.smallest_instalment_cents)
