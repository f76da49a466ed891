"""Logging contact attempts and notes on an account."""

from datetime import timedelta

import pytest
from django.utils import timezone

from arrears.accounts.actions import change_status
from arrears.accounts.models import Account, Status, StatusChange
from arrears.audit.models import AuditEvent
from arrears.compliance.actions import log_contact, record_restriction
from arrears.contacts.actions import add_note
from arrears.contacts.models import RESULTS_BY_CHANNEL, Channel, ContactAttempt, Note, Result
from arrears.core.errors import InvalidInput
from arrears.debtors.models import Address, Email, Phone


@pytest.fixture
def maria(acme_accounts):
    return acme_accounts["A-1001"]


@pytest.fixture
def john(acme_accounts):
    return acme_accounts["A-1002"]


def phone_of(account: Account) -> Phone:
    return Phone.objects.get(debtor__parties__account=account)


def written(account: Account) -> tuple[int, int, int]:
    return (ContactAttempt.objects.filter(account=account).count(),
            AuditEvent.objects.filter(account_id=account.pk).count(),
            StatusChange.objects.filter(account=account).count())


def test_a_call_is_logged_with_its_phone_outcome_and_note_and_audited(maria, collector):
    phone = phone_of(maria)

    attempt = log_contact(maria, collector, channel=Channel.CALL_OUTBOUND, result=Result.RIGHT_PARTY, phone=phone,
                          note="  promised to call back Friday ", duration_seconds=240)

    attempt.refresh_from_db()
    assert (attempt.channel, attempt.result, attempt.phone, attempt.debtor_id) == (
        "call_outbound", "right_party", phone, phone.debtor_id)
    assert (attempt.note, attempt.duration_seconds, attempt.by) == ("promised to call back Friday", 240, collector)
    event = AuditEvent.objects.get(action="contact.logged")
    assert (event.actor, event.account_id, event.object_id) == (collector, maria.pk, str(attempt.pk))
    assert event.after == {"channel": "call_outbound", "result": "right_party", "phone": phone.e164}
    assert "(602) 555-0134" in event.summary


@pytest.mark.parametrize("channel", [Channel.CALL_OUTBOUND, Channel.CALL_INBOUND, Channel.TEXT])
def test_a_call_or_text_needs_the_phone_number(maria, collector, channel):
    before = written(maria)

    with pytest.raises(InvalidInput, match="choose the phone number") as refused:
        log_contact(maria, collector, channel=channel, result=RESULTS_BY_CHANNEL[channel][0])

    assert refused.value.field == "phone"
    assert written(maria) == before


def test_a_call_needs_a_phone_of_a_debtor_on_the_account(maria, john, collector):
    johns_phone = phone_of(john)
    before = written(maria)

    with pytest.raises(InvalidInput, match="that phone does not belong to a debtor on this account"):
        log_contact(maria, collector, channel=Channel.CALL_OUTBOUND, result=Result.NO_ANSWER, phone=johns_phone)

    assert written(maria) == before
    assert Account.objects.get(pk=maria.pk).status == Status.NEW


def test_an_email_or_letter_needs_an_address_of_a_debtor_on_the_account(maria, john, collector):
    with pytest.raises(InvalidInput, match="that email does not belong"):
        log_contact(maria, collector, channel=Channel.EMAIL, result=Result.SENT,
                    email=Email.objects.get(debtor__parties__account=john))
    with pytest.raises(InvalidInput, match="that address does not belong"):
        log_contact(maria, collector, channel=Channel.LETTER, result=Result.SENT,
                    address=Address.objects.get(debtor__parties__account=john))

    assert not ContactAttempt.objects.exists()


def test_a_call_to_a_co_obligor_phone_is_a_call_on_the_account(client_acme, place, collector):
    header = ("account_number,first_name,last_name,phone,principal,itemization_date,itemization_basis,"
              "co_first_name,co_last_name,co_phone")
    batch = place(client_acme, "J-1,Ann,Lee,(602) 555-0101,100,2025-06-30,charge_off,Bo,Lee,(602) 555-0102",
                  header=header)
    account = batch.accounts.get()
    co_phone = Phone.objects.get(e164="+16025550102")

    attempt = log_contact(account, collector, channel=Channel.CALL_OUTBOUND, result=Result.THIRD_PARTY, phone=co_phone)

    assert attempt.debtor_id == co_phone.debtor_id


