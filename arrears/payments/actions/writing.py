"""Writing a posted payment's rows: the payment, one ledger entry per account it applies to with its postings,
the allocations, and the audit row.

On PostgreSQL this is one prepared statement (data-modifying CTEs; the entries, postings and allocations
as arrays), so a payment costs one round trip to write whatever the number of accounts it pays: the
payment row is inserted `ON CONFLICT (idempotency_key) DO NOTHING`, and every other row is selected from its RETURNING, so a key delivered twice writes nothing at
all. Elsewhere (SQLite) the same rows go in as a few multi-row INSERTs. Callers build the rows and check
each entry balances first; the database's own constraints (and, on PostgreSQL, the deferred balance
triggers) check them again.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection, models

from arrears.audit.models import AuditEvent
from arrears.core.bulk import insert_rows
from arrears.core.sql import fetch
from arrears.ledger.models import Entry, Posting

from ..models import Allocation, Payment


@dataclass
class PaymentRows:
    payment: dict                                      # field attname -> value, without the id
    entries: list[dict] = field(default_factory=list)  # per account: kind, memo_tail, client_id, account_id, ...
    postings: list[tuple] = field(default_factory=list)  # (entry's account, account_id, book, bucket, cents, client)
    allocations: list[tuple] = field(default_factory=list)  # (account_id, amount_cents, rate_bp, commission_cents)
    audit: dict = field(default_factory=dict)          # AuditEvent attname -> value, without object_id

    def memo(self, payment_id: int, entry: dict) -> str:
        return f"Payment #{payment_id}{entry['memo_tail']}"[:300]


ENTRY_FIELDS = ("kind", "client_id", "account_id", "effective_on", "created_by_id", "idempotency_key", "created_at")
POSTING_FIELDS = ("account_id", "book", "bucket", "amount_cents", "client_id")
ALLOCATION_FIELDS = ("account_id", "amount_cents", "commission_rate_bp", "commission_cents")


def write_payment(rows: PaymentRows) -> int | None:
    """Insert the rows; the new payment's id, or None when its idempotency key is already taken."""
    if connection.vendor == "postgresql":
        return _write_postgresql(rows)
    return _write_rows(rows)


def _write_rows(rows: PaymentRows) -> int | None:
    ids = insert_rows(Payment, list(rows.payment), [list(rows.payment.values())], return_ids=True,
                      skip_conflicts_on="idempotency_key")
    if not ids:
        return None
    payment_id = ids[0]
    entry_ids = insert_rows(Entry, ("memo", *ENTRY_FIELDS),
                            [(rows.memo(payment_id, e), *(e[f] for f in ENTRY_FIELDS)) for e in rows.entries],
                            return_ids=True)
    by_account = {e["account_id"]: entry_id for e, entry_id in zip(rows.entries, entry_ids)}
    insert_rows(Posting, ("entry_id", *POSTING_FIELDS), [(by_account[p[0]], *p[1:]) for p in rows.postings])
    insert_rows(Allocation, ("payment_id", "entry_id", *ALLOCATION_FIELDS),
                [(payment_id, by_account[a[0]], *a) for a in rows.allocations])
    insert_rows(AuditEvent, (*rows.audit, "object_id"), [(*rows.audit.values(), str(payment_id))])
    return payment_id


@lru_cache(maxsize=256)
def _sql_type(model, name: str) -> str:
    """The type to cast a parameter to: text for character columns (so a value too long for its column is
    an error, never cut short), the column's own type otherwise."""
    model_field = model._meta.get_field(name)
    if isinstance(model_field, (models.CharField, models.TextField)):
        return "text"
    return model_field.db_type(connection)


def _prepare(model, name: str, value):
    model_field = model._meta.get_field(name)
    if isinstance(model_field, models.JSONField) and value is not None:
        return connection.ops.adapt_json_value(value, model_field.encoder)
    return value


def _values(model, names, rows, extra: dict[str, str] | None = None) -> tuple[str, list]:
    """`VALUES (...), ...` with every parameter cast to its column's type, and the parameters. `extra` names
    columns that are not the model's, with their SQL types."""
    extra = extra or {}
    types = [extra[n] if n in extra else _sql_type(model, n) for n in names]
    row = "(" + ", ".join(f"CAST(%s AS {t})" for t in types) + ")"
    json = {i for i, n in enumerate(names) if n not in extra and types[i] == "jsonb"}
    params = [_prepare(model, names[i], value) if i in json else value
              for values in rows for i, value in enumerate(values)]
    return "VALUES " + ", ".join([row] * len(rows)), params


