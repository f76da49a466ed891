"""The ledger's periodic job: seal the day's entries and audit events into their hash chains."""

from arrears.audit.actions import seal_events

from .actions import seal_entries


def seal_chains(on) -> dict:
    return {"entries": seal_entries(), "audit_events": seal_events()}
