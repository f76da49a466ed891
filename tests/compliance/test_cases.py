"""The compliance engine's legal test cases: each file in cases/ is a facts document with its source in the
regulation and the answer the law gives. All of them go through `arrears compliance check` once, as a user
would run it, and each case is checked against its expected answer."""

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"
FILES = sorted(CASES.glob("*.json"))
SOURCE_TYPES = {"official_interpretation_example", "regulation_text", "statute_text", "state_regulation_text",
                "agency_guidance", "court_decision", "secondary_summary", "derived_from_rule_text"}
JURISDICTIONS = {"US-federal", "US-MA", "US-WA", "US-CA", "US-NYC"}
QUESTION_TYPES = {"allowed": bool, "bool": bool, "date": str, "count": int, "value": (str, list)}


@pytest.fixture(scope="module")
def decisions():
    """One run of the command over every case, as {file name: decision}."""
    arrears = Path(sys.executable).with_name("arrears")
    done = subprocess.run([str(arrears), "compliance", "check", *map(str, FILES)], capture_output=True, text=True,
                          env={**os.environ, "DJANGO_SETTINGS_MODULE": "arrears.settings", "DEBUG": "1", "ARREARS_TESTING": "1"},
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    return {Path(d["file"]).name: d for d in lines}


def answer_of(decision: dict, path: str):
    value = decision
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return KeyError(path)
        value = value[part]
    return value


def test_there_are_at_least_sixty_cases_mostly_from_the_official_interpretations_and_the_rule_text():
    cases = [json.loads(f.read_text()) for f in FILES]
    from_text = [c for c in cases if c["source_type"] in ("official_interpretation_example", "regulation_text",
                                                          "statute_text", "state_regulation_text")]
    assert len(cases) >= 60
    assert len(from_text) > len(cases) / 2


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_case(path, decisions):
    case = json.loads(path.read_text())
    assert {"id", "rule", "jurisdiction", "source", "source_confidence", "source_type", "question", "question_type",
            "expected", "explanation", "facts"} <= case.keys()
    assert case["source_type"] in SOURCE_TYPES and case["jurisdiction"] in JURISDICTIONS
    assert case["source_confidence"] in ("retrieved", "recalled")
    expected = case["expected"]
    assert isinstance(expected, QUESTION_TYPES[case["question_type"]]) or (
        expected is None and case["question_type"] in ("value", "date"))
    decision = decisions[path.name]
    where = case.get("answer", "allowed")
    got = answer_of(decision, where)
    if where == "next_allowed_at" and isinstance(got, str) and isinstance(case["expected"], str):
        assert datetime.fromisoformat(got) == datetime.fromisoformat(case["expected"]), decision["reasons"]
    else:
        blocks = [f'{r["rule"]} {r["citation"]}: {r["message"]}' for r in decision["reasons"] if r["effect"] == "block"]
        assert got == case["expected"], f'{case["question"]} — {where} is {got!r}; blocks: {blocks}'
