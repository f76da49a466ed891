"""Writing a posted payment's rows: the payment, one ledger entry per account it applies to with its postings,
the allocations, and the audit row.

On PostgreSQL this is one prepared statement (data-modifying CTEs; the entries, postings and allocations
as arrays), so a payment costs one round trip to write whatever the number of accounts it pays: the
payment row is inserted `ON CONFLICT (idempotency_key) DO NOTHING`, and every other row is selected from
its RETURNING, so a key delivered twice writes nothing at all. The payment's and the allocations' parts are
this app's; the entries' and postings' parts are the ledger's (`ledger/sql.py`) and the audit row's is the
audit app's (`audit/sql.py`): each app alone knows its table's layout. Elsewhere (SQLite) the same rows go
in as a few multi-row INSERTs, through the ledger's and the audit app's own bulk writes. The ledger checks
each entry balances; the database's own constraints (and, on PostgreSQL, the deferred balance triggers and
the closed books) check them again.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection

from arrears.audit import sql as audit_sql
from arrears.audit.actions import NewEvent, record_new
from arrears.core import sql
from arrears.core.bulk import insert_rows
from arrears.ledger import sql as ledger_sql
from arrears.ledger.actions import NewEntry, write_entries

from ..models import Allocation, Payment


@dataclass
class PaymentRows:
    payment: dict                                          # field attname -> value, without the id
    entries: list[NewEntry] = field(default_factory=list)  # one per account, memo after "Payment #<id>"
    allocations: list[tuple] = field(default_factory=list)  # (account_id, amount_cents, rate_bp, commission_cents)
    audit: NewEvent | None = None                          # about the payment, whose id comes with it


MEMO_HEAD = "Payment #"
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
    by_account = write_entries(rows.entries, f"{MEMO_HEAD}{payment_id}")
    insert_rows(Allocation, ("payment_id", "entry_id", *ALLOCATION_FIELDS),
                [(payment_id, by_account[a[0]], *a) for a in rows.allocations])
    record_new(rows.audit, payment_id)
    return payment_id


def _write_postgresql(rows: PaymentRows) -> int | None:
    names = tuple(rows.payment)
    params = [*(sql.param(Payment, n, v) for n, v in rows.payment.items()),
              *ledger_sql.entry_params(rows.entries), *ledger_sql.posting_params(rows.entries),
              *sql.as_arrays(rows.allocations, len(ALLOCATION_FIELDS)), *audit_sql.event_params(rows.audit)]
    back = sql.fetch(_cte_sql(names), params)
    return back[0][0] if back else None


@lru_cache(maxsize=16)
def _cte_sql(payment_names: tuple) -> str:
    """The one statement that writes a payment (see the module's docstring): its parameters are the
    payment's values, the entries' and postings' arrays, the allocations' arrays and the audit row's values,
    in that order."""
    statement = f"""
    WITH pay AS (
        INSERT INTO {sql.table(Payment)} ({sql.columns(Payment, payment_names)})
        SELECT * FROM {sql.one_row(Payment, payment_names)} AS v({sql.quoted(payment_names)})
        ON CONFLICT ("idempotency_key") DO NOTHING RETURNING id
    ), ent AS (
        {ledger_sql.insert_entries(memo_head=f"'{MEMO_HEAD}' || pay.id", source="pay")}
    ), pst AS (
        {ledger_sql.insert_postings(entries="ent")}
    ), alc AS (
        INSERT INTO {sql.table(Allocation)} ({sql.columns(Allocation, ("payment_id", "entry_id", *ALLOCATION_FIELDS))})
        SELECT pay.id, ent.id, {sql.picked("v", ALLOCATION_FIELDS)}
          FROM pay CROSS JOIN ent JOIN {sql.arrays(Allocation, ALLOCATION_FIELDS)} AS v({sql.quoted(ALLOCATION_FIELDS)})
            ON v.account_id = ent.account_id
    ), aud AS (
        {audit_sql.insert_event(source="pay", object_id="pay.id::text")}
    )
    SELECT id FROM pay"""
    return " ".join(statement.split())
