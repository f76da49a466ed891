"""One spelling per concept: the batch path counts what the rules count, the database's words map onto the
engine's, and a restriction the batch path does not know goes to the full engine.

A vocabulary retyped in a second place drifts: a rule learns a new outcome and the portfolio's dial list
does not. These tests fail when a copy appears or a mapping misses a member of the vocabulary it maps.
"""

import re
from datetime import timedelta
from pathlib import Path
from typing import get_args, get_type_hints

import pytest
from django.utils import timezone

from arrears.compliance import portfolio_restrictions, vocabulary
from arrears.compliance.actions import record_restriction
from arrears.compliance.engine import batch
from arrears.compliance.engine.context import CONNECTED
from arrears.compliance.engine.facts import EVENT_FIELDS, CallResult, ContactPoint, NumberSource, PointType
from arrears.compliance.facts_db import _AS_EVENT
from arrears.compliance.models import DISPUTE_KINDS, PER_CLIENT_KINDS, Kind
from arrears.compliance.portfolio_restrictions import HANDLED, load_restrictions
from arrears.compliance.engine.rules import states
from arrears.contacts.models import CALL_RESULTS, RESULTS_BY_CHANNEL, Channel, MessageKind, Result
from arrears.core import money
from arrears.debtors.models import AddressStatus, EmailStatus, PhoneKind, PhoneStatus, Source
from arrears.ledger.models import BUCKET_ORDER, Bucket
from arrears.payments import allocation

OUTCOMES = frozenset(get_args(CallResult))
EVENTS = frozenset(EVENT_FIELDS)


def test_the_batch_path_counts_for_massachusetts_washington_and_new_york_city_what_the_rules_count():
    for name in ("MA_REACHED", "MA_OTHER_EVENTS", "PERSONAL", "WA_COUNTED", "WA_OTHER_EVENTS", "WORK_NUMBER",
                 "NYC_COUNTED_EVENTS"):
        assert getattr(batch, name) is getattr(states, name), f"batch.py has its own copy of {name}"
    assert batch.CONNECTED is CONNECTED


def test_what_the_local_rules_count_is_in_the_engines_words():
    assert states.MA_REACHED <= OUTCOMES and states.WA_COUNTED <= OUTCOMES and CONNECTED <= OUTCOMES
    assert states.MA_OTHER_EVENTS | states.WA_OTHER_EVENTS | states.NYC_COUNTED_EVENTS <= EVENTS
    assert states.PERSONAL | {states.WORK_NUMBER} <= frozenset(get_args(PointType))


def test_every_call_result_a_collector_can_log_reads_as_an_engine_outcome():
    logged = set(CALL_RESULTS) | set(RESULTS_BY_CHANNEL[Channel.CALL_OUTBOUND])
    assert set(vocabulary.CALL_OUTCOME) == logged
    assert set(vocabulary.CALL_OUTCOME) <= set(Result)
    assert set(vocabulary.CALL_OUTCOME.values()) <= OUTCOMES
    assert vocabulary.CONVERSATION in OUTCOMES
    assert vocabulary.INBOUND_CONVERSATION in RESULTS_BY_CHANNEL[Channel.CALL_INBOUND]


def test_every_channel_maps_onto_an_engine_event():
    assert set(vocabulary.CALL_EVENT) == {Channel.CALL_OUTBOUND, Channel.CALL_INBOUND}
    for mapping in (vocabulary.CALL_EVENT, vocabulary.SENT_EVENT, vocabulary.RECEIVED_EVENT):
        assert set(mapping) <= set(Channel) and set(mapping.values()) <= EVENTS
    assert vocabulary.OUTGOING <= set(Result) and vocabulary.OUTGOING <= set(RESULTS_BY_CHANNEL[Channel.EMAIL])
    assert set(vocabulary.ANSWER_EVENT) <= set(MessageKind) and set(vocabulary.ANSWER_EVENT.values()) <= EVENTS
    assert set(vocabulary.NOTICE_MEDIUM) == set(vocabulary.SENT_EVENT)
    assert vocabulary.NOT_ABOUT_DEBT <= set(MessageKind)


