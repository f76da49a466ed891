"""The ledger's tables as parts of statements that other apps compose, so that a hot path can read or write
in one round trip while only the ledger knows its tables' layout.

Reading (a payment's facts, `payments/queries.py`): the receivable sums of some accounts, and the last day
their clients' books are closed through. Each takes the SQL (a list or a sub-select, with its own `%s`
parameters) that picks the accounts or clients; the caller passes that SQL's parameters in place.

Writing (a payment, `payments/actions/writing.py`): entries given as `NewEntry` records, at most one per
account, inserted from arrays (`insert_entries`, `entry_params`) and returning `(id, account_id)`, then their
postings (`insert_postings`, `posting_params`). Every entry is checked to balance when its parameters are
made, as `post_entry` checks one; the database checks again (the deferred balance trigger, closed books).
Where one statement is not needed (SQLite), `actions.write_entries` writes the same records.

"""

from arrears.core import sql

from .actions import ENTRY_COLUMNS, POSTING_COLUMNS, NewEntry, check_balanced, posting_rows
from .models import Book, ClosedBooks, Entry, Posting


def receivable_sums(account_ids: str) -> str:
    """`(account_id, bucket, cents)`: the receivable balance of each bucket of the accounts `account_ids`
    selects."""
    return (f"SELECT account_id, bucket, SUM(amount_cents) FROM {Posting._meta.db_table} "
            f"WHERE book = '{Book.RECEIVABLE.value}' AND account_id IN ({account_ids}) GROUP BY account_id, bucket")


def closed_days(client_ids: str, vendor: str) -> str:
    """`(client_id, day)`: the last day the books of each client `client_ids` selects are closed through, as
    days since 1970-01-01 (an integer, so that it can share a column with sums of cents); clients whose
    books were never closed have no row."""
    through = ("MAX(through) - DATE '1970-01-01'" if vendor == "postgresql" else
               "CAST(julianday(MAX(through)) - 2440587.5 AS INTEGER)")
    return (f"SELECT client_id, {through} AS day FROM {ClosedBooks._meta.db_table} "
            f"WHERE client_id IN ({client_ids}) GROUP BY client_id")


_ENTRY_ARRAYS = ("memo_tail", *ENTRY_COLUMNS)
_POSTING_ARRAYS = ("entry_account", *POSTING_COLUMNS)
_EXTRA = {"memo_tail": "text", "entry_account": "bigint"}


def insert_entries(*, memo_head: str, source: str) -> str:
    """`INSERT INTO <entries> ... RETURNING id, account_id` of the entries `entry_params` gives, one row per
    row of `source` (the writer's row, e.g. the CTE that returned the new payment) and entry; `memo_head` is
    an SQL expression over `source` that each memo starts with."""
    return (f"INSERT INTO {sql.table(Entry)} ({sql.columns(Entry, ('memo', *ENTRY_COLUMNS))}) "
            f"SELECT left({memo_head} || e.memo_tail, 300), {sql.picked('e', ENTRY_COLUMNS)} "
            f"FROM {source} CROSS JOIN {sql.arrays(Entry, _ENTRY_ARRAYS, _EXTRA)} AS e({sql.quoted(_ENTRY_ARRAYS)}) "
            "RETURNING id, account_id")


def entry_params(entries: list[NewEntry]) -> list[list]:
    """The parameters of `insert_entries`: one array per column. Refuses an entry that does not balance."""
    for entry in entries:
        check_balanced(list(entry.lines), f"the entry on account {entry.account_id}")
    return sql.as_arrays([(e.memo, *(getattr(e, n) for n in ENTRY_COLUMNS)) for e in entries], len(_ENTRY_ARRAYS))


def insert_postings(*, entries: str) -> str:
    """`INSERT INTO <postings>` of the entries' lines (`posting_params`), `entries` naming the row source
    (the CTE of `insert_entries`) that holds each new entry's `(id, account_id)`."""
    return (f"INSERT INTO {sql.table(Posting)} ({sql.columns(Posting, ('entry_id', *POSTING_COLUMNS))}) "
            f"SELECT {entries}.id, {sql.picked('p', POSTING_COLUMNS)} "
            f"FROM {entries} JOIN {sql.arrays(Posting, _POSTING_ARRAYS, _EXTRA)} AS p({sql.quoted(_POSTING_ARRAYS)}) "
            f"ON p.entry_account = {entries}.account_id")


def posting_params(entries: list[NewEntry]) -> list[list]:
    """The parameters of `insert_postings`: one array per column."""
    return sql.as_arrays(posting_rows(entries), len(_POSTING_ARRAYS))
