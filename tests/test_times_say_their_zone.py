"""Every time of day a page shows says whose clock it is on: templates print instants through `agency_time`
or `debtor_time` (which name the zone and say "agency" or "debtor"), or with the zone in the format (`T`)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "arrears"
DATE_FORMAT = re.compile(r"""\|date:["']([^"']*)["']""")
TIME_OF_DAY = re.compile(r"[aAgGhHisuP]")


def test_no_template_prints_a_time_of_day_without_its_zone():
    found = []
    for path in sorted(ROOT.rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for fmt in DATE_FORMAT.findall(line):
                if TIME_OF_DAY.search(fmt) and "T" not in fmt:
                    found.append(f"{path.relative_to(ROOT.parent)}:{number}: |date:{fmt!r}")
    assert not found, "a time without its zone (use agency_time): " + "; ".join(found)
