"""Every ledger write. An entry is refused unless its postings balance, on every database."""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from arrears.audit import actions as audit
from arrears.core.bulk import insert_rows
from arrears.core.errors import ArrearsError

from .models import Book, Entry, EntryKind, Posting


class UnbalancedEntry(ArrearsError):
    pass


@dataclass(frozen=True, slots=True)
class Line:
    """One side of an entry: `amount_cents` debit positive, credit negative."""

    book: str
    amount_cents: int
    account_id: int | None = None
    bucket: str = ""


def check_balanced(lines: list[Line], what: str = "entry") -> None:
    if len(lines) < 2:
        raise UnbalancedEntry(f"{what} needs at least two postings, got {len(lines)}")
    if any(line.amount_cents == 0 for line in lines):
        raise UnbalancedEntry(f"{what} has a zero posting")
    total = sum(line.amount_cents for line in lines)
    if total != 0:
        raise UnbalancedEntry(f"{what} does not balance: postings sum to {total} cents")


def post_entry(
    *, kind: str, memo: str, client_id: int, effective_on: date, lines: list[Line],
    account_id: int | None = None, actor=None, idempotency_key: str | None = None, reverses: Entry | None = None,
) -> Entry:
    """Write one balanced entry with its postings, and its audit row, in one transaction.

    Posting again with an `idempotency_key` already used returns the entry first posted with it and writes
    nothing, also when the two posts race: the key's unique index decides, not the look-up before it.
    """
    check_balanced(lines, f"entry {memo!r}")
    with transaction.atomic():
        if idempotency_key:
            existing = Entry.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        try:
            with transaction.atomic():
                entry = Entry.objects.create(
                    kind=kind, memo=memo, client_id=client_id, account_id=account_id, effective_on=effective_on,
                    created_by=actor if actor is not None and actor.pk else None, idempotency_key=idempotency_key,
                    reverses=reverses,
                )
        except IntegrityError:
            existing = Entry.objects.filter(idempotency_key=idempotency_key).first() if idempotency_key else None
            if existing is None:
                raise
            return existing
        Posting.objects.bulk_create(
            Posting(entry=entry, book=l.book, account_id=l.account_id, client_id=client_id, bucket=l.bucket,
                    amount_cents=l.amount_cents)
            for l in lines
        )
        audit.record(
            actor, f"ledger.{kind}", entry, memo, account_id=account_id,
            after={"lines": [[l.book, l.account_id, l.bucket, l.amount_cents] for l in lines]},
        )
    return entry


def opening_lines(account_id: int, balances: dict[str, int]) -> list[Line]:
    """The lines of a placement: debit the debtor receivable per bucket, credit the client's claim."""
    lines = [Line(Book.RECEIVABLE, cents, account_id, bucket) for bucket, cents in balances.items() if cents]
    total = sum(balances.values())
    if total:
        lines.append(Line(Book.CLIENT_PLACED, -total, account_id))
    return lines


def bulk_post_openings(rows: list[tuple[int, int, date, str, dict[str, int]]], actor=None) -> int:
    """Placement opening entries for many accounts at once: (account_id, client_id, effective_on, memo, balances).

    Used inside the placement import's transaction; each entry is checked like `post_entry` checks one.
    The caller writes the batch's audit row.
    """
    entries, line_sets = [], []
    user_id = actor.pk if actor is not None and actor.pk else None
    kind = EntryKind.PLACEMENT.value
    for account_id, client_id, effective_on, memo, balances in rows:
        lines = opening_lines(account_id, balances)
        check_balanced(lines, f"opening entry of account {account_id}")
        entries.append((kind, memo, client_id, account_id, effective_on, user_id))
        line_sets.append((client_id, lines))
    # Plain rows rather than bulk_create: an import writes several postings per account, and model
    # instances cost more than the inserts themselves.
    entry_ids = insert_rows(Entry, ("kind", "memo", "client_id", "account_id", "effective_on", "created_by_id"),
                            entries, return_ids=True)
    postings = [
        (entry_id, str(l.book), l.account_id, client_id, l.bucket, l.amount_cents)
        for entry_id, (client_id, lines) in zip(entry_ids, line_sets)
        for l in lines
    ]
    insert_rows(Posting, ("entry_id", "book", "account_id", "client_id", "bucket", "amount_cents"), postings)
    return len(entries)


def reversing_lines(entry: Entry) -> list[Line]:
    """The lines that undo `entry`: each of its postings with the opposite sign."""
    return [Line(p.book, -p.amount_cents, p.account_id, p.bucket) for p in entry.postings.all()]
