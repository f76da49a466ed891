"""Balances, always computed from postings; what stands between a client and the trust account; the day a
client's books are closed through."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Sum

from .models import BUCKET_ORDER, Book, ClosedBooks, Entry, EntryKind, Posting


def balances(account_id: int) -> dict[str, int]:
    """Receivable balance per bucket (principal, interest, fees, costs), in cents, zero buckets included."""
    result = {bucket.value: 0 for bucket in BUCKET_ORDER}
    rows = (
        Posting.objects.filter(account_id=account_id, book=Book.RECEIVABLE)
        .values("bucket").annotate(total=Sum("amount_cents")).order_by()
    )
    for row in rows:
        result[row["bucket"]] = row["total"]
    return result


def last_paid_on(account_id: int) -> date | None:
    """The day of the latest payment that paid this account (into trust or to the client directly) and has not
    been reversed, or None."""
    return (Entry.objects.filter(kind__in=(EntryKind.PAYMENT, EntryKind.DIRECT_PAYMENT), reversed_by__isnull=True,
                                 postings__account_id=account_id, postings__book=Book.RECEIVABLE)
            .aggregate(last=Max("effective_on"))["last"])


def total_balances(account_ids: list[int]) -> dict[int, int]:
    """Total receivable per account, for lists; accounts with no postings are 0."""
    totals: dict[int, int] = defaultdict(int)
    rows = (
        Posting.objects.filter(account_id__in=account_ids, book=Book.RECEIVABLE)
        .values("account_id").annotate(total=Sum("amount_cents")).order_by()
    )
    for row in rows:
        totals[row["account_id"]] = row["total"]
    return totals


def entry_sums_not_zero():
    """Entries whose postings do not sum to zero: must always be empty (the `arrears check ledger` command)."""
    return (
        Posting.objects.values("entry_id").annotate(total=Sum("amount_cents")).exclude(total=0).order_by("entry_id")
    )


def book_balance(client_id: int, book: str, through: date | None = None) -> int:
    """The sum of the client's postings in one book, of entries dated up to `through` (None: all of them)."""
    postings = Posting.objects.filter(client_id=client_id, book=book)
    if through is not None:
        postings = postings.filter(entry__effective_on__lte=through)
    return postings.aggregate(total=Sum("amount_cents"))["total"] or 0


@dataclass(frozen=True)
class Owed:
    """What stands between the client and the trust account at the end of a day (all positive figures)."""

    payable_cents: int          # collections net of commission, due to the client
    owed_by_client_cents: int   # reversals of money already remitted, left owing by the client
    commission_cents: int       # the agency's commission held in trust (negative: reversed after it was moved)
    billed_cents: int           # billed to the client and not yet settled (direct-payment commission, and
                                # reversals of remitted money the agency covered at an earlier close)


def owed_at(client_id: int, through: date | None) -> Owed:
    """As of the end of `through` (None: everything posted, whatever its date)."""
    payable = -book_balance(client_id, Book.CLIENT_PAYABLE, through)
    return Owed(max(payable, 0), max(-payable, 0), -book_balance(client_id, Book.AGENCY_TRUST, through),
                book_balance(client_id, Book.DUE_FROM_CLIENT, through))


def closed_through(client_id: int) -> date | None:
    """The last day the client's books are closed through: nothing may be posted for it on or before it."""
    return ClosedBooks.objects.filter(client_id=client_id).aggregate(through=Max("through"))["through"]
