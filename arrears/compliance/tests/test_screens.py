"""The compliance engine as collectors and supervisors meet it on the account screen."""

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from arrears.audit.models import AuditEvent
from arrears.compliance.actions import log_contact, record_restriction
from arrears.compliance.models import DecisionRecord, Restriction
from arrears.contacts import outbox
from arrears.contacts.models import ContactAttempt
from conftest import NEW_YORK

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def maria(acme_accounts):
    """Maria Lopez in Phoenix (America/Phoenix, no daylight saving), with one mobile."""
    return acme_accounts["A-1001"]


def phone_of(account):
    return account.parties.get().debtor.phone_set.get()


def screen(client, account) -> str:
    return client.get(f"/accounts/{account.pk}/").content.decode()


def test_each_number_says_whether_it_may_be_called_now(client, collector, maria):
    client.force_login(collector)

    assert "Callable now" in screen(client, maria)
    with time_machine.travel(datetime.now(NEW_YORK).replace(hour=23, minute=30), tick=False):
        client.force_login(collector)
        page = screen(client, maria)
    # 23:30 in New York is 21:30 in Phoenix: after 9 p.m. there, so the next morning at 08:01 local
    assert "Next allowed" in page and "8:01 AM MST" in page
    assert "12 CFR 1006.6(b)(1)(i)" in page


