"""The engine as a program: its command line, its errors, its purity, and answers the cases do not pin down."""

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from arrears.compliance.engine import decide_document, facts_digest
from arrears.compliance.engine.facts import FactsError

ARREARS = str(Path(sys.executable).with_name("arrears"))
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "arrears.settings", "DEBUG": "1", "ARREARS_TESTING": "1"}

FACTS = {
    "as_of": "2026-04-07T14:00:00-04:00",
    "collector": {"kind": "fdcpa_debt_collector"},
    "consumer": {"state": "NY", "location_signals": [{"signal": "area_code", "tz": "America/New_York"}]},
    "contact_points": [{"id": "m1", "type": "mobile", "value": "+12125550101"}],
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


def at(instant: str, document=None) -> dict:
    document = document or facts()
    document["as_of"] = document["proposed"]["ts"] = instant
    return document


def run(*args, stdin: str | None = None):
    return subprocess.run([ARREARS, "compliance", *args], input=stdin, capture_output=True, text=True, env=ENV,
                          timeout=120)


def test_the_engine_imports_nothing_from_django():
    code = ("import sys, arrears.compliance.engine, arrears.compliance.engine.batch; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_check_prints_one_decision_per_file_and_reads_stdin(tmp_path):
    late = tmp_path / "late.json"
    late.write_text(json.dumps(at("2026-04-07T21:30:00-04:00")))

    done = run("check", str(late), "-", stdin=json.dumps(facts()))

    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert (first["file"], first["allowed"]) == (str(late), False)
    assert first["next_allowed_at"] == "2026-04-08T08:01:00-04:00"
    assert first["reasons"][0]["citation"].startswith("12 CFR 1006.6(b)(1)(i)")
    assert (second["file"], second["allowed"]) == ("-", True)


def test_a_bad_file_is_named_with_its_field_and_the_others_are_still_decided(tmp_path):
    good, typo, broken = tmp_path / "good.json", tmp_path / "typo.json", tmp_path / "broken.json"
    good.write_text(json.dumps(facts()))
    wrong = facts()
    wrong["history"] = [{"ts": "2026-04-06T10:00:00-04:00", "event": "call_outbound", "contact_point": "m1",
                         "result": "answered"}]
    typo.write_text(json.dumps(wrong))
    broken.write_text('{"as_of": ')

    done = run("check", str(good), str(typo), str(broken))

    assert done.returncode == 1
    assert [json.loads(line)["file"] for line in done.stdout.splitlines()] == [str(good)]
    assert f"{typo}: history[0].result: 'answered' is not one of" in done.stderr
    assert f"{broken}: line 1 column 11: not JSON" in done.stderr
    assert "2 of 3 files could not be decided" in done.stderr


@pytest.mark.parametrize(("change", "field", "says"), [
    ({"proposed__contact_point": "m9"}, "proposed.contact_point", "'m9' is not in contact_points"),
    ({"consumer__location_signals": [{"tz": "America/Gotham"}]}, "consumer.location_signals[0].tz",
     "not an IANA time zone"),
    ({"as_of": "2026-04-07T14:00:00"}, "as_of", "has no UTC offset"),
    ({"collector__kind": "collector"}, "collector.kind", "is not one of"),
    ({"debts": [{"id": "d1", "time_barred": "yes"}]}, "debts[0].time_barred", "expected true or false"),
    ({"proposed__colour": "red"}, "proposed.colour", "unknown field"),
])
def test_a_facts_document_that_breaks_the_format_is_refused_naming_the_field(change, field, says):
    with pytest.raises(FactsError) as refused:
        decide_document(facts(**change))

    assert refused.value.path == field
    assert says in str(refused.value)


def test_the_facts_digest_is_the_same_for_the_same_facts_whatever_their_key_order():
    reordered = json.loads(json.dumps(facts(), sort_keys=True))

    assert facts_digest(reordered) == facts_digest(facts()) == decide_document(facts()).facts_sha256
    assert facts_digest(facts(consumer__state="NJ")) != facts_digest(facts())


def test_a_call_blocked_by_the_hour_in_one_zone_and_a_conversation_waits_for_both():
    document = at("2026-04-07T10:30:00-04:00", facts(consumer__location_signals=[
        {"signal": "area_code", "tz": "America/New_York"}, {"signal": "address", "tz": "America/Los_Angeles"}]))
    document["history"] = [{"ts": "2026-04-06T12:00:00-04:00", "event": "call_outbound", "contact_point": "m1",
                            "result": "conversation"}]

    decision = decide_document(document)

    assert [r.rule for r in decision.blocks] == ["R2", "R8"]
    # the conversation on 04-06 blocks through 04-12; on 04-13 the first minute after 8 a.m. Pacific
    assert decision.next_allowed_at.isoformat() == "2026-04-13T11:01:00-04:00"
    assert decision.dates["conversation_block_ends"] == {"d1": __import__("datetime").date(2026, 4, 12)}


def test_a_block_time_cannot_cure_has_no_next_allowed_time():
    document = facts()
    document["history"] = [{"ts": "2026-04-01T10:00:00-04:00", "event": "written_cease_request",
                            "received_ts": "2026-04-01T10:00:00-04:00", "medium": "mail"}]

    decision = decide_document(at("2026-04-07T22:00:00-04:00", document))

    assert {r.rule for r in decision.blocks} == {"R2", "R5"}
    assert decision.next_allowed_at is None


def test_with_zones_half_a_world_apart_the_call_waits_for_the_hours_they_share():
    document = at("2026-04-07T14:00:00-04:00", facts(consumer__location_signals=[
        {"tz": "America/New_York"}, {"tz": "Asia/Tokyo"}]))

    decision = decide_document(document)

    # 14:00 in New York is 03:00 in Tokyo; 08:01 in Tokyo is 19:01 in New York, still before 21:00 there
    assert not decision.allowed
    assert decision.next_allowed_at.isoformat() == "2026-04-07T19:01:00-04:00"


def test_policies_can_only_be_stricter_than_the_law():
    looser = facts(policy=[{"name": "client acme", "max_calls_per_7_days": 9}])

    with pytest.raises(FactsError, match="stricter than 7 calls"):
        decide_document(looser)


def test_a_client_policy_block_is_overridable_but_the_law_s_time_of_day_is_not():
    document = at("2026-04-07T20:30:00-04:00", facts(policy=[
        {"name": "client acme", "call_window": {"from": "09:00", "to": "20:00"}}]))

    decision = decide_document(document)
    assert [(r.rule, r.overridable) for r in decision.blocks] == [("POLICY", True)]
    assert decision.overridable
    assert decision.next_allowed_at.isoformat() == "2026-04-08T09:00:00-04:00"

    night = decide_document(at("2026-04-07T21:30:00-04:00", document))
    assert {r.rule: r.overridable for r in night.blocks} == {"R2": False, "POLICY": True}
    assert not night.overridable


def test_a_creditor_in_its_own_name_outside_the_add_on_states_is_bound_only_by_the_tcpa_and_bankruptcy():
    document = at("2026-04-07T22:30:00-04:00", facts(collector__kind="creditor_own_name"))

    decision = decide_document(document)

    assert decision.allowed
    assert decision.values["reg_f_applies"] is False
    assert decision.packs == ["arrears-baseline/2026.1", "us-tcpa/2025-04-11", "us-bankruptcy/11-usc-362"]


def test_new_york_city_s_pack_applies_from_its_effective_date():
    document = facts(consumer__locality="NYC")

    before = decide_document(at("2026-08-31T14:00:00-04:00", copy.deepcopy(document)))
    after = decide_document(at("2026-09-01T14:00:00-04:00", copy.deepcopy(document)))

    assert not any(p.startswith("us-nyc") for p in before.packs)
    assert "us-nyc/2026-09-01" in after.packs
