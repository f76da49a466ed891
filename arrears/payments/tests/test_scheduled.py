"""Scheduled payments on file: a card is charged on each due date by the job, once, and a decline breaks the
plan; the periodic jobs run once per period however often the scheduler looks."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from arrears.arrangements.actions import create_arrangement
from arrears.core.models import JobRun
from arrears.core.scheduler import job_named, run, run_due
from arrears.ledger.queries import balances
from arrears.payments.actions.methods import add_bank_account, add_card
from arrears.payments.actions.scheduled import charge_due_cards
from arrears.payments.models import Payment

pytestmark = pytest.mark.django_db
SAID = "Debtor agreed on a recorded call to monthly charges of this card on the plan's due dates."


@pytest.fixture
def maria(acme_accounts):
    return acme_accounts["A-1001"]


def card_plan(account, actor, number="4242424242424242", count=3):
    debtor = account.parties.get().debtor
    card = add_card(debtor, actor, number=number, exp_month=12, exp_year=2030, cvc="123",
                    holder_name="Maria Lopez", authorization=SAID)
    return create_arrangement(account, actor, kind="plan", first_due=timezone.localdate(), channel="card",
                              frequency="monthly", count=count, payment_method=card)


def test_the_card_on_file_is_charged_on_each_due_date_once(maria, collector, business_hours):
    plan = card_plan(maria, collector)
    assert plan.payment_method.label == "Visa ····4242" and "4242424242424242" not in plan.payment_method.processor_token

    assert charge_due_cards(timezone.localdate()) == {"charged": 1, "declined": 0, "cents": 41183}
    assert charge_due_cards(timezone.localdate()) == {"charged": 0, "declined": 0, "cents": 0}
    payment = Payment.objects.get()
    assert (payment.method, payment.arrangement_id, payment.instrument) == ("card", plan.pk, "Visa ····4242")
    assert sum(balances(maria.pk).values()) == 123550 - 41183

    business_hours.shift(timedelta(days=31))
    assert charge_due_cards(timezone.localdate())["charged"] == 1
    assert [i.status for i in plan.instalments.order_by("seq")] == ["paid", "paid", "due"]


def test_a_declined_scheduled_charge_posts_nothing_and_breaks_the_plan(maria, collector):
    plan = card_plan(maria, collector, number="4000000000009995")

    assert charge_due_cards(timezone.localdate()) == {"charged": 0, "declined": 1, "cents": 0}

    plan.refresh_from_db()
    assert plan.status == "broken" and "declined: insufficient funds" in plan.ended_reason
    declined = Payment.objects.get()
    assert declined.status == "declined" and sum(balances(maria.pk).values()) == 123550


def test_a_periodic_job_runs_once_per_day_and_its_failure_is_recorded(maria, collector, business_hours, settings):
    card_plan(maria, collector)
    day = timezone.localdate() + timedelta(days=1)
    day += timedelta(days=1) if day.day == 1 else timedelta(0)  # not the 1st: interest runs monthly
    six_am = timezone.make_aware(datetime.combine(day, time(6, 30)))
    business_hours.move_to(six_am)

    first = [r.job for r in run_due(six_am)]
    # The ACH file is written at 15:00; the sweep of stopped placement imports runs every 5 minutes.
    assert first == ["placements.sweep", "ledger.seal", "arrangements.evaluate", "payments.cards"]
    assert run_due(six_am + timedelta(minutes=2)) == []
    assert [r.job for r in run_due(six_am + timedelta(minutes=5))] == ["placements.sweep"]
    cards = JobRun.objects.get(job="payments.cards")
    assert cards.ok and cards.result == {"charged": 1, "declined": 0, "cents": 41183}

    add_bank_account(maria.parties.get().debtor, collector, holder_name="Maria Lopez", routing_number="011000015",
                     account_number="123456789", account_type="checking", sec_code="PPD", authorization=SAID)
    settings.ACH_ODFI_ROUTING = "011000016"  # a typo in the bank's routing number: the file cannot be written
    failing = run(job_named("payments.ach"), day)
    assert failing.ok is False and "011000016 fails the ABA check digit" in failing.error
    assert not JobRun.objects.filter(job="payments.ach", ok=True).exists()
