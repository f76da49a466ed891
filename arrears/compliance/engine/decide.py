"""The compliance engine: facts in, decision out. Pure Python (no Django), so it runs anywhere and fast.

    decision = decide_document(json.load(open("case.json")))

Every applicable rule pack runs over the facts; the action is allowed only if no rule blocks it. When every
block is one that time alone cures, `next_allowed_at` is found by deciding again at each cure time until the
action is allowed (or a block that time cannot cure appears).
"""

import dataclasses
import hashlib
import json
from datetime import datetime

from . import clock
from .context import Ctx
from .decision import Decision
from .facts import Facts, parse_facts
from .packs import REG_F, applicable

_MAX_STEPS = 40


def facts_digest(document: dict) -> str:
    """SHA-256 of the facts document in canonical form (sorted keys, no whitespace)."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def decide_document(document: dict, *, digest: bool = True) -> Decision:
    """Decide on a facts document (or a test case that wraps one under "facts"). `digest=False` skips the
    facts' SHA-256, for decisions that are not kept (a portfolio's verdicts)."""
    facts_doc = document["facts"] if isinstance(document, dict) and "facts" in document and "as_of" not in document else document
    decision = decide(parse_facts(facts_doc))
    if digest:
        decision.facts_sha256 = facts_digest(facts_doc)
    return decision


def evaluate(facts: Facts) -> tuple[Ctx, list[str]]:
    ctx = Ctx(facts)
    labels = []
    for pack in applicable(facts):
        ctx.pack = pack.label
        labels.append(pack.label)
        start = len(ctx.reasons)
        for rule in pack.rules:
            rule(ctx)
        if pack.cites:
            for reason in ctx.reasons[start:]:
                reason.citation = pack.cites.get(reason.rule, reason.citation)
    ctx.values.setdefault("reg_f_applies", facts.collector.kind in REG_F)
    if facts.collector.kind not in REG_F:
        ctx.pack = ""
        ctx.info("R1", "12 CFR 1006.2(i)", "A creditor collecting in its own name is not a debt collector under "
                                           "Regulation F; state law and the TCPA still apply.")
    return ctx, labels


def decide(facts: Facts) -> Decision:
    ctx, labels = evaluate(facts)
    blocks = [r for r in ctx.reasons if r.effect == "block"]
    decision = Decision(allowed=not blocks, reasons=ctx.reasons, counts=ctx.counts, dates=ctx.dates,
                        values=ctx.values, packs=labels)
    if blocks:
        decision.next_allowed_at = _next_allowed(facts, blocks)
        if decision.next_allowed_at is not None:
            decision.next_allowed_at = decision.next_allowed_at.astimezone(clock.zone(ctx.consumer_zone))
    return decision


def _next_allowed(facts: Facts, blocks) -> datetime | None:
    """The earliest instant the same action would be allowed with nothing but time changing."""
    for _ in range(_MAX_STEPS):
        if any(b.cure_at is None for b in blocks):
            return None
        when = max(b.cure_at for b in blocks)
        if when <= facts.proposed.ts:
            return None  # a cure that does not move time forward would loop
        later = dataclasses.replace(facts, as_of=when, proposed=dataclasses.replace(facts.proposed, ts=when))
        ctx, _ = evaluate(later)
        blocks = [r for r in ctx.reasons if r.effect == "block"]
        if not blocks:
            return when
        facts = later
    return None
