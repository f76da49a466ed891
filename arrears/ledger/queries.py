"""Balances, always computed from postings."""

from collections import defaultdict

from django.db.models import Sum

from .models import BUCKET_ORDER, Book, Posting


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
