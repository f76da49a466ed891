"""Posting payments: where the money goes, once per key, on the right account and bucket, and in trust."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from arrears.accounts.models import Account
from arrears.audit.models import AuditEvent
from arrears.clients.models import CommissionRule
from arrears.compliance.actions import record_restriction
from arrears.core.errors import InvalidInput
from arrears.ledger.actions import close_books
from arrears.ledger.models import Book, Posting
from arrears.ledger.queries import balances, entry_sums_not_zero
from arrears.payments.actions import PeriodClosed, post_payment, refund_credit
from arrears.payments.models import Allocation, Payment

pytestmark = pytest.mark.django_db
ONE_DEBTOR_TWO_DEBTS = (  # Rita Ochoa owes Acme on two cards; the older one was charged off first
    "B-1,Rita,Ochoa,234-56-7899,1975-02-03,(505) 555-0111,mobile,,3 Sun Ave,Santa Fe,NM,87501,credit card,"
    "300.00,40.00,10.00,2025-01-31,charge_off,2025-01-31,Big Bank",
    "B-2,Rita,Ochoa,234-56-7899,1975-02-03,(505) 555-0111,mobile,,3 Sun Ave,Santa Fe,NM,87501,credit card,"
    "500.00,0,0,2025-06-30,charge_off,2025-06-30,Big Bank",
)


@pytest.fixture
def maria(acme_accounts):
    """A-1001: principal $1,200.00, interest $35.50; Acme's commission is 25%."""
    return acme_accounts["A-1001"]


@pytest.fixture
def rita(client_acme, place):
    batch = place(client_acme, *ONE_DEBTOR_TWO_DEBTS)
    assert batch.status == "imported", batch.report_csv
    return {a.client_account_number: a for a in batch.accounts.all()}


def book(name, client=None, account=None) -> int:
    rows = Posting.objects.filter(book=name)
    if client is not None:
        rows = rows.filter(client=client)
    if account is not None:
        rows = rows.filter(account=account)
    return rows.aggregate(total=Sum("amount_cents"))["total"] or 0


def pay(account, cents, key, **options):
    return post_payment(account, None, amount_cents=cents, method=options.pop("method", "check"), idempotency_key=key,
                        **options)


def test_a_payment_is_applied_interest_before_principal_and_held_in_trust_net_of_commission(maria, client_acme):
    payment = pay(maria, 10000, "check-1042", reference="1042", instrument="Check #1042")

    assert balances(maria.pk)["principal"] == 120000 - 6450
    assert book(Book.TRUST_CASH, client_acme) == 10000
    assert book(Book.CLIENT_PAYABLE, client_acme) == -7500 and book(Book.AGENCY_TRUST, client_acme) == -2500
    [allocation] = payment.allocations.all()
    assert (allocation.amount_cents, allocation.commission_rate_bp, allocation.commission_cents) == (10000, 2500, 2500)
    assert list(entry_sums_not_zero()) == []
    event = AuditEvent.objects.get(action="payment.posted")
    assert event.account_id == maria.pk and "$100.00" in event.summary


def test_the_same_idempotency_key_posts_once_and_cannot_be_reused_for_another_payment(maria):
    first = pay(maria, 5000, "lockbox:B77:12")
    again = pay(maria, 5000, "lockbox:B77:12")

    assert again.pk == first.pk and Payment.objects.count() == 1
    assert sum(balances(maria.pk).values()) == 123550 - 5000
    with pytest.raises(InvalidInput, match="already used for another payment"):
        pay(maria, 7000, "lockbox:B77:12")


