"""The rules engine: facts -> decision, in plain Python (no Django, nothing from arrears but the pure
`arrears.core` modules), so it is fast, deterministic and testable on its own.

`facts` (the snapshot's schema), `decide` (decide, decide_document, evaluate), `decision` (Decision,
Reason), `context` (the per-decision context the rules share), `rules/` (one module per rule family),
`packs` (which rules apply when), `clock` (local dates in the consumer's zones), `batch` (the call-only
fast path over a portfolio, equivalent to the engine for calls).
"""

from .decide import decide, decide_document, evaluate, facts_digest
from .decision import Decision, Reason

__all__ = ["Decision", "Reason", "decide", "decide_document", "evaluate", "facts_digest"]
