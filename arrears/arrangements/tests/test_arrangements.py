"""Promises, plans and settlements on an account: agreed within authority or sent for approval, matched to
payments, kept or broken, and a paid settlement closing the account with the rest written off."""

from datetime import timedelta

import pytest
from django.utils import timezone

from arrears.accounts.models import Account
from arrears.arrangements.actions import (cancel_arrangement, create_arrangement, decide_approval,
                                          record_financial_statement)
from arrears.arrangements.models import Arrangement
from arrears.audit.models import AuditEvent
from arrears.core.errors import InvalidInput, NotAllowed
from arrears.ledger.queries import balances
from arrears.payments.actions import evaluate_arrangements, post_payment, reverse_payment
from arrears.payments.models import Adjustment

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(acme_accounts):
    return acme_accounts["A-1001"]  # $1,235.50; Acme: floor 60%, longest plan 24 months, smallest $25, grace 5 days


def pay(account, cents, key, **options):
    return post_payment(account, None, amount_cents=cents, method="check", idempotency_key=key, **options)


def statuses(arrangement):
    return [(i.seq, i.status, i.paid_cents) for i in arrangement.instalments.order_by("seq")]


def test_a_monthly_plan_is_matched_to_payments_oldest_instalment_first_and_kept_when_paid(maria, collector):
    today = timezone.localdate()
    plan = create_arrangement(maria, collector, kind="plan", first_due=today, channel="check", frequency="monthly",
                              count=3)
    assert plan.status == "active" and [i.amount_cents for i in plan.instalments.order_by("seq")] == [41183, 41183,
                                                                                                    41184]
    pay(maria, 50000, "p1")
    assert statuses(plan) == [(1, "paid", 41183), (2, "part_paid", 8817), (3, "due", 0)]

    pay(maria, 73550, "p2")

    plan.refresh_from_db()
    assert plan.status == "kept" and Account.objects.get(pk=maria.pk).status == "paid_in_full"
    assert AuditEvent.objects.filter(action="arrangement.kept", account_id=maria.pk).exists()


def test_an_instalment_unpaid_past_the_grace_days_breaks_the_plan_and_puts_the_account_back_to_work(
        maria, collector, business_hours):
    today = timezone.localdate()
    plan = create_arrangement(maria, collector, kind="plan", first_due=today + timedelta(days=1), channel="check",
                              frequency="weekly", instalment_cents=10000)
    business_hours.shift(timedelta(days=6))  # due yesterday + 5 days: still within grace
    assert evaluate_arrangements() == {"kept": 0, "broken": 0, "running": 1}

    business_hours.shift(timedelta(days=1))
    assert evaluate_arrangements() == {"kept": 0, "broken": 1, "running": 0}

    plan.refresh_from_db()
    assert plan.status == "broken" and "instalment 1 of $100.00" in plan.ended_reason
    assert AuditEvent.objects.get(action="arrangement.broken").account_id == maria.pk


def test_a_settlement_paid_in_full_writes_off_the_rest_and_closes_the_account_as_settled(maria, supervisor):
    settlement = create_arrangement(maria, supervisor, kind="settlement", first_due=timezone.localdate(),
                                    channel="card", settlement_cents=80000)
    assert settlement.discount_bp == 3525 and settlement.status == "active"

    pay(maria, 80000, "s1")

    settlement.refresh_from_db()
    assert settlement.status == "kept"
    assert sum(balances(maria.pk).values()) == 0
    assert Account.objects.get(pk=maria.pk).status == "settled"
    assert sum(a.amount_cents for a in Adjustment.objects.filter(account=maria, kind="write_off")) == -(123550 - 80000)


def test_a_returned_settlement_payment_undoes_the_write_off_and_breaks_the_settlement(maria, supervisor):
    settlement = create_arrangement(maria, supervisor, kind="settlement", first_due=timezone.localdate(),
                                    channel="check", settlement_cents=80000)
    payment = pay(maria, 80000, "s1")

    reverse_payment(payment, None, reason="nsf")

    settlement.refresh_from_db()
    assert settlement.status == "broken" and "returned" in settlement.ended_reason
    assert sum(balances(maria.pk).values()) == 123550
    assert Account.objects.get(pk=maria.pk).status == "active"


def test_an_offer_past_the_collector_s_authority_waits_for_a_supervisor(maria, collector, supervisor, senior):
    offer = create_arrangement(maria, collector, kind="settlement", first_due=timezone.localdate(), channel="check",
                               settlement_cents=90000)  # 27% off: a collector may give 20%
    assert offer.status == "pending_approval" and "past the 20%" in offer.needs_approval_because

    with pytest.raises(NotAllowed):
        decide_approval(offer, senior, approve=True, note="")
    with pytest.raises(InvalidInput, match="why it is denied"):
        decide_approval(offer, supervisor, approve=False, note="")
    approved = decide_approval(offer, supervisor, approve=True, note="long-standing hardship")

    assert approved.status == "active" and approved.decided_by == supervisor
    event = AuditEvent.objects.get(action="arrangement.approved")
    assert event.actor == supervisor and "hardship" in event.summary