@pytest.mark.parametrize(("channel", "result"), [
    (Channel.LETTER, Result.RIGHT_PARTY),
    (Channel.CALL_OUTBOUND, Result.DELIVERED),
    (Channel.CALL_INBOUND, Result.NO_ANSWER),
    (Channel.VISIT, Result.SENT),
    (Channel.EMAIL, Result.LIMITED_CONTENT),
    (Channel.TEXT, "smoke_signal"),
])
def test_an_outcome_that_does_not_fit_the_channel_is_refused(maria, collector, channel, result):
    before = written(maria)

    with pytest.raises(InvalidInput, match="is not an outcome of a") as refused:
        log_contact(maria, collector, channel=channel, result=result, phone=phone_of(maria))

    assert refused.value.field == "result"
    for allowed in RESULTS_BY_CHANNEL[channel]:
        assert Result(allowed).label in str(refused.value)
    assert written(maria) == before


def test_an_unknown_channel_is_refused(maria, collector):
    with pytest.raises(InvalidInput, match="'pigeon' is not a channel"):
        log_contact(maria, collector, channel="pigeon", result=Result.SENT)


def test_a_contact_cannot_be_logged_in_the_future(maria, collector):
    with pytest.raises(InvalidInput, match="in the future"):
        log_contact(maria, collector, channel=Channel.CALL_OUTBOUND, result=Result.BUSY, phone=phone_of(maria),
                    occurred_at=timezone.now() + timedelta(hours=1))

    assert written(maria) == (0, 0, 0)


def test_a_contact_can_be_logged_after_the_fact(maria, collector):
    yesterday = timezone.now() - timedelta(days=1)

    attempt = log_contact(maria, collector, channel=Channel.VISIT, result=Result.VISIT_NO_CONTACT, occurred_at=yesterday)

    assert ContactAttempt.objects.get(pk=attempt.pk).occurred_at == yesterday


@pytest.mark.parametrize(("channel", "result", "phone_status"), [
    (Channel.CALL_OUTBOUND, Result.WRONG_NUMBER, "wrong_number"),
    (Channel.CALL_OUTBOUND, Result.NOT_IN_SERVICE, "disconnected"),
    (Channel.CALL_INBOUND, Result.WRONG_NUMBER, "wrong_number"),
])
def test_wrong_number_and_not_in_service_mark_the_phone(maria, collector, channel, result, phone_status):
    phone = phone_of(maria)

    log_contact(maria, collector, channel=channel, result=result, phone=phone)

    assert Phone.objects.get(pk=phone.pk).status == phone_status
    event = AuditEvent.objects.get(action="debtor.phone_status")
    assert (event.before, event.after, event.actor, event.debtor_id) == (
        {"status": "valid"}, {"status": phone_status}, collector, phone.debtor_id)


@pytest.mark.parametrize("result", [Result.NO_ANSWER, Result.RIGHT_PARTY, Result.BUSY, Result.LIMITED_CONTENT])
def test_other_call_outcomes_leave_the_phone_as_it_was(maria, collector, result):
    phone = phone_of(maria)

    log_contact(maria, collector, channel=Channel.CALL_OUTBOUND, result=result, phone=phone)

    assert Phone.objects.get(pk=phone.pk).status == "valid"
    assert not AuditEvent.objects.filter(action="debtor.phone_status").exists()


