"""Inserting many rows of one model at once, from plain tuples: the write path of large imports.

`QuerySet.bulk_create` spends 20-40 µs of Python per row (a model instance, then each value prepared
one by one in the SQL compiler). A placement of 100,000 accounts writes about ten rows per account, so
that alone took most of a minute. `insert_rows` takes the values of named fields as tuples and prepares
them column by column the way the field would: a column of plain ints, strs and bools (and None) goes
to the driver as it is, dates go through the backend's date adapter, anything else through the field's
own `get_db_prep_save`. Every other field gets its model default (auto_now / auto_now_add: the time of
the call). Rows go in as multi-row INSERTs (COPY on PostgreSQL), and the new primary keys come back in
row order when asked, as bulk_create gives them. No signals, no `save()`: the callers are actions that
have validated the values already.
"""

import datetime
from collections.abc import Iterable, Sequence
from itertools import chain

from django.db import connections, models, router
from django.db.models.fields import NOT_PROVIDED, AutoFieldMixin
from django.utils import timezone

ROWS_PER_STATEMENT = 1000

# Fields whose plain Python values reach the database unchanged on every backend, as long as the field
# class does not bring its own preparation (an encrypted field would).
_PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)
_STANDARD_PREPARATION = {models.Field.get_db_prep_save, models.ForeignKey.get_db_prep_save,
                         AutoFieldMixin.get_db_prep_save}
_PLAIN_VALUES = frozenset({int, str, bool, type(None)})
_DATE_VALUES = frozenset({datetime.date, type(None)})
_JSON_VALUES = frozenset({list, dict})


class _Column:
    """How to prepare one field's values for the driver, a whole column at a time."""

    def __init__(self, field, connection):
        self.prepare = field.get_db_prep_save
        self.connection = connection
        target = field.target_field if isinstance(field, models.ForeignKey) else field
        standard = type(field).get_db_prep_save in _STANDARD_PREPARATION
        self.plain = standard and type(target).get_db_prep_save in _STANDARD_PREPARATION and \
            isinstance(target, _PLAIN_FIELDS)
        # DateField.get_db_prep_value leaves a date as it is and hands it to the backend's date adapter;
        # JSONField.get_db_prep_save hands a list or dict to the backend's JSON adapter with its encoder.
        self.date = type(field) is models.DateField
        self.json = type(field) is models.JSONField
        self.encoder = getattr(field, "encoder", None)

    def values(self, column: tuple) -> Sequence:
        kinds = set(map(type, column))
        if self.plain and kinds <= _PLAIN_VALUES:
            return column
        if self.date and kinds <= _DATE_VALUES:
            adapt = self.connection.ops.adapt_datefield_value
            return [adapt(v) for v in column]
        if self.json and kinds <= _JSON_VALUES:
            adapt = self.connection.ops.adapt_json_value
            return [adapt(v, self.encoder) for v in column]
        # Enum members (TextChoices are str subclasses), Decimals, JSON, datetimes: the field decides.
        return [self.prepare(v, connection=self.connection) for v in column]


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence], *,
                return_ids: bool = False, using: str | None = None, skip_conflicts_on: str | None = None) -> list:
    """Insert `rows` (tuples of values for `fields`, by field name or attname) into `model`'s table.

    Returns the new primary keys in the order of `rows` when `return_ids`, else an empty list.
    `skip_conflicts_on` names a unique column: a row whose value is already there is left out (ON CONFLICT DO
    NOTHING, so INSERT rather than COPY on PostgreSQL), and only the inserted rows' keys come back.
    """
    connection = connections[using or router.db_for_write(model)]
    opts = model._meta
    given = [opts.get_field(name) for name in fields]
    given_names = {f.name for f in given}
    now = timezone.now()
    defaults = []
    for field in opts.concrete_fields:
        if field.primary_key or field.name in given_names or field.db_default is not NOT_PROVIDED:
            continue
        auto_now = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        defaults.append((field, field.get_db_prep_save(now if auto_now else field.get_default(), connection)))
    columns = [_Column(f, connection) for f in given]
    names = [f.column for f in (*given, *(f for f, _ in defaults))]
    rows = list(rows)

    def prepared(batch: list) -> Iterable[tuple]:
        values = [column.values(v) for column, v in zip(columns, zip(*batch))]
        values += [[value] * len(batch) for _, value in defaults]
        return zip(*values)

    if connection.vendor == "postgresql" and skip_conflicts_on is None:
        return _copy(connection, opts, names, rows, prepared, return_ids)
    conflict = opts.get_field(skip_conflicts_on).column if skip_conflicts_on else None
    return _insert(connection, opts, names, rows, prepared, return_ids, conflict)


def _insert(connection, opts, names: list[str], rows: list, prepared, return_ids: bool,
            conflict: str | None = None) -> list:
    """Multi-row INSERT ... VALUES, a statement per batch within the backend's parameter limit."""
    if return_ids and not connection.features.can_return_rows_from_bulk_insert:
        raise NotImplementedError(f"{connection.vendor} cannot return ids from a multi-row INSERT")
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(opts.db_table)} ({', '.join(map(quote, names))}) VALUES "
    tail = (f" ON CONFLICT ({quote(conflict)}) DO NOTHING" if conflict else "") + (
        f" RETURNING {quote(opts.pk.column)}" if return_ids else "")
    placeholder = "(" + ", ".join(["%s"] * len(names)) + ")"
    limit = connection.features.max_query_params
    per_statement = max(1, min(ROWS_PER_STATEMENT, limit // len(names))) if limit else ROWS_PER_STATEMENT
    ids: list = []
    for start in range(0, len(rows), per_statement):
        batch = rows[start:start + per_statement]
        with connection.cursor() as cursor:
            cursor.execute(head + ", ".join([placeholder] * len(batch)) + tail,
                           list(chain.from_iterable(prepared(batch))))
            if return_ids:
                ids.extend(r[0] for r in cursor.fetchall())
    return ids


def _copy(connection, opts, names: list[str], rows: list, prepared, return_ids: bool) -> list:
    """PostgreSQL: COPY, several times faster than INSERT there. Ids, when wanted, are drawn from the
    primary key's own sequence first (as the column default would) and written with the rows."""
    quote = connection.ops.quote_name
    ids: list = []
    with connection.cursor() as cursor:
        if return_ids and rows:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [quote(opts.db_table), opts.pk.column, len(rows)])
            ids = sorted(r[0] for r in cursor.fetchall())
            names = [opts.pk.column, *names]
        sql = f"COPY {quote(opts.db_table)} ({', '.join(map(quote, names))}) FROM STDIN"
        # psycopg's own cursor: its errors become Django's (IntegrityError, ...) as an execute's would
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            for start in range(0, len(rows), ROWS_PER_STATEMENT):
                batch = prepared(rows[start:start + ROWS_PER_STATEMENT])
                if return_ids:
                    batch = ((pk, *row) for pk, row in zip(ids[start:start + ROWS_PER_STATEMENT], batch))
                for row in batch:
                    copy.write_row(row)
    return ids