def test_a_payment_spills_to_the_same_debtor_s_older_debts_and_skips_a_disputed_one(rita, collector):
    newer, older = rita["B-2"], rita["B-1"]

    pay(newer, 60000, "k1")  # $500 clears B-2, the rest goes to B-1: fees, then interest, then principal

    assert sum(balances(newer.pk).values()) == 0
    assert balances(older.pk) == {"principal": 30000 - 5000, "interest": 0, "fees": 0, "costs": 0}
    assert Account.objects.get(pk=newer.pk).status == "paid_in_full"

    debtor = older.parties.get().debtor
    record_restriction(debtor, collector, kind="oral_dispute", received_at=timezone.now(), received_via="phone",
                       account=older, evidence="says the interest is wrong")
    payment = pay(newer, 2000, "k2")  # nothing owed on B-2, and B-1 is disputed: a credit to refund
    assert payment.credit_cents == 2000
    assert book(Book.DEBTOR_CREDIT, account=newer) == -2000


def test_a_split_follows_the_debtor_s_direction_but_never_pays_a_disputed_debt(rita, collector):
    newer, older = rita["B-2"], rita["B-1"]

    pay(newer, 10000, "k1", split={older.pk: 4000, newer.pk: 6000})
    assert sum(balances(older.pk).values()) == 35000 - 4000 and sum(balances(newer.pk).values()) == 50000 - 6000

    record_restriction(older.parties.get().debtor, collector, kind="written_dispute", received_at=timezone.now(),
                       received_via="mail", account=older, evidence="letter")
    with pytest.raises(InvalidInput, match="B-1 is disputed"):
        pay(newer, 1000, "k2", split={older.pk: 1000})
    with pytest.raises(InvalidInput, match="adds up to 900 cents"):
        pay(newer, 1000, "k3", split={newer.pk: 900})


def test_an_overpayment_is_a_credit_balance_that_can_be_refunded(maria, client_acme):
    payment = pay(maria, 130000, "k1")

    assert sum(balances(maria.pk).values()) == 0 and payment.credit_cents == 130000 - 123550
    assert book(Book.DEBTOR_CREDIT, account=maria) == -6450
    with pytest.raises(InvalidInput, match="credit balance is \\$64.50"):
        refund_credit(maria, None, amount_cents=7000, method="check")
    refund_credit(maria, None, amount_cents=6450, method="check", reference="refund check 88")
    assert book(Book.DEBTOR_CREDIT, account=maria) == 0
    assert book(Book.TRUST_CASH, client_acme) == 123550


def test_a_payment_made_to_the_client_directly_lowers_the_balance_and_bills_the_commission(maria, client_acme):
    pay(maria, 20000, "direct-1", method="direct")

    assert sum(balances(maria.pk).values()) == 123550 - 20000
    assert book(Book.TRUST_CASH, client_acme) == 0
    assert book(Book.DUE_FROM_CLIENT, client_acme) == 5000 and book(Book.BILLED_TO_CLIENT, client_acme) == -5000


def test_commission_rules_by_debt_type_and_age_pick_the_most_specific(maria, client_acme):
    CommissionRule.objects.create(client=client_acme, min_age_days=0, rate_bp=2000)
    CommissionRule.objects.create(client=client_acme, debt_type="credit_card", min_age_days=365, rate_bp=3500)

    payment = pay(maria, 10000, "k1")  # charged off 2025-06-30: over a year old when paid

    assert payment.allocations.get().commission_rate_bp == 3500


def test_bad_payments_are_refused_and_nothing_is_written(maria):
    for options, field in (({"amount_cents": 0}, "amount"), ({"method": "barter"}, "method"),
                           ({"idempotency_key": " "}, "idempotency_key"),
                           ({"received_at": timezone.now() + timedelta(days=1)}, "received_at")):
        arguments = {"amount_cents": 100, "method": "check", "idempotency_key": "k", **options}
        with pytest.raises(InvalidInput) as refused:
            post_payment(maria, None, **arguments)
        assert refused.value.field == field
    assert not Payment.objects.exists() and not Posting.objects.exclude(entry__kind="placement").exists()


