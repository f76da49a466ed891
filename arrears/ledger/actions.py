"""Every ledger write. An entry is refused unless its postings balance, on every database, and unless its
client's books are open on its date (closed books are refused by the database itself, whoever writes the
entry). Also the two writes of trust accounting that are book arithmetic: closing a client's books through a
day, and the agency making trust whole when money already paid out of it comes back."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, connection, transaction

from arrears.audit import actions as audit
from arrears.clients.models import Client
from arrears.core.bulk import insert_rows
from arrears.core.errors import ArrearsError, InvalidInput
from arrears.core.money import format_cents
from arrears.core.seals import Sealed, seal_new
from arrears.core.sql import fetch

from .models import Book, ClosedBooks, Entry, EntryKind, EntrySeal, Posting
from .queries import closed_through, owed_at


class UnbalancedEntry(ArrearsError):
    pass


class PeriodClosed(ArrearsError):
    """The date is on or before the day the client's books are closed through (a closed remittance period)."""


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
    nothing, also when the two posts race: the key's unique index decides, not the look-up before it. A new
    entry dated in the client's closed books is refused (PeriodClosed).
    """
    check_balanced(lines, f"entry {memo!r}")
    with transaction.atomic():
        if idempotency_key:
            existing = Entry.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        hold_books_open(client_id, effective_on)
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


@dataclass(frozen=True)
class NewEntry:
    """An entry another app writes with its own rows (`write_entries`, or within its own statement:
    `sql.insert_entries`). Its memo is the writer's head (such as the new payment's number) followed by
    `memo`; it is dated, attributed and keyed like any entry."""

    kind: str
    client_id: int
    account_id: int
    effective_on: date
    memo: str
    lines: tuple[Line, ...]
    idempotency_key: str | None
    created_by_id: int | None
    created_at: datetime


ENTRY_COLUMNS = ("kind", "client_id", "account_id", "effective_on", "created_by_id", "idempotency_key", "created_at")
POSTING_COLUMNS = ("account_id", "book", "bucket", "amount_cents", "client_id")


def posting_rows(entries: list[NewEntry]) -> list[tuple]:
    """`(entry's account, account_id, book, bucket, cents, client_id)` of every line of the entries."""
    return [(e.account_id, line.account_id, str(line.book), line.bucket, line.amount_cents, e.client_id)
            for e in entries for line in e.lines]


def write_entries(entries: list[NewEntry], memo_head: str) -> dict[int, int]:
    """Insert entries another app writes with its own rows (each checked to balance, as `post_entry` checks
    one; its memo is `memo_head` followed by the entry's) and their postings, in the caller's transaction;
    the new entry's id per account. The caller writes the audit row. On PostgreSQL a payment writes the same
    records within its single statement instead (`sql.insert_entries`)."""
    for entry in entries:
        check_balanced(list(entry.lines), f"the entry on account {entry.account_id}")
    ids = insert_rows(Entry, ("memo", *ENTRY_COLUMNS),
                      [((memo_head + e.memo)[:300], *(getattr(e, n) for n in ENTRY_COLUMNS)) for e in entries],
                      return_ids=True)
    by_account = {e.account_id: entry_id for e, entry_id in zip(entries, ids)}
    insert_rows(Posting, ("entry_id", *POSTING_COLUMNS), [(by_account[p[0]], *p[1:]) for p in posting_rows(entries)])
    return by_account


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


def refuse_if_closed(closed: date | None, on: date) -> None:
    """Nothing is posted on a day of the client's closed books (closed through `closed`)."""
    if closed is not None and on <= closed:
        raise PeriodClosed(f"the remittance period through {closed:%m/%d/%Y} is closed: post it on a later date")


def lock_client_for_posting(client_id: int) -> date | None:
    """Hold a key-share lock on the client row for the transaction: many entries may be posted for the client
    at once, but its books cannot close under them (PostgreSQL; SQLite runs one writer at a time anyway).
    Returns the day the client's books are closed through, read once the lock is held."""
    if connection.vendor != "postgresql":
        return closed_through(client_id)
    rows = fetch(f"SELECT (SELECT MAX(b.through) FROM {ClosedBooks._meta.db_table} b "
                 f"WHERE b.client_id = CAST(%s AS bigint)) FROM {Client._meta.db_table} "
                 "WHERE id = CAST(%s AS bigint) FOR KEY SHARE", [client_id, client_id])
    return rows[0][0] if rows else None


def hold_books_open(client_id: int, on: date) -> None:
    """Lock the client's books for posting (`lock_client_for_posting`) and refuse `on` if they are closed."""
    refuse_if_closed(lock_client_for_posting(client_id), on)


def close_books(client_id: int, through: date, actor) -> ClosedBooks:
    """Close the client's books through `through`: from now on no entry for the client may be dated on or
    before it. Books close forward only. Waits for entries being posted for the client to commit."""
    with transaction.atomic():
        list(Client.objects.select_for_update().filter(pk=client_id).values_list("pk", flat=True))
        closed = closed_through(client_id)
        if closed is not None and through <= closed:
            raise InvalidInput(f"the books are already closed through {closed:%m/%d/%Y}", field="through")
        books = ClosedBooks.objects.create(client_id=client_id, through=through,
                                           closed_by=actor if actor is not None and actor.pk else None)
        audit.record(actor, "ledger.books_closed", books, f"Books closed through {through:%m/%d/%Y}",
                     before={"through": closed}, after={"through": through})
    return books


def make_trust_whole(client_id: int, on: date, actor, *, why: str) -> Entry | None:
    """Money the client (or the agency, as commission) was paid out of trust and that the bank has since
    taken back leaves trust short: the agency puts its own money in at once, and bills the client its share
    (collected from, or offset against, its next remittance). Posts nothing when trust is not short."""
    owed = owed_at(client_id, None)
    owed_by_client, returned_commission = owed.owed_by_client_cents, max(0, -owed.commission_cents)
    if not owed_by_client and not returned_commission:
        return None
    lines = [Line(Book.TRUST_CASH, owed_by_client + returned_commission),
             Line(Book.CLIENT_PAYABLE, -owed_by_client), Line(Book.DUE_FROM_CLIENT, owed_by_client),
             Line(Book.BILLED_TO_CLIENT, -owed_by_client), Line(Book.AGENCY_TRUST, -returned_commission)]
    return post_entry(kind=EntryKind.REMITTANCE, memo=f"Trust made whole by the agency: {why} "
                      f"({format_cents(owed_by_client)} billed to the client)",
                      client_id=client_id, effective_on=on, actor=actor,
                      lines=[line for line in lines if line.amount_cents])


def _entry_contents(ids: list[int]) -> dict:
    """Each entry as sealed: its own columns and every posting of it, in posting order."""
    contents = {pk: [list(rest), []] for pk, *rest in Entry.objects.filter(pk__in=ids).order_by().values_list(
        "pk", "kind", "memo", "account_id", "client_id", "effective_on", "created_at", "created_by_id", "reverses_id",
        "idempotency_key")}
    for entry_id, *posting in Posting.objects.filter(entry_id__in=ids).order_by("pk").values_list(
            "entry_id", "pk", "book", "account_id", "client_id", "bucket", "amount_cents"):
        if entry_id in contents:
            contents[entry_id][1].append(posting)
    return contents


LEDGER_CHAIN = Sealed("ledger entries", Entry, EntrySeal, _entry_contents, lock_key=0x4C454447)


def seal_entries(limit: int | None = None) -> int:
    """Seal the entries (with their postings) written since the last seal into the ledger's hash chain."""
    return seal_new(LEDGER_CHAIN, limit=limit)
