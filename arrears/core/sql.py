"""Running a hand-written statement on the hot paths (posting a payment), prepared on PostgreSQL.

Django's psycopg connection binds parameters client-side, so PostgreSQL parses and plans every statement
afresh. The few statements a payment runs are the same text every time: on PostgreSQL they go through a
server-side-binding psycopg cursor with `prepare=True`, so each connection plans them once (the database
settings let explicitly prepared statements through; see `DATABASE_PREPARED_STATEMENTS`). The
parameters must then carry their types (cast them in the SQL). Elsewhere the statement runs on Django's
own cursor. Either way it runs inside the current transaction.
"""

from functools import lru_cache

from django.db import connection, models


def fetch(sql: str, params: list | tuple = ()) -> list[tuple]:
    """Run one statement in the current transaction and return its rows (`%s` placeholders)."""
    if connection.vendor == "postgresql":
        cursor = _server_cursor()
        cursor.execute(sql, params, prepare=_prepare())
        return cursor.fetchall() if cursor.description else []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _prepare() -> bool:
    """Whether statements may be prepared on this connection (not with DATABASE_PREPARED_STATEMENTS=false)."""
    return "prepare_threshold" in connection.settings_dict.get("OPTIONS", {})


def _server_cursor():
    """One server-binding cursor per database connection, made again when the connection is."""
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    cached = getattr(connection, "_arrears_server_cursor", None)
    if cached is None or cached.connection is not raw or cached.closed:
        cached = psycopg.Cursor(raw)
        connection._arrears_server_cursor = cached
    return cached


def fetch_in_order(statements: list[tuple[str, list]]) -> list[list[tuple]]:
    """Run statements one after the other in the current transaction and return each one's rows. On
    PostgreSQL they are sent together (pipeline mode): one round trip, each still run after the one before
    it, on its own snapshot. Use it only for statements that do not need each other's results."""
    if connection.vendor != "postgresql":
        return [fetch(sql, params) for sql, params in statements]
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    cursors = [psycopg.Cursor(raw) for _ in statements]
    with raw.pipeline():
        for cursor, (sql, params) in zip(cursors, statements):
            cursor.execute(sql, params, prepare=_prepare())
    return [cursor.fetchall() for cursor in cursors]


# --- one statement over several apps' tables ------------------------------------------------------------------
#
# A hot path may write rows of several apps' tables in one statement (data-modifying CTEs: a payment, its
# ledger entries and postings, its audit row). Each app writes its own part from these helpers, over its own
# model, so only the owning app names its table's columns; the parameters carry their types (cast in the
# SQL), as a prepared statement needs.


@lru_cache(maxsize=256)
def param_type(model, name: str) -> str:
    """The type to cast a parameter for the model's field `name` to: text for character columns (so a value
    too long for its column is an error, never cut short), the column's own type otherwise."""
    model_field = model._meta.get_field(name)
    if isinstance(model_field, (models.CharField, models.TextField)):
        return "text"
    return model_field.db_type(connection)


def param(model, name: str, value):
    """The value as the driver takes it for the field (JSON adapted with the field's encoder)."""
    model_field = model._meta.get_field(name)
    if isinstance(model_field, models.JSONField) and value is not None:
        return connection.ops.adapt_json_value(value, model_field.encoder)
    return value


def quoted(names) -> str:
    """Names (aliases of a VALUES list or an unnest) quoted, comma-separated."""
    return ", ".join(connection.ops.quote_name(n) for n in names)


def columns(model, names) -> str:
    """The columns of the model's table for its fields `names`, quoted, comma-separated."""
    return quoted(model._meta.get_field(n).column for n in names)


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def picked(alias: str, names) -> str:
    """`alias.name, ...` of a row source's columns."""
    return ", ".join(f"{alias}.{connection.ops.quote_name(n)}" for n in names)


def one_row(model, names, extra: dict[str, str] | None = None) -> str:
    """`(VALUES (CAST(%s AS type), ...))` for one row of the model's fields `names`; `extra` names columns
    that are not the model's, with their SQL types."""
    extra = extra or {}
    return "(VALUES (" + ", ".join(f"CAST(%s AS {extra.get(n) or param_type(model, n)})" for n in names) + "))"


def arrays(model, names, extra: dict[str, str] | None = None) -> str:
    """`unnest(CAST(%s AS type[]), ...)`: rows given as one array parameter per column. The statement's text
    and its number of parameters stay the same whatever the number of rows, so one prepared statement serves
    all."""
    extra = extra or {}
    return "unnest(" + ", ".join(f"CAST(%s AS {extra.get(n) or param_type(model, n)}[])" for n in names) + ")"


def as_arrays(rows: list, count: int) -> list[list]:
    """Rows (tuples of `count` values) as columns, one list each, for `arrays`."""
    return [list(column) for column in zip(*rows)] if rows else [[] for _ in range(count)]
