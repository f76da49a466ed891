"""Running a hand-written statement on the hot paths (posting a payment), prepared on PostgreSQL.

Django's psycopg connection binds parameters client-side, so PostgreSQL parses and plans every statement
afresh. The few statements a payment runs are the same text every time: on PostgreSQL they go through a
server-side-binding psycopg cursor with `prepare=True`, so each connection plans them once (the database
settings let explicitly prepared statements through; see `DATABASE_PREPARED_STATEMENTS`). The
parameters must then carry their types (cast them in the SQL). Elsewhere the statement runs on Django's
own cursor. Either way it runs inside the current transaction.
"""

from django.db import connection


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