def test_the_client_s_policy_binds_everyone_even_a_supervisor(maria, supervisor):
    with pytest.raises(InvalidInput, match="settlement floor"):
        create_arrangement(maria, supervisor, kind="settlement", first_due=timezone.localdate(), channel="check",
                           settlement_cents=50000)  # 60% is Acme's floor
    with pytest.raises(InvalidInput, match="longest plan"):
        create_arrangement(maria, supervisor, kind="plan", first_due=timezone.localdate(), channel="check",
                           frequency="monthly", count=30)
    with pytest.raises(InvalidInput, match="below Acme Bank's smallest"):
        create_arrangement(maria, supervisor, kind="plan", first_due=timezone.localdate(), channel="check",
                           frequency="weekly", instalment_cents=1000)
    assert not Arrangement.objects.exists()


def test_a_plan_the_debtor_cannot_afford_needs_the_collector_s_reason(maria, collector):
    debtor = maria.parties.get().debtor
    statement = record_financial_statement(
        debtor, collector, income=[{"label": "wages", "amount_cents": 100000, "per": "biweek"}],
        expenses=[{"label": "rent", "amount_cents": 150000, "per": "month"},
                  {"label": "food", "amount_cents": 15000, "per": "week"}])
    assert statement.monthly_disposable_cents == 216667 - 150000 - 65000

    with pytest.raises(InvalidInput, match="more than the \\$16.67 the debtor's statement leaves"):
        create_arrangement(maria, collector, kind="plan", first_due=timezone.localdate(), channel="check",
                           frequency="monthly", count=12, financial_statement=statement)
    plan = create_arrangement(maria, collector, kind="plan", first_due=timezone.localdate(), channel="check",
                              frequency="monthly", count=12, financial_statement=statement,
                              override_reason="a second job starts next month")
    assert plan.affordable is False and plan.override_reason == "a second job starts next month"


def test_one_open_arrangement_per_account_and_a_cancelled_one_says_why(maria, collector):
    plan = create_arrangement(maria, collector, kind="promise", first_due=timezone.localdate() + timedelta(days=3),
                              channel="card", amount_cents=20000)
    with pytest.raises(InvalidInput, match="already has an open arrangement"):
        create_arrangement(maria, collector, kind="promise", first_due=timezone.localdate(), channel="card")
    cancel_arrangement(plan, collector, "debtor changed their mind")

    plan.refresh_from_db()
    assert plan.status == "cancelled" and plan.ended_reason == "debtor changed their mind"


def test_a_payment_posted_in_error_is_corrected_without_breaking_the_plan_and_its_instalments_are_unpaid_again(
        maria, collector):
    plan = create_arrangement(maria, collector, kind="plan", first_due=timezone.localdate(), channel="check",
                              frequency="monthly", count=3)
    pay(maria, 20000, "p1")
    wrong = pay(maria, 30000, "p2")
    assert statuses(plan) == [(1, "paid", 41183), (2, "part_paid", 8817), (3, "due", 0)]

    reverse_payment(wrong, collector, reason="correction", note="posted to the wrong account")

    plan.refresh_from_db()
    assert plan.status == "active" and not AuditEvent.objects.filter(action="arrangement.broken").exists()
    assert statuses(plan) == [(1, "part_paid", 20000), (2, "due", 0), (3, "due", 0)]


def test_a_returned_payment_breaks_the_plan_and_its_instalments_no_longer_show_the_money(maria, collector):
    plan = create_arrangement(maria, collector, kind="plan", first_due=timezone.localdate(), channel="check",
                              frequency="monthly", count=3)
    pay(maria, 50000, "p1")
    returned = pay(maria, 20000, "p2")

    reverse_payment(returned, None, reason="nsf")

    plan.refresh_from_db()
    assert plan.status == "broken" and "returned" in plan.ended_reason
    assert statuses(plan) == [(1, "paid", 41183), (2, "part_paid", 8817), (3, "due", 0)]


def test_a_settlement_payment_posted_in_error_reopens_the_settlement_and_undoes_its_write_off(maria, supervisor):
    settlement = create_arrangement(maria, supervisor, kind="settlement", first_due=timezone.localdate(),
                                    channel="check", settlement_cents=80000)
    wrong = pay(maria, 80000, "s1")
    settlement.refresh_from_db()
    assert settlement.status == "kept" and Account.objects.get(pk=maria.pk).status == "settled"

    reverse_payment(wrong, supervisor, reason="correction", note="the check was another debtor's")

    settlement.refresh_from_db()
    assert settlement.status == "active" and not settlement.ended_reason
    assert statuses(settlement) == [(1, "due", 0)]
    assert sum(balances(maria.pk).values()) == 123550 and Account.objects.get(pk=maria.pk).status == "active"
    assert AuditEvent.objects.filter(action="arrangement.reopened", account_id=maria.pk).exists()

    pay(maria, 80000, "s2")  # the debtor's own payment then settles it as agreed
    settlement.refresh_from_db()
    assert settlement.status == "kept" and sum(balances(maria.pk).values()) == 0
