"""The double-entry ledger: entries balance, balances are sums of postings, history cannot be rewritten."""

import threading
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arrears.audit.models import AuditEvent
from arrears.ledger.actions import Line, UnbalancedEntry, post_entry
from arrears.ledger.models import BUCKET_ORDER, Book, Entry, EntryKind, Posting
from arrears.ledger.queries import balances, entry_sums_not_zero, total_balances

on_postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                        reason="the deferred balance trigger and DELETE refusal are PostgreSQL's")


def adjust(account, bucket: str, cents: int, **options) -> Entry:
    """Raise (or with a negative amount, lower) one bucket of an account against the client's claim."""
    return post_entry(
        kind=EntryKind.ADJUSTMENT, memo=f"adjust {bucket} by {cents}", client_id=account.client_id,
        effective_on=date(2025, 9, 1), account_id=account.pk,
        lines=[Line(Book.RECEIVABLE, cents, account.pk, bucket), Line(Book.CLIENT_PLACED, -cents, account.pk)],
        **options,
    )


def ledger_rows() -> tuple[int, int, int]:
    return Entry.objects.count(), Posting.objects.count(), AuditEvent.objects.filter(action__startswith="ledger.").count()


@pytest.fixture
def maria(acme_accounts):
    return acme_accounts["A-1001"]


# --- post_entry -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lines", "problem"), [
    ([Line(Book.RECEIVABLE, 500, None, "fees"), Line(Book.CLIENT_PLACED, -400)], "sum to 100 cents"),
    ([Line(Book.RECEIVABLE, 500, None, "fees")], "at least two postings"),
    ([Line(Book.RECEIVABLE, 0, None, "fees"), Line(Book.CLIENT_PLACED, 0)], "zero posting"),
    ([], "at least two postings"),
], ids=["unbalanced", "one_line", "zero_lines", "no_lines"])
def test_post_entry_refuses_an_entry_that_does_not_balance_and_writes_nothing(maria, lines, problem):
    lines = [Line(l.book, l.amount_cents, maria.pk, l.bucket) for l in lines]
    before = ledger_rows()

    with pytest.raises(UnbalancedEntry, match=problem):
        post_entry(kind=EntryKind.ADJUSTMENT, memo="bad", client_id=maria.client_id, effective_on=date(2025, 9, 1),
                   account_id=maria.pk, lines=lines)

    assert ledger_rows() == before


def test_a_balanced_entry_is_written_with_its_postings_and_audited(maria, supervisor):
    entry = adjust(maria, "fees", 2500, actor=supervisor)

    assert sorted(entry.postings.values_list("book", "bucket", "amount_cents")) == [
        ("client_placed", "", -2500), ("receivable", "fees", 2500)]
    event = AuditEvent.objects.get(action="ledger.adjustment", object_id=str(entry.pk))
    assert (event.actor, event.account_id) == (supervisor, maria.pk)
    assert event.after == {"lines": [["receivable", maria.pk, "fees", 2500], ["client_placed", maria.pk, "", -2500]]}


def test_a_receivable_posting_must_name_its_account_and_bucket(maria):
    with pytest.raises(IntegrityError), transaction.atomic():
        post_entry(kind=EntryKind.ADJUSTMENT, memo="no bucket", client_id=maria.client_id,
                   effective_on=date(2025, 9, 1), lines=[Line(Book.RECEIVABLE, 100, maria.pk, ""),
                                                         Line(Book.CLIENT_PLACED, -100, maria.pk)])


def test_posting_twice_with_one_idempotency_key_returns_the_first_entry(maria):
    first = adjust(maria, "costs", 1000, idempotency_key="court-filing-2025-09-01")
    before = ledger_rows()

    second = adjust(maria, "costs", 1000, idempotency_key="court-filing-2025-09-01")

    assert second.pk == first.pk
    assert ledger_rows() == before
    assert balances(maria.pk)["costs"] == 1000


def test_balances_per_bucket_are_the_sums_of_the_postings(acme_accounts):
    maria, john = acme_accounts["A-1001"], acme_accounts["A-1002"]
    opening = balances(maria.pk)
    adjust(maria, "fees", 2500)
    adjust(maria, "interest", -550)
    adjust(maria, "costs", 1000)
    adjust(john, "principal", -100)

    assert balances(maria.pk) == {**opening, "fees": opening["fees"] + 2500, "interest": opening["interest"] - 550,
                                  "costs": opening["costs"] + 1000}
    for a in (maria, john):
        sums = dict(Posting.objects.filter(account=a, book=Book.RECEIVABLE).values_list("bucket")
                    .annotate(total=Sum("amount_cents")).order_by())
        assert balances(a.pk) == {b.value: sums.get(b.value, 0) for b in BUCKET_ORDER}
        assert total_balances([a.pk])[a.pk] == sum(balances(a.pk).values())
    assert not entry_sums_not_zero().exists()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=st.lists(
    st.tuples(st.sampled_from([0, 1]), st.lists(
        st.tuples(st.sampled_from([b.value for b in BUCKET_ORDER]),
                  st.integers(-10**9, 10**9).filter(bool)), min_size=1, max_size=4)),
    min_size=1, max_size=6))
