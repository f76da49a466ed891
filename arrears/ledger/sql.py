"""The ledger's tables as parts of statements that other apps compose, so that a hot path can read or write
in one round trip while only the ledger knows its tables' layout.

Reading (a payment's facts, `payments/queries.py`): the receivable sums of some accounts, and the last day
their clients' books are closed through. Each takes the SQL (a list or a sub-select, with its own `%s`
parameters) that picks the accounts or clients; the caller passes that SQL's parameters in place.
"""

from .models import Book, ClosedBooks, Posting


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
