"""The one way to write an audit row. Every action calls `record` inside its own transaction; a writer that
inserts its own row in the same statement as the audit row (a payment) gives a `NewEvent` instead
(`record_new`, or within that statement `audit.sql.insert_event`)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from arrears.core.bulk import insert_rows
from arrears.core.seals import Sealed, seal_new

from .models import AuditEvent, EventSeal

SYSTEM = "system"


def actor_label(actor) -> str:
    return actor.get_username() if actor is not None else SYSTEM


def record(
    actor,
    action: str,
    obj,
    summary: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    account_id: int | None = None,
    debtor_id: int | None = None,
) -> AuditEvent:
    """Write one audit row. `obj` is the row changed; `account_id` files it on an account's timeline."""
    if account_id is None and obj.__class__.__name__ == "Account":
        account_id = obj.pk
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor_label(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        account_id=account_id,
        debtor_id=debtor_id,
        summary=summary[:300],
        before=before,
        after=after,
    )


def record_many(events: list[AuditEvent]) -> None:
    """Bulk form for imports: the caller builds unsaved AuditEvent rows."""
    AuditEvent.objects.bulk_create(events, batch_size=2000)


@dataclass(frozen=True)
class NewEvent:
    """An audit row for a row its writer inserts in the same statement, so the row's id is not known yet:
    `model` is the row's model; the id comes with it."""

    actor: Any
    action: str
    model: type
    summary: str
    at: datetime
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    account_id: int | None = None
    debtor_id: int | None = None


EVENT_COLUMNS = ("at", "actor_id", "actor_label", "action", "object_type", "account_id", "debtor_id", "summary",
                 "before", "after")


def event_values(event: NewEvent) -> tuple:
    """The event's values for `EVENT_COLUMNS`."""
    actor = event.actor if event.actor is not None and event.actor.pk else None
    return (event.at, actor.pk if actor else None, actor_label(event.actor), event.action,
            event.model._meta.label_lower, event.account_id, event.debtor_id, event.summary[:300], event.before,
            event.after)


def record_new(event: NewEvent, object_id) -> None:
    """Write the event's row for the row `object_id` its writer has just inserted."""
    insert_rows(AuditEvent, (*EVENT_COLUMNS, "object_id"), [(*event_values(event), str(object_id))])


def _event_contents(ids: list[int]) -> dict:
    rows = AuditEvent.objects.filter(pk__in=ids).order_by().values_list(
        "pk", "at", "actor_id", "actor_label", "action", "object_type", "object_id", "account_id", "debtor_id",
        "summary", "before", "after")
    return {pk: rest for pk, *rest in rows}


AUDIT_CHAIN = Sealed("audit events", AuditEvent, EventSeal, _event_contents, lock_key=0x41554454)


def seal_events(limit: int | None = None) -> int:
    """Seal the audit events written since the last seal into the audit trail's hash chain."""
    return seal_new(AUDIT_CHAIN, limit=limit)
