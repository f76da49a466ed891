"""Closed books: once a client's books are closed through a day, nothing is posted for that client on or before
it, whoever writes the entry (an action, a bulk import, hand-written SQL); and an existing database's closed
remittance periods become closed books."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from arrears.audit.models import AuditEvent
from arrears.core.errors import InvalidInput
from arrears.ledger.actions import Line, PeriodClosed, close_books, post_entry
from arrears.ledger.models import Book, ClosedBooks, Entry, EntryKind, Posting
from arrears.ledger.queries import closed_through

pytestmark = pytest.mark.django_db
ON = date(2025, 9, 30)


def fee(account, on: date) -> Entry:
    return post_entry(kind=EntryKind.FEE, memo="late fee", client_id=account.client_id, effective_on=on,
                      account_id=account.pk, lines=[Line(Book.RECEIVABLE, 500, account.pk, "fees"),
                                                    Line(Book.CLIENT_PLACED, -500, account.pk)])


def rows() -> tuple[int, int]:
    return Entry.objects.count(), Posting.objects.count()


def test_an_entry_dated_on_or_before_the_day_the_books_are_closed_through_is_refused(acme_accounts, client_beta,
                                                                                     supervisor):
    maria = acme_accounts["A-1001"]
    closed = close_books(maria.client_id, ON, supervisor)
    before = rows()

    for on in (ON, ON - timedelta(days=40)):
        with pytest.raises(PeriodClosed, match="through 09/30/2025 is closed"):
            fee(maria, on)
    assert rows() == before

    fee(maria, ON + timedelta(days=1))
    assert closed_through(maria.client_id) == ON and closed_through(client_beta.pk) is None
    event = AuditEvent.objects.get(action="ledger.books_closed")
    assert (event.actor, event.object_id, event.after) == (supervisor, str(closed.pk), {"through": "2025-09-30"})


def test_books_close_forward_only(acme_accounts):
    client_id = acme_accounts["A-1001"].client_id
    close_books(client_id, ON, None)

    for through in (ON, ON - timedelta(days=1)):
        with pytest.raises(InvalidInput, match="already closed through 09/30/2025"):
            close_books(client_id, through, None)
    close_books(client_id, ON + timedelta(days=31), None)
    assert closed_through(client_id) == ON + timedelta(days=31)


@pytest.mark.parametrize("on", [ON, ON - timedelta(days=1)], ids=["the_last_day", "a_day_before"])
def test_the_database_refuses_an_entry_written_with_sql_into_closed_books(acme_accounts, on):
    maria = acme_accounts["A-1001"]
    close_books(maria.client_id, ON, None)
    before = rows()

    with pytest.raises(IntegrityError, match="closed through"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO ledger_entry (kind, memo, client_id, account_id, effective_on, created_at)"
                       " VALUES ('adjustment', 'by hand', %s, %s, %s, CURRENT_TIMESTAMP)",
                       [maria.client_id, maria.pk, on.isoformat()])

    assert rows() == before


def test_a_placement_dated_in_closed_books_is_refused_whole(client_acme, place):
    from conftest import MARIA, PLACEMENT_HEADER

    close_books(client_acme.pk, timezone.localdate() - timedelta(days=1), None)
    dated = timezone.localdate() - timedelta(days=2)

    batch = place(client_acme, f"{MARIA},{dated.isoformat()}", header=f"{PLACEMENT_HEADER},placement_date")

    assert batch.status == "failed" and "closed through" in batch.message
    assert not batch.accounts.exists() and not Entry.objects.exists()


def test_closed_books_are_never_rewritten(acme_accounts):
    close_books(acme_accounts["A-1001"].client_id, ON, None)

    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_closedbooks SET through = %s", [(ON - timedelta(days=30)).isoformat()])


@pytest.mark.django_db(transaction=True)
def test_the_closed_remittance_periods_of_an_existing_database_become_its_closed_books(acme_accounts):
    """Migrating a database whose periods were closed before the ledger kept closed books: each closed
    period closes its client's books through its last day, with when and by whom it was closed."""
    client_id = acme_accounts["A-1001"].client_id
    executor = MigrationExecutor(connection)
    executor.migrate([("remittance", "0001_initial")])
    old = executor.loader.project_state([("remittance", "0001_initial")]).apps
    closed_at = timezone.now() - timedelta(days=3)
    for starts_on, ends_on in ((date(2025, 8, 1), date(2025, 8, 31)), (date(2025, 9, 1), date(2025, 9, 30))):
        period = old.get_model("remittance", "RemittancePeriod").objects.create(
            client_id=client_id, starts_on=starts_on, ends_on=ends_on, number=f"ACME-{ends_on:%Y%m%d}",
            gross_collected_cents=0, reversals_cents=0, commission_cents=0, direct_payments_cents=0,
            direct_commission_cents=0, remitted_cents=0, transferred_cents=0, due_from_client_cents=0, statement={})
        old.get_model("remittance", "RemittancePeriod").objects.filter(pk=period.pk).update(closed_at=closed_at)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert list(ClosedBooks.objects.order_by("through").values_list("client_id", "through", "closed_at")) == [
        (client_id, date(2025, 8, 31), closed_at), (client_id, date(2025, 9, 30), closed_at)]
    assert closed_through(client_id) == ON
    with pytest.raises(PeriodClosed):
        fee(acme_accounts["A-1001"], ON)