def test_every_phone_kind_source_and_status_reads_as_the_engines():
    assert set(vocabulary.PHONE_TYPE) == set(PhoneKind)
    assert set(vocabulary.PHONE_TYPE.values()) <= set(get_args(PointType))
    assert set(vocabulary.NUMBER_SOURCE) == set(Source)
    assert set(vocabulary.NUMBER_SOURCE.values()) <= set(get_args(NumberSource))
    statuses = set(get_args(get_type_hints(ContactPoint)["status"]))
    for mapping, choices in ((vocabulary.PHONE_STATUS, PhoneStatus), (vocabulary.EMAIL_STATUS, EmailStatus),
                             (vocabulary.ADDRESS_STATUS, AddressStatus)):
        assert set(mapping) == set(choices) and set(mapping.values()) <= statuses


def test_restriction_kinds_that_become_events_are_events_the_engine_reads():
    assert set(_AS_EVENT) <= set(Kind)
    assert {k.value for k in _AS_EVENT} <= EVENTS
    assert PER_CLIENT_KINDS <= set(Kind) and set(DISPUTE_KINDS) <= set(Kind)


def test_every_restriction_kind_the_batch_path_handles_is_a_kind_of_restriction():
    assert HANDLED <= set(Kind)
    for group in (portfolio_restrictions.IGNORED_FOR_CALLS, portfolio_restrictions.ANSWERS,
                  portfolio_restrictions.DISPUTES, portfolio_restrictions.ATTORNEY_KINDS):
        assert group <= HANDLED


# What recording each kind needs beyond the common fields (None: the debtor's phone).
_DETAILS = {Kind.INCONVENIENT_PLACE: {"place": "work"}, Kind.NUMBER_NOT_CONSUMERS: None}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(set(Kind) - HANDLED))
def test_a_restriction_the_batch_path_does_not_decide_sends_the_debtor_to_the_full_engine(kind, acme_accounts,
                                                                                             collector):
    account = acme_accounts["A-1001"]
    debtor = account.parties.get().debtor
    details = _DETAILS.get(kind, {})
    phone = debtor.phone_set.get() if details is None else None
    record_restriction(debtor, collector, kind=kind, received_at=timezone.now() - timedelta(hours=1),
                       received_via="phone", evidence="Said so on the call.", account=account, client=account.client,
                       phone=phone, details=details or {})

    assert debtor.pk in load_restrictions(timezone.now()).engine


def test_balance_buckets_are_named_once():
    assert tuple(Bucket.values) == money.BUCKETS and tuple(BUCKET_ORDER) == money.BUCKETS
    assert allocation.BUCKETS == frozenset(money.BUCKETS) and sorted(allocation.DEFAULT_ORDER) == sorted(money.BUCKETS)


ROOT = Path(__file__).resolve().parents[2]
# The call window and New York City's effective date, spelled out; each may appear only where it is defined.
_SPELLED = {
    re.compile(r"time\(\s*8\s*,\s*0\s*\)|time\(\s*21\s*,\s*0\s*\)|\b8 a\.m\.|\b9 p\.m\."): "arrears/core/calendar.py",
    re.compile(r"date\(\s*2026\s*,\s*9\s*,\s*1\s*\)"): "arrears/compliance/engine/rules/states.py",
}


def test_the_call_window_and_the_new_york_city_date_are_spelled_only_where_they_are_defined():
    found = []
    for path in sorted([*ROOT.rglob("*.py"), *ROOT.rglob("*.html"), *ROOT.rglob("*.txt")]):
        relative = path.relative_to(ROOT.parent).as_posix()
        if "/tests/" in relative or "/tests_" in relative or "/migrations/" in relative:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern, home in _SPELLED.items():
            if relative != home and pattern.search(text):
                found.append(f"{relative}: {pattern.search(text).group(0)}")
    assert not found, "spelled again instead of imported: " + "; ".join(found)
