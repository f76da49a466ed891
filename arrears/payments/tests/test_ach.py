"""ACH: the debit file for instalments on bank accounts, and the bank's returns and notifications of change."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from arrears.arrangements.actions import create_arrangement
from arrears.audit.models import AuditEvent
from arrears.core import crypto
from arrears.core.errors import InvalidInput
from arrears.ledger.queries import balances
from arrears import nacha
from arrears.payments.actions.ach import import_ach_returns, originate_ach
from arrears.payments.actions.methods import add_bank_account
from arrears.payments.models import AchEntry, Payment
from arrears.nacha.bank import bank_response

pytestmark = pytest.mark.django_db
SAID = "Debtor authorised monthly debits of this checking account on the recorded call of today."


@pytest.fixture
def maria(acme_accounts):
    return acme_accounts["A-1001"]


def morning(day):
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def banking_day_after(day, n=1):
    return nacha.add_banking_days(day, n)


@pytest.fixture
def plan(maria, collector):
    """Maria agreed $1,235.50 in 3 monthly debits of her checking account, the first due today."""
    bank = add_bank_account(maria.parties.get().debtor, collector, holder_name="María López",
                            routing_number="091400606", account_number="5550001234", account_type="checking",
                            sec_code="TEL", authorization=SAID)
    return create_arrangement(maria, collector, kind="plan", first_due=timezone.localdate(), channel="ach",
                              frequency="monthly", count=3, payment_method=bank)


def test_a_new_account_is_prenoted_first_and_debited_three_banking_days_after(plan, maria, business_hours, settings,
                                                                              django_capture_on_commit_callbacks):
    today = timezone.localdate()
    business_hours.move_to(morning(today))

    with django_capture_on_commit_callbacks(execute=True):
        prenote_file = originate_ach(None)

    assert prenote_file.entry_count == 1 and prenote_file.debit_total_cents == 0
    assert not Payment.objects.exists()  # a prenote moves no money
    assert nacha.validate_file(prenote_file.content, strict=True) == []
    assert (settings.ACH_OUTBOX / prenote_file.name).read_text() == prenote_file.content
    assert originate_ach(None) is None  # nothing new to send

    prenoted_on = plan.payment_method.__class__.objects.get(pk=plan.payment_method_id).prenoted_on
    business_hours.move_to(morning(banking_day_after(prenoted_on, 3)))
    debit_file = originate_ach(None)

    [entry] = debit_file.entries.all()
    assert (entry.prenote, entry.amount_cents, entry.sec_code) == (False, 41183, "TEL")
    parsed = nacha.parse_file(debit_file.content)
    detail = parsed.batches[0].entries[0].detail
    assert (detail.transaction_code, detail.individual_name.strip(), detail.individual_id.strip()) == (
        27, "MARIA LOPEZ", "A-1001")
    payment = entry.payment
    assert (payment.method, payment.idempotency_key, payment.arrangement_id) == ("ach", f"ach:{entry.trace_number}",
                                                                                 plan.pk)
    assert sum(balances(maria.pk).values()) == 123550 - 41183
    assert [i.status for i in plan.instalments.order_by("seq")] == ["paid", "due", "due"]
    assert originate_ach(None) is None  # the instalment is debited once


def test_a_return_reverses_the_payment_charges_the_fee_breaks_the_plan_and_stops_the_debits(
        plan, maria, client_acme, business_hours, settings):
    settings.ACH_PRENOTES = False
    client_acme.fees_allowed, client_acme.returned_payment_fee_cents = True, 2500
    client_acme.save()
    business_hours.move_to(morning(timezone.localdate()))
    sent = originate_ach(None)
    [entry] = sent.entries.all()

    answer = bank_response(sent.content, returns={entry.trace_number: "R01"},
                           created_at=timezone.localtime().replace(tzinfo=None) + timedelta(days=2))
    result = import_ach_returns("returns-1.ach", answer.encode(), None)

    payment = Payment.objects.get(pk=entry.payment_id)
    assert payment.status == "reversed" and payment.reversal.code == "R01"
    assert sum(balances(maria.pk).values()) == 123550 + 2500  # restored, with Acme's returned-payment fee
    plan.refresh_from_db()
    assert plan.status == "broken" and f"payment #{payment.pk} was returned" in plan.ended_reason
    assert plan.payment_method.active  # R01 (insufficient funds) may be presented again
    assert result.imported.report[0]["code"] == "R01"
    assert import_ach_returns("returns-1-again.ach", answer.encode(), None).already_imported
    assert Payment.objects.get(pk=payment.pk).status == "reversed"


def test_a_second_return_of_one_debit_with_another_reason_is_a_conflict_on_the_payments_desk(
        plan, business_hours, settings, supervisor, client):
    settings.ACH_PRENOTES = False
    business_hours.move_to(morning(timezone.localdate()))
    sent = originate_ach(None)
    [entry] = sent.entries.all()
    later = timezone.localtime().replace(tzinfo=None) + timedelta(days=2)
    import_ach_returns("returns-r01.ach", bank_response(sent.content, returns={entry.trace_number: "R01"},
                                                        created_at=later).encode(), None)

    result = import_ach_returns("returns-r10.ach", bank_response(
        sent.content, returns={entry.trace_number: "R10"}, created_at=later + timedelta(hours=1)).encode(), None)

    [row] = result.imported.report
    assert row["conflict"] and "already returned R01" in row["what"] and "R10" in row["what"]
    assert AchEntry.objects.get(pk=entry.pk).return_code == "R01"  # nothing applied from the second file
    assert plan.payment_method.__class__.objects.get(pk=plan.payment_method_id).active  # R10's stop not applied
    client.force_login(supervisor)
    assert "conflict: the bank returned this debit as R01 before" in client.get("/payments/").content.decode()


def test_an_unauthorised_return_stops_debits_from_the_account(plan, business_hours, settings):
    settings.ACH_PRENOTES = False
    business_hours.move_to(morning(timezone.localdate()))
    sent = originate_ach(None)
    [entry] = sent.entries.all()

    answer = bank_response(sent.content, returns={entry.trace_number: "R10"},
                           created_at=timezone.localtime().replace(tzinfo=None) + timedelta(days=2))
    import_ach_returns("returns-2.ach", answer.encode(), None)

    method = plan.payment_method.__class__.objects.get(pk=plan.payment_method_id)
    assert not method.active and method.ended_reason.startswith("ACH return R10")


def test_a_notification_of_change_corrects_the_bank_details_for_the_next_debit(plan, business_hours, settings):
    settings.ACH_PRENOTES = False
    business_hours.move_to(morning(timezone.localdate()))
    sent = originate_ach(None)
    [entry] = sent.entries.all()

    answer = bank_response(sent.content, changes={entry.trace_number: ("C03", "091000019   7770001")},
                           created_at=timezone.localtime().replace(tzinfo=None) + timedelta(days=2))
    import_ach_returns("noc.ach", answer.encode(), None)

    method = plan.payment_method.__class__.objects.get(pk=plan.payment_method_id)
    assert (method.routing_number, crypto.decrypt(method.account_number_encrypted), method.label) == (
        "091000019", "7770001", "Checking ····0001")
    assert AchEntry.objects.get(pk=entry.pk).change_code == "C03"
    event = AuditEvent.objects.get(action="payment_method.corrected")
    assert "routing number, account number corrected by the bank (C03)" in event.summary
    assert Payment.objects.get(pk=entry.payment_id).status == "posted"  # a NOC moves no money


def test_a_returns_file_that_does_not_read_or_names_an_entry_we_never_sent_changes_nothing(plan, business_hours,
                                                                                            settings):
    settings.ACH_PRENOTES = False
    business_hours.move_to(morning(timezone.localdate()))
    sent = originate_ach(None)
    [entry] = sent.entries.all()
    answer = bank_response(sent.content, returns={entry.trace_number: "R01"},
                           created_at=timezone.localtime().replace(tzinfo=None) + timedelta(days=2))

    with pytest.raises(InvalidInput, match="bad.ach, .*the file has no file header.*nothing was applied"):
        import_ach_returns("bad.ach", ("X" + answer[1:]).encode(), None)
    foreign = answer.replace(entry.trace_number, entry.trace_number[:-1] + "9")
    with pytest.raises(InvalidInput, match="is not an entry arrears sent"):
        import_ach_returns("foreign.ach", foreign.encode(), None)
    assert Payment.objects.get(pk=entry.payment_id).status == "posted"
