"""The audit row as part of a statement another app composes (a payment's single write,
`payments/actions/writing.py`), so that only the audit app knows its table's layout."""

from arrears.core import sql

from .actions import EVENT_COLUMNS, NewEvent, event_values
from .models import AuditEvent


def insert_event(*, source: str, object_id: str) -> str:
    """`INSERT INTO <audit events>` of one event (`event_params`) per row of `source` (the writer's row, e.g.
    the CTE that returned the new payment); `object_id` is an SQL expression over `source` for the id of the
    row the event is about."""
    return (f"INSERT INTO {sql.table(AuditEvent)} ({sql.columns(AuditEvent, EVENT_COLUMNS)}, "
            f"{sql.columns(AuditEvent, ['object_id'])}) "
            f"SELECT {sql.picked('a', EVENT_COLUMNS)}, {object_id} "
            f"FROM {source} CROSS JOIN {sql.one_row(AuditEvent, EVENT_COLUMNS)} AS a({sql.quoted(EVENT_COLUMNS)})")


def event_params(event: NewEvent) -> list:
    """The parameters of `insert_event`."""
    return [sql.param(AuditEvent, name, value) for name, value in zip(EVENT_COLUMNS, event_values(event))]