def test_a_stop_calling_request_is_recorded_with_its_evidence_and_the_number_becomes_not_callable(client, collector, maria):
    debtor = maria.parties.get().debtor
    client.force_login(collector)

    response = client.post(f"/accounts/{maria.pk}/restrictions", {
        "kind": "medium_opt_out", "debtor": debtor.pk, "scope": "all", "medium": "call",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "received_via": "phone",
        "evidence": "On the 1:05 pm call she said: stop calling me, write instead."}, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200 and "Recorded." in html
    row = Restriction.objects.get()
    assert (row.kind, row.details, row.received_via, row.recorded_by) == (
        "medium_opt_out", {"medium": "call"}, "phone", collector)
    assert "stop calling me" in AuditEvent.objects.get(action="compliance.restriction_recorded").summary
    assert "Not callable" in html and "12 CFR 1006.14(h)(1)" in html
    assert "On the 1:05 pm call she said" in html  # the compliance panel lists it with its evidence


def test_a_restriction_without_evidence_or_with_bad_details_is_refused_and_nothing_is_written(client, collector, maria):
    debtor = maria.parties.get().debtor
    client.force_login(collector)
    base = {"debtor": debtor.pk, "scope": "account", "received_via": "phone",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}

    no_evidence = client.post(f"/accounts/{maria.pk}/restrictions", {**base, "kind": "written_dispute", "evidence": ""},
                              headers=HTMX).content.decode()
    bad_hours = client.post(f"/accounts/{maria.pk}/restrictions", {
        **base, "kind": "inconvenient_time", "days": ["mon"], "time_from": "17:00", "time_to": "15:00",
        "evidence": "said evenings are bad"}, headers=HTMX).content.decode()

    assert "This field is required" in no_evidence
    assert "must end after it starts" in bad_hours
    assert not Restriction.objects.exists()


def test_a_blocked_call_is_refused_with_its_reasons_and_kept_as_evidence(client, collector, maria):
    debtor = maria.parties.get().debtor
    record_restriction(debtor, collector, kind="written_cease_request", received_at=timezone.now() - timedelta(days=1),
                       received_via="mail", evidence="letter dated last week, scanned to the file")
    client.force_login(collector)

    html = client.post(f"/accounts/{maria.pk}/calls", {"phone": phone_of(maria).pk, "result": "no_answer"},
                       headers=HTMX).content.decode()

    assert "Refused by the compliance engine" in html and "12 CFR 1006.6(c)(1)" in html
    assert not ContactAttempt.objects.exists()
    decision = DecisionRecord.objects.get()
    assert (decision.action, decision.allowed, decision.contact_attempt, decision.decided_for) == (
        "call", False, None, collector)
    assert AuditEvent.objects.filter(action="compliance.blocked", account_id=maria.pk).exists()


def seven_calls(account, collector):
    """Seven unanswered calls over the last six days (the most Reg F presumes compliant)."""
    phone = phone_of(account)
    now = timezone.now()
    for days_ago in (6, 5, 4, 3, 2, 1, 0):
        log_contact(account, collector, channel="call_outbound", result="no_answer", phone=phone,
                    occurred_at=now - timedelta(days=days_ago, minutes=30))


def test_an_eighth_call_in_seven_days_needs_a_supervisor_s_recorded_rebuttal(client, collector, supervisor, maria):
    seven_calls(maria, collector)
    call = {"phone": phone_of(maria).pk, "result": "right_party"}

    client.force_login(collector)
    refused = client.post(f"/accounts/{maria.pk}/calls", call, headers=HTMX).content.decode()
    assert "12 CFR 1006.14(b)(2)(i)(A)" in refused and "A supervisor may override this" in refused
    assert "override_factor" not in refused
    sneaky = client.post(f"/accounts/{maria.pk}/calls", {**call, "override_factor": "consumer_request",
                                                        "override_reason": "she asked for a call back"},
                         headers=HTMX).content.decode()
    assert "overriding a blocked contact takes a supervisor" in sneaky
    assert ContactAttempt.objects.count() == 7

    client.force_login(supervisor)
    offered = client.post(f"/accounts/{maria.pk}/calls", call, headers=HTMX).content.decode()
    assert "Override and log call" in offered
    done = client.post(f"/accounts/{maria.pk}/calls", {**call, "override_factor": "consumer_request",
                                                      "override_reason": "She asked us to call back with the payoff today."},
                       headers=HTMX).content.decode()

    assert "Call logged." in done
    attempt = ContactAttempt.objects.latest("pk")
    record = DecisionRecord.objects.get(contact_attempt=attempt)
    assert (record.allowed, record.overridden, record.override_factor, record.decided_for) == (
        False, True, "consumer_request", supervisor)
    event = AuditEvent.objects.get(action="compliance.overridden")
    assert event.actor == supervisor and "payoff" in event.summary


def test_no_override_lifts_a_block_the_law_does_not_let_anyone_rebut(client, supervisor, maria):
    debtor = maria.parties.get().debtor
    record_restriction(debtor, supervisor, kind="bankruptcy", details={"chapter": 7, "filed": "2026-01-05"},
                       received_at=timezone.now() - timedelta(days=2), received_via="scrub", evidence="scrub match")
    client.force_login(supervisor)

    html = client.post(f"/accounts/{maria.pk}/calls", {
        "phone": phone_of(maria).pk, "result": "no_answer", "override_factor": "time_sensitive",
        "override_reason": "we really want to talk to her"}, headers=HTMX).content.decode()

    assert "this block cannot be overridden" in html and "11 U.S.C. 362(a)(6)" in html
    assert not ContactAttempt.objects.exists()


def test_a_text_goes_out_only_where_the_debtor_consented_with_the_disclosure_and_an_opt_out(client, collector, maria):
    outbox.outbox.clear()
    phone = phone_of(maria)
    client.force_login(collector)
    text = {"channel": "text", "point": f"phone-{phone.pk}", "kind": "collection", "body": "Please call us back."}

    refused = client.post(f"/accounts/{maria.pk}/messages", text, headers=HTMX).content.decode()
    assert "Refused by the compliance engine" in refused and not outbox.outbox

    record_restriction(phone.debtor, collector, kind="sms_consent", phone=phone, received_at=timezone.now(),
                       received_via="phone", evidence="agreed on the call to get texts about the debt")
    sent = client.post(f"/accounts/{maria.pk}/messages", text, headers=HTMX).content.decode()

    assert "Text sent." in sent
    [message] = outbox.outbox
    assert message["to"] == "+16025550134"
    assert "Please call us back." in message["body"] and "from a debt collector" in message["body"]
    assert message["body"].endswith("Reply STOP to stop texts to this telephone number.")
    attempt = ContactAttempt.objects.get(channel="text")
    assert attempt.body == message["body"] and DecisionRecord.objects.get(contact_attempt=attempt).allowed


def test_an_email_goes_out_through_the_mailer_where_the_debtor_emailed_us(client, collector, maria):
    email = maria.parties.get().debtor.email_set.get()
    log_contact(maria, collector, channel="email", result="received", email=email, note="asked for the balance")
    client.force_login(collector)

    html = client.post(f"/accounts/{maria.pk}/messages", {
        "channel": "email", "point": f"email-{email.pk}", "kind": "collection",
        "body": "Your balance is $1,235.50."}, headers=HTMX).content.decode()

    assert "Email sent." in html
    [sent] = mail.outbox
    assert sent.to == ["maria@example.com"] and "A-1001"[-4:] in sent.subject
    assert "reply with STOP in the subject line" in sent.body


def test_a_validation_notice_gives_the_end_date_the_engine_computed(client, collector, maria):
    address = maria.parties.get().debtor.address_set.get()
    client.force_login(collector)

    with time_machine.travel(datetime(2026, 11, 25, 13, 0, tzinfo=NEW_YORK), tick=False):
        client.force_login(collector)
        html = client.post(f"/accounts/{maria.pk}/messages", {
            "channel": "letter", "point": f"address-{address.pk}", "kind": "validation_notice"},
            headers=HTMX).content.decode()
        page = screen(client, maria)

    assert "Letter queued for the mail house." in html
    letter = ContactAttempt.objects.get(channel="letter")
    # mailed the day before Thanksgiving: assumed received Thursday 12/03, period ends 30 days later
    assert "by January 2, 2027" in letter.body and "$1,235.50" in letter.body
    assert "Validation period ends" in page and "01/02/2027" in page


def test_the_decision_page_shows_the_facts_that_give_the_same_decision_again(client, collector, maria, tmp_path):
    log_contact(maria, collector, channel="call_outbound", result="no_answer", phone=phone_of(maria))
    record = DecisionRecord.objects.get()
    client.force_login(collector)

    page = client.get(f"/accounts/{maria.pk}/decisions/{record.pk}/").content.decode()
    assert record.facts_sha256 in page and "us-federal/2021-11-30" in page

    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(record.facts))
    done = subprocess.run([str(Path(sys.executable).with_name("arrears")), "compliance", "check", str(facts)],
                          capture_output=True, text=True, env={"DEBUG": "1", "ARREARS_TESTING": "1", "PATH": "/usr/bin:/bin"})
    again = json.loads(done.stdout)
    assert (again["allowed"], again["facts_sha256"]) == (record.allowed, record.facts_sha256)
    assert [r["citation"] for r in again["reasons"]] == [r["citation"] for r in record.reasons]