@pytest.mark.parametrize(("channel", "result"), [
    (Channel.CALL_OUTBOUND, Result.NO_ANSWER),
    (Channel.LETTER, Result.SENT),
    (Channel.EMAIL, Result.SENT),
    (Channel.VISIT, Result.VISIT_CONTACT),
])
def test_the_first_attempt_puts_a_new_account_to_work_and_is_audited(maria, collector, channel, result):
    points = {Channel.CALL_OUTBOUND: {"phone": phone_of(maria)},
              Channel.LETTER: {"address": Address.objects.get(debtor__parties__account=maria)},
              Channel.EMAIL: {"email": Email.objects.get(debtor__parties__account=maria)}}.get(channel, {})
    if channel == Channel.EMAIL:  # emails go only where the debtor told the collector it may email
        record_restriction(points["email"].debtor, collector, kind="email_consent", email=points["email"],
                           received_at=timezone.now(), received_via="phone", evidence="said to email her")

    log_contact(maria, collector, channel=channel, result=result, **points)

    assert maria.status == Status.ACTIVE
    assert Account.objects.get(pk=maria.pk).status == Status.ACTIVE
    change = StatusChange.objects.get(account=maria)
    assert (change.from_status, change.to_status, change.by) == ("new", "active", collector)
    event = AuditEvent.objects.get(action="account.status_changed", account_id=maria.pk)
    assert (event.actor, event.before, event.after["status"]) == (collector, {"status": "new"}, "active")


def test_later_attempts_leave_the_status_alone(maria, collector, senior):
    phone = phone_of(maria)
    log_contact(maria, collector, channel=Channel.CALL_OUTBOUND, result=Result.NO_ANSWER, phone=phone)
    change_status(maria, Status.DISPUTED, "debtor disputes the amount", senior)

    log_contact(maria, collector, channel=Channel.CALL_OUTBOUND, result=Result.RIGHT_PARTY, phone=phone)

    assert Account.objects.get(pk=maria.pk).status == Status.DISPUTED
    assert StatusChange.objects.filter(account=maria).count() == 2


def test_two_collectors_logging_the_first_calls_on_a_new_account_both_succeed(maria, collector, senior):
    # Both opened the account while it was new; the first call puts it to work, the second is simply logged.
    phone = phone_of(maria)
    seen_by_second = Account.objects.get(pk=maria.pk)
    log_contact(maria, collector, channel=Channel.CALL_OUTBOUND, result=Result.NO_ANSWER, phone=phone)

    log_contact(seen_by_second, senior, channel=Channel.CALL_OUTBOUND, result=Result.NO_ANSWER, phone=phone)

    assert ContactAttempt.objects.filter(account=maria).count() == 2
    assert list(StatusChange.objects.filter(account=maria).values_list("to_status", flat=True)) == ["active"]
    assert seen_by_second.status == Status.ACTIVE


def test_a_refused_attempt_does_not_put_the_account_to_work(maria, collector):
    with pytest.raises(InvalidInput):
        log_contact(maria, collector, channel=Channel.CALL_OUTBOUND, result=Result.SENT, phone=phone_of(maria))

    assert Account.objects.get(pk=maria.pk).status == Status.NEW
    assert not StatusChange.objects.exists()


def test_a_note_is_kept_on_the_account_and_audited(maria, collector):
    note = add_note(maria, "  Debtor lost her job in May; call after the 15th.\n", collector)

    assert Note.objects.get(pk=note.pk).text == "Debtor lost her job in May; call after the 15th."
    assert (note.by, note.account) == (collector, maria)
    event = AuditEvent.objects.get(action="note.added")
    assert (event.actor, event.account_id) == (collector, maria.pk)
    assert "lost her job" in event.summary


@pytest.mark.parametrize("text", ["", "  \n "])
def test_an_empty_note_is_refused(maria, collector, text):
    with pytest.raises(InvalidInput, match="the note is empty") as refused:
        add_note(maria, text, collector)

    assert refused.value.field == "text"
    assert not Note.objects.exists()


def test_an_outbound_call_to_a_number_no_longer_in_use_is_refused(acme_accounts, collector):
    from arrears.debtors.actions import end_contact_point

    account = acme_accounts["A-1001"]
    phone = account.parties.get().debtor.phone_set.get()
    end_contact_point(phone, "number changed", collector)
    with pytest.raises(InvalidInput, match="no longer in use"):
        log_contact(account, collector, channel="call_outbound", result="no_answer", phone=phone)
