"""Whose calendar a date is on: what the collector sent or received is dated in the agency's zone
(`collector.tz`), what the consumer lives through in the consumer's; and an instant is the same instant
whatever UTC offset it is written in."""

import copy
import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from arrears.compliance.engine import decide_document
from arrears.compliance.engine.facts import FactsError

CASES = sorted((Path(__file__).parent / "cases").glob("*.json"))
_INSTANT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$")

FACTS = {
    "as_of": "2026-04-07T14:00:00-04:00",
    "collector": {"kind": "fdcpa_debt_collector"},
    "consumer": {"state": "NY", "location_signals": [{"signal": "area_code", "tz": "America/New_York"}]},
    "contact_points": [{"id": "m1", "type": "mobile", "value": "+12125550101"},
                       {"id": "a1", "type": "postal_address", "value": "1 Main St, New York NY 10001"}],
    "debts": [{"id": "d1"}],
    "history": [],
    "proposed": {"ts": "2026-04-07T14:00:00-04:00", "action": "call", "contact_point": "m1"},
}


def facts(**changes) -> dict:
    document = copy.deepcopy(FACTS)
    for dotted, value in changes.items():
        target = document
        *path, last = dotted.split("__")
        for key in path:
            target = target[key]
        target[last] = value
    return document


def at(instant: str, document: dict) -> dict:
    document["as_of"] = document["proposed"]["ts"] = instant
    return document


def rewritten(document, offset: str):
    """The same document with every instant written in another UTC offset ("Z", "+00:00", "-05:00", ...)."""
    if isinstance(document, dict):
        return {k: rewritten(v, offset) for k, v in document.items()}
    if isinstance(document, list):
        return [rewritten(v, offset) for v in document]
    if isinstance(document, str) and _INSTANT.match(document):
        instant = datetime.fromisoformat(document)
        if offset == "Z":
            return instant.astimezone(ZoneInfo("UTC")).isoformat().replace("+00:00", "Z")
        sign = -1 if offset[0] == "-" else 1
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
        return instant.astimezone(zone).isoformat()
    return document


def answer(document: dict) -> dict:
    """Everything the decision says, except the digest of the document's text."""
    decided = decide_document(document).as_json()
    decided.pop("facts_sha256")
    return decided


@pytest.mark.parametrize("offset", ["Z", "+00:00", "-05:00", "-10:00", "+09:00"])
def test_every_case_gives_the_same_decision_whatever_offset_its_instants_are_written_in(offset):
    differ = []
    for path in CASES:
        case = json.loads(path.read_text())
        original = case["facts"]
        if answer(rewritten(original, offset)) != answer(original):
            differ.append(path.stem)
    assert differ == []


def test_a_dispute_received_at_nine_in_the_evening_eastern_is_dated_that_day_and_is_timely():
    # Mailed Monday 03/02: assumed received 03/09, the validation period ends 04/08. The dispute arrives at
    # 21:00 Eastern on 04/08 (01:00 UTC on 04/09): on the last day of the period, so collection stops.
    document = at("2026-04-10T14:00:00Z", facts(history=[
        {"ts": "2026-03-02T15:00:00Z", "event": "validation_notice_sent", "contact_point": "a1", "medium": "mail"},
        {"ts": "2026-04-09T01:00:00Z", "event": "written_dispute", "medium": "mail"},
    ]))
    document["collector"]["tz"] = "America/New_York"

    decision = decide_document(document)

    assert decision.dates["validation_period_end"] == date(2026, 4, 8)
    [stop] = [r for r in decision.blocks if r.rule == "R14"]
    assert "in writing on 04/08/2026" in stop.message
    classified = decide_document(at("2026-04-10T14:00:00Z", {**copy.deepcopy(document), "proposed": {
        "ts": "2026-04-10T14:00:00Z", "action": "dispute_classification"}}))
    assert classified.values["dispute_effect"] == "stop_collection_of_debt"


def test_two_validation_notices_sent_the_same_local_day_get_the_same_end_date():
    # Tuesday 11/24 at 10:00 and at 20:30 Eastern; the second is already 11/25 in UTC (the day before
    # Thanksgiving), which would move its assumed receipt and end date a day later.
    notice = {"ts": "", "action": "validation_notice", "contact_point": "a1"}
    morning = at("2026-11-24T15:00:00Z", facts(proposed=dict(notice)))
    evening = at("2026-11-25T01:30:00Z", facts(proposed=dict(notice)))

    ends = {decide_document(d).dates["validation_period_end"] for d in (morning, evening)}

    # receipt assumed Wednesday 12/02 (11/26 Thanksgiving and the weekend skipped), plus 30 days
    assert ends == {date(2027, 1, 1)}