def test_nothing_is_posted_into_a_closed_remittance_period(maria, client_acme):
    today = timezone.localdate()
    close_books(client_acme.pk, today - timedelta(days=1), None)

    with pytest.raises(PeriodClosed, match="is closed"):
        pay(maria, 1000, "k", effective_on=today - timedelta(days=3))
    pay(maria, 1000, "k", effective_on=today)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent connections need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_payments_at_once_on_one_account_both_post_on_the_balance_the_other_left(role_groups, client_acme, place):
    from conftest import MARIA

    batch = place(client_acme, MARIA)
    account = batch.accounts.get()
    start = threading.Barrier(2)
    errors = []

    def pay_in_thread(key: str, cents: int) -> None:
        from django.db import connection as own

        try:
            start.wait()
            pay(Account.objects.get(pk=account.pk), cents, key)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=pay_in_thread, args=(f"t{i}", 50000)) for i in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]

    assert errors == []
    assert Payment.objects.count() == 2 and Allocation.objects.count() == 2
    assert sum(balances(account.pk).values()) == 123550 - 100000
    assert book(Book.TRUST_CASH, client_acme) == 100000


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent connections need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_payment_waiting_on_an_account_the_first_payment_paid_off_still_finds_it(role_groups, client_acme, rita):
    """Rita's older card is paid off (its row changes) while a second payment on it waits for the lock: the
    second one still finds the card, and goes on to her other one."""
    older, newer = rita["B-1"], rita["B-2"]
    first_posted, let_first_commit = threading.Event(), threading.Event()
    errors = []

    def first() -> None:
        from django.db import connection as own, transaction

        try:
            with transaction.atomic():
                pay(Account.objects.get(pk=older.pk), 35000, "first")
                first_posted.set()
                let_first_commit.wait(10)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            first_posted.set()
            own.close()

    def second() -> None:
        from django.db import connection as own

        try:
            first_posted.wait(10)
            pay(Account.objects.get(pk=older.pk), 20000, "second")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    [t.start() for t in threads]
    first_posted.wait(10)
    threading.Event().wait(0.5)  # the second payment is now waiting on the card's lock
    let_first_commit.set()
    [t.join() for t in threads]

    assert errors == []
    assert sorted(Payment.objects.values_list("amount_cents", flat=True)) == [20000, 35000]
    assert Account.objects.get(pk=older.pk).status == "paid_in_full"
    assert sum(balances(older.pk).values()) == 0 and sum(balances(newer.pk).values()) == 50000 - 20000


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent connections need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_request_sent_again_while_the_first_is_still_posting_is_answered_as_a_replay(role_groups, client_acme,
                                                                                       place):
    """A client that times out and retries at once: the retry waits for the first posting, posts nothing, and
    says it is a replay (200, Idempotent-Replayed), not a second 201."""
    from django.test import Client

    from conftest import MARIA, _user
    from arrears.users import roles
    from arrears.users.actions import create_api_token

    account = place(client_acme, MARIA).accounts.get()
    crm = _user(roles.COLLECTOR, "crm")
    _, token = create_api_token(crm, "crm", None)
    first_posted, let_first_commit = threading.Event(), threading.Event()
    answers, errors = [], []

    def first() -> None:
        from django.db import connection as own, transaction

        try:
            with transaction.atomic():
                post_payment(Account.objects.get(pk=account.pk), crm, amount_cents=10000, method="check",
                             idempotency_key=f"api:{crm.pk}:retry-1")
                first_posted.set()
                let_first_commit.wait(10)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            first_posted.set()
            own.close()

    def retry() -> None:
        from django.db import connection as own

        try:
            first_posted.wait(10)
            answers.append(Client().post(f"/api/v1/accounts/{account.pk}/payments",
                                         {"amount_cents": 10000, "method": "check"}, content_type="application/json",
                                         headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "retry-1"}))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=first), threading.Thread(target=retry)]
    [t.start() for t in threads]
    first_posted.wait(10)
    threading.Event().wait(0.5)  # the retry is now waiting on the account's lock
    let_first_commit.set()
    [t.join() for t in threads]

    assert errors == []
    assert answers[0].status_code == 200 and answers[0]["Idempotent-Replayed"] == "true"
    assert Payment.objects.count() == 1
