"""Reading many rows with plain SQL, for the portfolio path: no ORM objects, the same on SQLite and PostgreSQL."""

from datetime import UTC, datetime

from django.db import connection


def rows(sql: str, params=()):
    """Every row of `sql`, fetched in batches."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(20000):
            yield from batch


def db_time(value: datetime):
    """An aware datetime as the backend stores it, for a raw query's parameters."""
    return connection.ops.adapt_datetimefield_value(value)


def aware(value) -> datetime:
    """A datetime column read through a raw cursor: aware on PostgreSQL, naive UTC (or text) on SQLite."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def json_value(value):
    """A JSON column read through a raw cursor: text on SQLite, already decoded on PostgreSQL."""
    import json

    if isinstance(value, str):
        return json.loads(value)
    return value