def test_any_sequence_of_balanced_entries_keeps_every_entry_at_zero_and_balances_at_their_sums(acme_accounts, moves):
    accounts = [acme_accounts["A-1001"], acme_accounts["A-1002"]]
    with transaction.atomic():
        expected = {a.pk: balances(a.pk) for a in accounts}
        for which, changes in moves:
            a = accounts[which]
            lines = [Line(Book.RECEIVABLE, cents, a.pk, bucket) for bucket, cents in changes]
            total = sum(cents for _, cents in changes)
            if total:
                lines.append(Line(Book.CLIENT_PLACED, -total, a.pk))
            post_entry(kind=EntryKind.ADJUSTMENT, memo="move", client_id=a.client_id, effective_on=date(2025, 9, 1),
                       account_id=a.pk, lines=lines)
            for bucket, cents in changes:
                expected[a.pk][bucket] += cents

        assert not entry_sums_not_zero().exists()
        assert {a.pk: balances(a.pk) for a in accounts} == expected
        transaction.set_rollback(True)


# --- what the database itself refuses -------------------------------------------------------------------------


def _insert_entry(cursor, client_id: int, account_id: int) -> int:
    cursor.execute(
        "INSERT INTO ledger_entry (kind, memo, client_id, account_id, effective_on, created_at)"
        " VALUES ('adjustment', 'by hand', %s, %s, '2025-09-01', CURRENT_TIMESTAMP) RETURNING id",
        [client_id, account_id],
    )
    return cursor.fetchone()[0]


def _insert_posting(cursor, entry_id: int, client_id: int, account_id: int, book: str, bucket: str, cents: int):
    cursor.execute(
        "INSERT INTO ledger_posting (entry_id, book, account_id, client_id, bucket, amount_cents)"
        " VALUES (%s, %s, %s, %s, %s, %s)",
        [entry_id, book, account_id, client_id, bucket, cents],
    )


@on_postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("amounts", [[500, -400], [500], []], ids=["unbalanced", "one_posting", "no_postings"])
def test_postgresql_refuses_an_unbalanced_entry_written_with_sql_at_commit(acme_accounts, amounts):
    maria = acme_accounts["A-1001"]
    before = ledger_rows()

    with pytest.raises(IntegrityError, match="unbalanced"):
        with transaction.atomic(), connection.cursor() as cursor:
            entry_id = _insert_entry(cursor, maria.client_id, maria.pk)
            for n, cents in enumerate(amounts):
                book, bucket = (Book.RECEIVABLE, "fees") if n == 0 else (Book.CLIENT_PLACED, "")
                _insert_posting(cursor, entry_id, maria.client_id, maria.pk, book, bucket, cents)
            # Each statement was accepted: the check waits for the commit, when the entry is complete.

    assert ledger_rows() == before


@on_postgresql_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_accepts_a_balanced_entry_written_with_sql(acme_accounts):
    maria = acme_accounts["A-1001"]

    with transaction.atomic(), connection.cursor() as cursor:
        entry_id = _insert_entry(cursor, maria.client_id, maria.pk)
        _insert_posting(cursor, entry_id, maria.client_id, maria.pk, Book.RECEIVABLE, "fees", 500)
        _insert_posting(cursor, entry_id, maria.client_id, maria.pk, Book.CLIENT_PLACED, "", -500)

    assert balances(maria.pk)["fees"] == 500


@pytest.mark.parametrize("table", ["ledger_posting", "ledger_entry", "audit_auditevent"])
def test_the_database_refuses_to_update_ledger_and_audit_rows(acme_accounts, table):
    column = {"ledger_posting": "amount_cents = amount_cents + 1", "ledger_entry": "memo = 'rewritten'",
              "audit_auditevent": "summary = 'rewritten'"}[table]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        assert cursor.fetchone()[0] > 0

        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            cursor.execute(f"UPDATE {table} SET {column}")


def test_the_orm_cannot_update_a_posting_either(maria):
    posting = Posting.objects.filter(account=maria).first()

    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        Posting.objects.filter(pk=posting.pk).update(amount_cents=1)

    posting.refresh_from_db()
    assert posting.amount_cents != 1


@on_postgresql_only
@pytest.mark.parametrize("table", ["ledger_posting", "ledger_entry", "audit_auditevent"])
def test_postgresql_refuses_to_delete_ledger_and_audit_rows(acme_accounts, table):
    with connection.cursor() as cursor, pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        cursor.execute(f"DELETE FROM {table}")


@on_postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_second_post_with_the_same_key_made_while_the_first_commits_returns_the_first_entry(acme_accounts):
    maria = acme_accounts["A-1001"]
    first_written, second_done = threading.Event(), threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                outcome["first"] = adjust(maria, "fees", 700, idempotency_key="webhook-42")
                first_written.set()
                # Commit only once the second post is under way (it waits on the key's unique index).
                second_done.wait(timeout=1.0)
        finally:
            connection.close()

    def second():
        try:
            first_written.wait(timeout=10)
            outcome["second"] = adjust(maria, "fees", 700, idempotency_key="webhook-42")
        except Exception as exc:  # reported below, with the thread's result
            outcome["second"] = exc
        finally:
            second_done.set()
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert isinstance(outcome["second"], Entry), outcome["second"]
    assert outcome["second"].pk == outcome["first"].pk
    assert Entry.objects.filter(idempotency_key="webhook-42").count() == 1
    assert balances(maria.pk)["fees"] == 700