def _columns_of(rows: list, count: int) -> list[list]:
    """Rows as columns (an array parameter each, for unnest)."""
    return [list(column) for column in zip(*rows)] if rows else [[] for _ in range(count)]


def _write_postgresql(rows: PaymentRows) -> int | None:
    payment_names, audit_names = tuple(rows.payment), tuple(rows.audit)
    entry_names = ("memo_tail", *ENTRY_FIELDS)
    _, payment_params = _values(Payment, payment_names, [list(rows.payment.values())])
    _, audit_params = _values(AuditEvent, audit_names, [list(rows.audit.values())])
    # Entries, postings and allocations go as one array per column (unnest): the statement's text and its
    # number of parameters are the same whatever the number of rows, so one prepared statement serves all.
    arrays = [*_columns_of([[e[n] for n in entry_names] for e in rows.entries], len(entry_names)),
              *_columns_of(rows.postings, 1 + len(POSTING_FIELDS)),
              *_columns_of(rows.allocations, len(ALLOCATION_FIELDS))]
    back = fetch(_cte_sql(payment_names, audit_names), [*payment_params, *arrays, *audit_params])
    return back[0][0] if back else None


@lru_cache(maxsize=16)
def _cte_sql(payment_names: tuple, audit_names: tuple) -> str:
    """The one statement that writes a payment (see the module's docstring)."""
    quote = connection.ops.quote_name
    table = {m: quote(m._meta.db_table) for m in (Payment, Entry, Posting, Allocation, AuditEvent)}
    entry_names = ("memo_tail", *ENTRY_FIELDS)
    posting_names = ("entry_account", *POSTING_FIELDS)

    def values(model, names):
        return _values(model, names, [[None] * len(names)])[0]

    def unnest(model, names, extra=None):
        extra = extra or {}
        return "unnest(" + ", ".join(f"CAST(%s AS {extra.get(n) or _sql_type(model, n)}[])" for n in names) + ")"

    def columns(names, model=None):
        """Column names: of the model's table when `model` is given, else the VALUES list's own."""
        return ", ".join(quote(model._meta.get_field(n).column if model else n) for n in names)

    def pick(names):
        return ", ".join("v." + quote(n) for n in names)

    sql = f"""
    WITH pay AS (
        INSERT INTO {table[Payment]} ({columns(payment_names, Payment)})
        SELECT * FROM ({values(Payment, payment_names)}) AS v({columns(payment_names)})
        ON CONFLICT ("idempotency_key") DO NOTHING RETURNING id
    ), ent AS (
        INSERT INTO {table[Entry]} ("memo", {columns(ENTRY_FIELDS, Entry)})
        SELECT left('Payment #' || pay.id || v.memo_tail, 300), {pick(ENTRY_FIELDS)}
          FROM pay CROSS JOIN {unnest(Entry, entry_names, {"memo_tail": "text"})} AS v({columns(entry_names)})
        RETURNING id, account_id
    ), pst AS (
        INSERT INTO {table[Posting]} ("entry_id", {columns(POSTING_FIELDS, Posting)})
        SELECT ent.id, {pick(POSTING_FIELDS)}
          FROM ent JOIN {unnest(Posting, posting_names, {"entry_account": "bigint"})} AS v({columns(posting_names)})
            ON v.entry_account = ent.account_id
    ), alc AS (
        INSERT INTO {table[Allocation]} ("payment_id", "entry_id", {columns(ALLOCATION_FIELDS, Allocation)})
        SELECT pay.id, ent.id, {pick(ALLOCATION_FIELDS)}
          FROM pay CROSS JOIN ent JOIN {unnest(Allocation, ALLOCATION_FIELDS)} AS v({columns(ALLOCATION_FIELDS)})
            ON v.account_id = ent.account_id
    ), aud AS (
        INSERT INTO {table[AuditEvent]} ({columns(audit_names, AuditEvent)}, "object_id")
        SELECT {pick(audit_names)}, pay.id::text
          FROM pay CROSS JOIN ({values(AuditEvent, audit_names)}) AS v({columns(audit_names)})
    )
    SELECT id FROM pay"""
    return " ".join(sql.split())