def test_a_client_user_can_neither_record_restrictions_nor_read_decisions(client, acme_user, collector, maria):
    log_contact(maria, collector, channel="call_outbound", result="no_answer", phone=phone_of(maria))
    record = DecisionRecord.objects.get()
    client.force_login(acme_user)

    assert client.post(f"/accounts/{maria.pk}/restrictions", {"kind": "oral_dispute"}).status_code == 404
    assert client.get(f"/accounts/{maria.pk}/decisions/{record.pk}/").status_code == 403
    assert "Consent / dispute" not in screen(client, maria)


def test_a_supervisor_exports_a_dial_list_of_the_accounts_callable_now(client, supervisor, collector, acme_accounts):
    maria = acme_accounts["A-1001"]
    record_restriction(maria.parties.get().debtor, collector, kind="medium_opt_out", details={"medium": "call"},
                       received_at=timezone.now(), received_via="phone", evidence="stop calling")
    client.force_login(collector)
    assert client.get("/dial-lists/").status_code == 403

    client.force_login(supervisor)
    client.post("/dial-lists/", {"client": "acme"})
    page = client.get("/dial-lists/").content.decode()
    export = __import__("arrears.compliance.models", fromlist=["DialListExport"]).DialListExport.objects.get()
    csv = client.get(f"/dial-lists/{export.pk}.csv").content.decode()

    assert (export.accounts_considered, export.rows) == (2, 1)
    assert "A-1002" in csv and "A-1001" not in csv and "+12125550199" in csv
    assert ">1</td>" in page
