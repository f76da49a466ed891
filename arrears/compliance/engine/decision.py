"""What the engine answers: allowed or not, the reasons with their citations, and the figures it used."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Effect = Literal["block", "warn", "info"]


@dataclass(slots=True)
class Reason:
    rule: str                      # R1..R19, or POLICY / BASE
    citation: str                  # e.g. "12 CFR 1006.14(b)(2)(i)(B)"
    effect: Effect
    message: str                   # one sentence a collector understands
    overridable: bool = False      # a supervisor may override with a recorded rebuttal reason
    cure_at: datetime | None = None  # for a block that time alone cures: when it stops applying
    pack: str = ""

    def as_json(self) -> dict:
        out = {"rule": self.rule, "citation": self.citation, "effect": self.effect, "message": self.message,
               "overridable": self.overridable}
        if self.cure_at is not None:
            out["cure_at"] = self.cure_at.isoformat()
        if self.pack:
            out["pack"] = self.pack
        return out


@dataclass(slots=True)
class Decision:
    allowed: bool
    reasons: list[Reason]
    next_allowed_at: datetime | None = None
    counts: dict = field(default_factory=dict)
    dates: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    packs: list[str] = field(default_factory=list)
    facts_sha256: str = ""

    @property
    def blocks(self) -> list[Reason]:
        return [r for r in self.reasons if r.effect == "block"]

    @property
    def overridable(self) -> bool:
        """True when every block is one a supervisor may override (call frequency, stricter policies)."""
        return bool(self.blocks) and all(r.overridable for r in self.blocks)

    @property
    def summary(self) -> str:
        """One line for a collector: the first block, or that it is allowed."""
        if self.allowed:
            return "allowed"
        first = self.blocks[0]
        return f"{first.message} ({first.citation})"

    def as_json(self) -> dict:
        return {
            "allowed": self.allowed,
            "reasons": [r.as_json() for r in self.reasons],
            "next_allowed_at": self.next_allowed_at.isoformat() if self.next_allowed_at else None,
            "counts": self.counts,
            "dates": {k: _date_json(v) for k, v in self.dates.items()},
            "values": self.values,
            "packs": self.packs,
            "facts_sha256": self.facts_sha256,
        }


def _date_json(value):
    if isinstance(value, dict):
        return {k: _date_json(v) for k, v in value.items()}
    return value.isoformat() if hasattr(value, "isoformat") else value
