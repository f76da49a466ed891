"""Rule packs: versioned groups of rules, chosen by the collector's kind and the consumer's state and city.

Every applicable pack runs and the strictest answer wins (a more protective state law is not preempted,
12 CFR 1006.104). A pack's version changes whenever what it decides changes; decisions record the versions.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from .context import Ctx
from .facts import Facts
from .rules import (baseline, debt_status, disclosures, electronic, frequency, media, policy, representation,
                    retention, states, tcpa, third_parties, time_place, validation)

Rule = Callable[[Ctx], None]
REG_F = ("fdcpa_debt_collector", "creditor_using_other_name")


@dataclass(frozen=True)
class Pack:
    id: str
    version: str
    title: str
    rules: tuple[Rule, ...]
    applies: Callable[[Facts], bool]
    # For a law that starts on a date: is it in force at the proposed instant (on that law's own calendar)?
    in_force: Callable[[datetime], bool] | None = None
    # For packs that apply another law's rules (California's Rosenthal Act incorporates the FDCPA): the
    # citation each rule id is given instead of the Regulation F one.
    cites: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.id}/{self.version}"


FEDERAL_RULES: tuple[Rule, ...] = (
    time_place.time_of_day, time_place.inconvenient_times, time_place.places, time_place.employer_email,
    representation.attorney, representation.cease, third_parties.third_parties, electronic.electronic_messages,
    electronic.social_media, electronic.creditor_email_notice, frequency.call_frequency, media.prohibited_media, disclosures.disclosures,
    debt_status.time_barred, debt_status.furnishing, debt_status.placement, validation.validation_notice,
    validation.disputes, retention.records_purge,
)
# What California's Civil Code 1788.17 makes a creditor collecting in its own name follow: 15 U.S.C.
# 1692b-1692j, here measured by the Regulation F rules that implement those sections.
ROSENTHAL_RULES: tuple[Rule, ...] = (
    time_place.time_of_day, time_place.inconvenient_times, time_place.places, representation.attorney,
    representation.cease, third_parties.third_parties, frequency.call_frequency, disclosures.disclosures,
    validation.validation_notice, validation.disputes, debt_status.time_barred,
)
ROSENTHAL_CITES = {
    "R2": "Cal. Civ. Code 1788.17 (15 U.S.C. 1692c(a)(1))",
    "R3": "Cal. Civ. Code 1788.17 (15 U.S.C. 1692c(a)(1), (a)(3))",
    "R4": "Cal. Civ. Code 1788.17 (15 U.S.C. 1692c(a)(2))",
    "R5": "Cal. Civ. Code 1788.17 (15 U.S.C. 1692c(c))",
    "R6": "Cal. Civ. Code 1788.17 (15 U.S.C. 1692b, 1692c(b))",
    "R8": "Cal. Civ. Code 1788.11(d)-(e), 1788.17 (15 U.S.C. 1692d(5)), measured by 12 CFR 1006.14(b)(2)",
    "R10": "Cal. Civ. Code 1788.17 (15 U.S.C. 1692e(11))",
    "R11": "Cal. Civ. Code 1788.17 (15 U.S.C. 1692e(2)(A), 1692e(5))",
    "R13": "Cal. Civ. Code 1788.17 (15 U.S.C. 1692g)",
    "R14": "Cal. Civ. Code 1788.17 (15 U.S.C. 1692g(b))",
}


def _state(facts: Facts) -> str | None:
    return (facts.consumer.state or "").upper() or None


PACKS: tuple[Pack, ...] = (
    Pack("arrears-baseline", "2026.1", "Checks every collector needs", (
        baseline.contact_point, representation.deceased), lambda f: True),
    Pack("us-federal", "2021-11-30", "FDCPA and Regulation F (12 CFR 1006)", FEDERAL_RULES,
         lambda f: f.collector.kind in REG_F),
    Pack("us-tcpa", "2025-04-11", "Telephone Consumer Protection Act, 47 U.S.C. 227", (tcpa.tcpa,), lambda f: True),
    Pack("us-bankruptcy", "11-usc-362", "Bankruptcy automatic stay and discharge", (debt_status.bankruptcy,),
         lambda f: True),
    Pack("us-ca-rosenthal", "2026.1", "California Rosenthal Fair Debt Collection Practices Act", ROSENTHAL_RULES,
         lambda f: f.collector.kind == "creditor_own_name" and _state(f) == "CA", cites=ROSENTHAL_CITES),
    Pack("us-ma", "2026.1", "Massachusetts 940 CMR 7.00 and 209 CMR 18.00", (states.massachusetts,),
         lambda f: _state(f) == "MA"),
    Pack("us-wa", "2026.1", "Washington Collection Agency Act, RCW 19.16", (states.washington,),
         lambda f: _state(f) == "WA" and f.collector.kind in REG_F),
    Pack("us-nyc", states.NYC_EFFECTIVE.isoformat(), "New York City 6 RCNY 5-77", (states.new_york_city,),
         lambda f: f.consumer.locality == "NYC", in_force=states.nyc_in_force),
    Pack("policy", "2026.1", "Agency and client policies", (policy.policies,), lambda f: bool(f.policy)),
)


def applicable(facts: Facts) -> list[Pack]:
    at = facts.proposed.ts
    return [p for p in PACKS if p.applies(facts) and (p.in_force is None or p.in_force(at))]