def test_the_agency_s_zone_dates_what_it_sent_and_the_default_is_new_york():
    # 22:30 Pacific on Tuesday 11/24 is already Wednesday 11/25 in New York.
    document = at("2026-11-24T22:30:00-08:00", facts(proposed={"ts": "", "action": "validation_notice",
                                                               "contact_point": "a1"}))
    pacific = copy.deepcopy(document)
    pacific["collector"]["tz"] = "America/Los_Angeles"
    eastern = copy.deepcopy(document)
    eastern["collector"]["tz"] = "America/New_York"

    assert decide_document(pacific).dates["validation_period_end"] == date(2027, 1, 1)
    assert decide_document(eastern).dates["validation_period_end"] == date(2027, 1, 2)
    assert decide_document(document).dates["validation_period_end"] == date(2027, 1, 2)


def test_the_agency_s_zone_must_be_a_real_iana_zone():
    with pytest.raises(FactsError) as refused:
        decide_document(facts(collector={"kind": "fdcpa_debt_collector", "tz": "Eastern"}))

    assert refused.value.path == "collector.tz"
    assert "not an IANA time zone" in str(refused.value)


def test_the_consumer_s_days_stay_the_consumer_s_whatever_the_agency_s_zone():
    # A conversation at 23:30 Eastern on Monday 04/06 is Monday for the consumer in New York; in an agency
    # on Pacific time it is still Monday, so the block ends on Sunday 04/12 either way.
    history = [{"ts": "2026-04-07T03:30:00Z", "event": "call_outbound", "contact_point": "m1",
                "result": "conversation"}]
    east, west = (at("2026-04-13T14:00:00Z", facts(history=copy.deepcopy(history))) for _ in range(2))
    west["collector"]["tz"] = "Asia/Tokyo"

    for document in (east, west):
        decision = decide_document(document)
        assert decision.allowed
    blocked = decide_document(at("2026-04-12T14:00:00Z", facts(history=copy.deepcopy(history))))
    assert blocked.dates["conversation_block_ends"] == {"d1": date(2026, 4, 12)}


def test_new_york_city_s_rule_starts_on_its_effective_date_in_new_york_whatever_the_offset():
    document = facts(consumer__locality="NYC", proposed={"ts": "", "action": "letter", "contact_point": "a1"})

    late_august = decide_document(at("2026-09-01T03:30:00Z", copy.deepcopy(document)))     # 23:30 08/31 in NYC
    first_of_september = decide_document(at("2026-08-31T21:30:00-07:00", copy.deepcopy(document)))  # 00:30 09/01

    assert not any(p.startswith("us-nyc") for p in late_august.packs)
    assert "us-nyc/2026-09-01" in first_of_september.packs


def test_nulls_mean_the_documented_defaults():
    plain = facts(history=[{"ts": "2026-04-01T10:00:00-04:00", "event": "letter_mailed", "contact_point": "a1"}])
    with_nulls = copy.deepcopy(plain)
    with_nulls["collector"].update(tz=None, licensed_states=None, accepts_electronic_notices=None)
    with_nulls["consumer"].update(deceased=None, language=None, inconvenient_times=None, id=None)
    with_nulls["contact_points"][0].update(value=None, number_source=None, status=None, belongs_to=None,
                                           tcpa_prior_express_consent=None, place=None)
    with_nulls["debts"][0].update(kind=None, time_barred=None, status=None)
    with_nulls["history"][0].update(about_debt=None, debt_ids=None)
    with_nulls["standing"] = None
    with_nulls["policy"] = None
    with_nulls["proposed"].update(to=None, dialer=None, initiated_by=None, content=None, debt_ids=None)

    assert answer(with_nulls) == answer(plain)


@pytest.mark.parametrize(("where", "key"), [
    ("contact_points.0", "colour"), ("collector", "zone"), ("history.0", "colour"), ("consumer", "timezone"),
])
def test_an_unknown_key_is_still_refused_naming_it_even_with_null(where, key):
    document = facts(history=[{"ts": "2026-04-01T10:00:00-04:00", "event": "letter_mailed", "contact_point": "a1"}])
    target = document
    for part in where.split("."):
        target = target[int(part)] if part.isdigit() else target[part]
    target[key] = None

    with pytest.raises(FactsError) as refused:
        decide_document(document)

    assert refused.value.path.endswith(key)
    assert key in str(refused.value)


def test_a_required_value_may_not_be_null():
    with pytest.raises(FactsError) as refused:
        decide_document(facts(contact_points=[{"id": "m1", "type": None}]))

    assert refused.value.path == "contact_points[0].type"
