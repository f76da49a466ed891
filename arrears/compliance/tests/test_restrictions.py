"""Recording what consumers tell the collector, with its evidence, and what the engine then does with it."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.utils import timezone

from arrears.accounts.models import Account
from arrears.audit.models import AuditEvent
from arrears.compliance.actions import ComplianceBlocked, end_restriction, record_restriction
from arrears.compliance.models import DecisionRecord, Restriction
from arrears.compliance.actions import log_contact
from arrears.core.errors import InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(acme_accounts):
    return acme_accounts["A-1001"]


def debtor_of(account):
    return account.parties.get().debtor


def call(account, actor, **extra):
    phone = debtor_of(account).phone_set.get()
    return log_contact(account, actor, channel="call_outbound", result="no_answer", phone=phone, **extra)


def test_a_written_cease_stops_calls_from_receipt_and_moves_the_account_to_cease(maria, collector):
    received = timezone.now() - timedelta(minutes=50)

    row = record_restriction(debtor_of(maria), collector, kind="written_cease_request", received_at=received,
                             received_via="mail", evidence="Letter postmarked 11/20, received today; in the file.",
                             account=maria, details={"mailed_ts": "2026-11-20T00:00:00+00:00"})

    assert Account.objects.get(pk=maria.pk).status == "cease"
    event = AuditEvent.objects.get(action="compliance.restriction_recorded")
    assert (event.actor, event.account_id, event.debtor_id) == (collector, maria.pk, row.debtor_id)
    with pytest.raises(ComplianceBlocked) as refused:
        call(maria, collector)
    assert refused.value.decision.blocks[0].citation == "12 CFR 1006.6(c)(1)"
    # a call placed before the letter arrived was lawful, and is logged
    call(maria, collector, occurred_at=received - timedelta(minutes=30))


@pytest.mark.parametrize(("kind", "details", "field", "says"), [
    ("bankruptcy", {"chapter": 9}, "chapter", "the chapter is 7, 11, 12 or 13"),
    ("inconvenient_time", {"days": ["funday"]}, "days", "days must be some of"),
    ("inconvenient_time", {"from": "25:00"}, "from", "is not a time of day"),
    ("medium_opt_out", {"medium": "carrier pigeon"}, "medium", "the medium is one of"),
    ("third_party_consent", {}, "person", "name the person"),
    ("sms_consent", {}, "phone", "choose the phone"),
    ("creditor_notice_sent", {}, "email", "choose the email"),
])
def test_a_restriction_missing_what_its_kind_needs_is_refused_naming_the_field(maria, collector, kind, details, field,
                                                                             says):
    with pytest.raises(InvalidInput, match=says) as refused:
        record_restriction(debtor_of(maria), collector, kind=kind, received_at=timezone.now(), received_via="phone",
                           evidence="said so on the call", details=details)

    assert refused.value.field == field
    assert not Restriction.objects.exists() and not AuditEvent.objects.filter(action__startswith="compliance").exists()


def test_a_restriction_needs_evidence_a_real_time_and_the_debtor_s_own_contact_points(maria, acme_accounts, collector):
    debtor = debtor_of(maria)
    johns_phone = debtor_of(acme_accounts["A-1002"]).phone_set.get()
    ok = {"kind": "oral_dispute", "received_via": "phone", "evidence": "says the amount is wrong"}

    with pytest.raises(InvalidInput, match="say what was said"):
        record_restriction(debtor, collector, **{**ok, "evidence": "  "}, received_at=timezone.now())
    with pytest.raises(InvalidInput, match="needs a time zone"):
        record_restriction(debtor, collector, **ok, received_at=timezone.now().replace(tzinfo=None))
    with pytest.raises(InvalidInput, match="in the future"):
        record_restriction(debtor, collector, **ok, received_at=timezone.now() + timedelta(days=1))
    with pytest.raises(InvalidInput, match="not this debtor's"):
        record_restriction(debtor, collector, **{**ok, "kind": "sms_consent"}, received_at=timezone.now(),
                           phone=johns_phone)
    with pytest.raises(InvalidInput, match="that account is not this debtor's"):
        record_restriction(debtor, collector, **ok, received_at=timezone.now(), account=acme_accounts["A-1002"])
    assert not Restriction.objects.exists()


def test_ending_a_cease_takes_a_supervisor_and_a_reason_and_lets_calls_resume(maria, collector, supervisor):
    row = record_restriction(debtor_of(maria), collector, kind="written_cease_request",
                             received_at=timezone.now() - timedelta(days=3), received_via="mail",
                             evidence="letter in the file")

    with pytest.raises(NotAllowed, match="takes a supervisor"):
        end_restriction(row, "debtor called to say she wants to pay", collector)
    with pytest.raises(InvalidInput, match="say why"):
        end_restriction(row, " ", supervisor)
    end_restriction(row, "Recorded on the wrong debtor: the letter is from her sister.", supervisor)

    row.refresh_from_db()
    assert (row.ended_by, row.ended_reason) == (supervisor, "Recorded on the wrong debtor: the letter is from her sister.")
    assert AuditEvent.objects.filter(action="compliance.restriction_ended", actor=supervisor).exists()
    with pytest.raises(InvalidInput, match="already ended"):
        end_restriction(row, "again", supervisor)
    call(maria, collector)  # allowed again; the ended row stays in the history


def test_an_attorney_who_does_not_answer_in_the_reasonable_period_no_longer_blocks(maria, collector, settings):
    settings.COMPLIANCE_ATTORNEY_RESPONSE_DAYS = 30
    debtor = debtor_of(maria)
    record_restriction(debtor, collector, kind="attorney", received_at=timezone.now() - timedelta(days=40),
                       received_via="phone", account=maria, evidence="gave her lawyer's details",
                       details={"name": "Pat Counsel", "address": "9 Law Ave, Phoenix AZ"})
    with pytest.raises(ComplianceBlocked, match="represented by an attorney"):
        call(maria, collector)

    record_restriction(debtor, collector, kind="attorney_contacted", received_at=timezone.now() - timedelta(days=31),
                       received_via="mail", evidence="wrote to Pat Counsel asking whether we may contact Maria")

    call(maria, collector)
    record = DecisionRecord.objects.filter(allowed=True).get()
    assert any(r["citation"] == "12 CFR 1006.6(b)(2)(i)" for r in record.reasons)


def test_explain_builds_the_facts_that_check_decides_the_same_way(maria, collector, tmp_path):
    record_restriction(debtor_of(maria), collector, kind="inconvenient_time", received_at=timezone.now(),
                       received_via="phone", evidence="said weekday afternoons are bad",
                       details={"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "from": "10:00", "to": "11:30"})
    out = StringIO()
    call_command("compliance", "explain", "A-1001", "--action", "call", "--facts", stdout=out)
    text = out.getvalue()
    facts_text, decision_line = text[:text.rindex('\n{"account"')], text.splitlines()[-1]
    (tmp_path / "facts.json").write_text(facts_text)

    again = StringIO()
    call_command("compliance", "check", str(tmp_path / "facts.json"), stdout=again)

    explained, checked = json.loads(decision_line), json.loads(again.getvalue())
    assert explained["facts_sha256"] == checked["facts_sha256"]
    assert (explained["allowed"], explained["reasons"]) == (checked["allowed"], checked["reasons"])
    facts = json.loads(facts_text)
    assert facts["consumer"]["inconvenient_times"][0]["from"] == "10:00"
    assert facts["collector"]["kind"] == "fdcpa_debt_collector"


def test_decision_records_are_append_only(maria, collector):
    call(maria, collector)
    record = DecisionRecord.objects.get()

    with pytest.raises(DatabaseError), transaction.atomic():
        DecisionRecord.objects.filter(pk=record.pk).update(allowed=False)
    assert DecisionRecord.objects.get(pk=record.pk).allowed
