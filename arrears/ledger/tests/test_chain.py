"""The ledger and the audit trail are tamper-evident: `arrears check_ledger` seals them into hash chains and
names the first link a change, a deletion or a truncation broke, on SQLite as on PostgreSQL."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.recorder import MigrationRecorder

from arrears.audit.models import AuditEvent, EventSeal
from arrears.ledger.models import Entry, EntrySeal, Posting
from arrears.payments.actions import post_payment

pytestmark = pytest.mark.django_db


def check() -> str:
    out = StringIO()
    call_command("check_ledger", stdout=out, stderr=out)
    return out.getvalue()


def refused() -> str:
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("check_ledger", "--no-seal", stdout=out, stderr=out)
    return f"{failed.value}\n{out.getvalue()}"


def behind_arrears_back(*statements: str) -> None:
    """What someone with the database's password could do: write around the triggers that refuse it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what was written so far is checked, as at commit
            cursor.execute("SET session_replication_role = replica")  # fires no triggers
        else:
            for table in ("ledger_entry", "ledger_posting", "audit_auditevent"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        try:
            for sql in statements:
                cursor.execute(sql)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture
def sealed(acme_accounts):
    maria = acme_accounts["A-1001"]
    payment = post_payment(maria, None, amount_cents=10000, method="check", idempotency_key="k1")
    first = check()
    assert "ledger balances" in first and "sealed 3 entries" in first
    again = check()
    assert "ledger entries: 3 links hold" in again and "sealed 0 entries and 0 audit events" in again
    return payment


def test_an_untouched_ledger_holds_and_new_rows_join_the_chain(sealed, acme_accounts):
    post_payment(acme_accounts["A-1002"], None, amount_cents=500, method="check", idempotency_key="k2")
    assert "1 not yet sealed" in check()
    assert EntrySeal.objects.count() == Entry.objects.count() == 4
    assert EventSeal.objects.count() == AuditEvent.objects.count()


def test_a_posting_changed_behind_arrears_back_is_named(sealed):
    posting = Posting.objects.filter(entry__kind="payment").order_by("pk").first()
    link = EntrySeal.objects.get(row_id=posting.entry_id).seq
    behind_arrears_back(f"UPDATE ledger_posting SET amount_cents = amount_cents * 2 WHERE entry_id = {posting.entry_id}")

    problem = refused()

    assert f"link {link}: row {posting.entry_id} was changed after it was sealed" in problem
    assert "changed outside arrears" in problem


def test_a_deleted_entry_and_a_deleted_audit_event_are_named(sealed):
    entry = Entry.objects.filter(kind="placement").order_by("pk").last()
    event = AuditEvent.objects.order_by("pk").first()
    behind_arrears_back(f"DELETE FROM ledger_posting WHERE entry_id = {entry.pk}",
                        f"DELETE FROM ledger_entry WHERE id = {entry.pk}",
                        f"DELETE FROM audit_auditevent WHERE id = {event.pk}")

    problem = refused()

    assert f"row {entry.pk} is gone" in problem and "chain of ledger entries" in problem
    assert f"row {event.pk} is gone" in problem and "chain of audit events" in problem


def test_emptying_the_tables_is_detected(acme_accounts):
    check()
    behind_arrears_back("DELETE FROM ledger_posting", "DELETE FROM ledger_entry")

    assert re.search(r"chain of ledger entries is broken at link \d+: row \d+ is gone", refused())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE triggers are PostgreSQL's")
def test_truncate_of_the_ledger_and_the_audit_trail_is_refused(sealed):
    for table in ("ledger_posting", "ledger_entry", "audit_auditevent", "ledger_entryseal", "audit_eventseal"):
        with pytest.raises(DatabaseError, match="append-only: TRUNCATE refused"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET LOCAL arrears.allow_truncate = 'off'")
                cursor.execute(f"TRUNCATE {table} CASCADE")
    assert Entry.objects.exists() and AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_migrations_that_protect_the_ledger_cannot_be_unapplied(role_groups):
    for app, target in (("ledger", "0005_closed_books"), ("ledger", "0002_initial"), ("compliance", "0001_initial")):
        with pytest.raises(IrreversibleError, match="is refused"):
            call_command("migrate", app, target, verbosity=0)
    assert "0006_entry_seals" in {name for app, name in MigrationRecorder(connection).applied_migrations()
                                  if app == "ledger"}
