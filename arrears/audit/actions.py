"""The one way to write an audit row. Every action calls `record` inside its own transaction."""

from typing import Any

from .models import AuditEvent

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
