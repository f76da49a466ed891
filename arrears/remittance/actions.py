"""Closing a remittance period: pay the client its collections net of commission out of trust, move the
agency's commission out of trust, offset commission billed on direct payments, and freeze the statement.

The remittance entry, dated the period's last day, moves (balances as of that day):
    client_payable +P   trust_cash -P        P: collections net of commission, due to the client
    agency_trust +C     trust_cash -C        C: the agency's commission (negative: commission on reversals)
    client_payable -O   trust_cash +O        O: reversals of money already remitted: the agency makes trust
    due_from_client +O  billed_to_client -O     whole, and the client owes it that
    due_from_client -D  billed_to_client +D  D = min(P, what the client owes): offset against its collections
so the client is wired P - D and the agency takes C + D - O out of trust (puts money in when negative),
and trust keeps only the debtors' credit balances. When a payment of the period was reversed after its last
day but before the close, the bank has already taken that money out of trust: the close then also makes
trust whole (the ledger's `make_trust_whole`, dated today), as a reversal of remitted money does at once.
What the client still owes (direct-payment commission, covered reversals, less the offset) is invoiced and
carries into the next period's statement. A closed period is never reopened: closing it closes the client's
books through its last day (the ledger's `close_books`), and the ledger refuses any entry dated on or before
it, so later corrections are posted, and shown, in a later period.
"""

from dataclasses import asdict
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from arrears.audit import actions as audit
from arrears.clients.models import Client
from arrears.core.errors import InvalidInput, NotAllowed
from arrears.core.money import format_cents
from arrears.ledger.actions import Line, close_books, make_trust_whole, post_entry
from arrears.ledger.models import Book, EntryKind
from arrears.ledger.queries import owed_at

from . import queries
from .models import RemittancePeriod


def close_period(client: Client, actor, *, ends_on: date) -> RemittancePeriod:
    """Close the client's open period through `ends_on` (a day before today)."""
    if actor is not None and actor.pk and not actor.has_perm("remittance.close_remittance"):
        raise NotAllowed("closing a remittance period takes the accounting role")
    if ends_on >= timezone.localdate():
        raise InvalidInput("a period can be closed through yesterday at the latest: payments are still being "
                           "posted today", field="ends_on")
    with transaction.atomic():
        # Waits for payments being posted for this client to commit (they hold a key-share lock on the
        # client row); payments that start after this wait for the close, then see the period closed.
        client = Client.objects.select_for_update().get(pk=client.pk)
        starts_on = queries.next_start(client)
        if ends_on < starts_on:
            raise InvalidInput(f"{client.name}'s periods are closed through {starts_on - timedelta(days=1):%m/%d/%Y}",
                               field="ends_on")
        number = f"{client.code.upper()}-{ends_on:%Y%m%d}"
        statement = queries.build_statement(client, starts_on, ends_on, number=number, closed=True)
        owed = owed_at(client.pk, ends_on)
        covered = owed.owed_by_client_cents  # reversals of remitted money: the agency makes trust whole
        offset = min(owed.payable_cents, owed.billed_cents + covered)
        lines = [Line(Book.CLIENT_PAYABLE, owed.payable_cents - covered), Line(Book.AGENCY_TRUST, owed.commission_cents),
                 Line(Book.TRUST_CASH, covered - owed.payable_cents - owed.commission_cents),
                 Line(Book.DUE_FROM_CLIENT, covered - offset), Line(Book.BILLED_TO_CLIENT, offset - covered)]
        lines = [line for line in lines if line.amount_cents]
        entry = post_entry(kind=EntryKind.REMITTANCE, memo=f"Remittance {number}", client_id=client.pk,
                           effective_on=ends_on, lines=lines, actor=actor,
                           idempotency_key=f"remittance:{number}") if lines else None
        close_books(client.pk, ends_on, actor)
        make_trust_whole(client.pk, timezone.localdate(), actor,
                         why=f"{number} paid out money that came back after {ends_on:%m/%d/%Y}")
        remitted = owed.payable_cents - offset
        transferred = owed.commission_cents + offset - covered
        due_from = owed.billed_cents + covered - offset
        try:
            with transaction.atomic():
                period = RemittancePeriod.objects.create(
                    client=client, starts_on=starts_on, ends_on=ends_on, number=number,
                    closed_by=actor if actor is not None and actor.pk else None, entry=entry,
                    gross_collected_cents=statement.gross_collected_cents, reversals_cents=statement.reversals_cents,
                    commission_cents=statement.commission_cents, direct_payments_cents=statement.direct_payments_cents,
                    direct_commission_cents=statement.direct_commission_cents, remitted_cents=remitted,
                    transferred_cents=transferred, due_from_client_cents=due_from,
                    statement=asdict(statement))
        except IntegrityError:
            raise InvalidInput(f"period {number} is already closed", field="ends_on") from None
        audit.record(actor, "remittance.closed", period,
                     f"Remittance {number} closed ({starts_on:%m/%d/%Y}–{ends_on:%m/%d/%Y}): "
                     f"{format_cents(remitted)} to {client.name}, {format_cents(transferred)} to the agency"
                     + (f", {format_cents(due_from)} due from the client" if due_from else ""),
                     after={"remitted_cents": remitted, "transferred_cents": transferred,
                            "due_from_client_cents": due_from, "lines": len(statement.lines)})
    return period
