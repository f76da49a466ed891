"""Remittance periods: what a client is paid for a period, what the agency keeps, and what carries over."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum
from django.utils import timezone

from arrears.clients.models import ClientContact
from arrears.core.errors import InvalidInput, NotAllowed
from arrears.ledger.models import Book, Entry, EntryKind, Posting
from arrears.payments.actions import post_payment, reverse_payment
from arrears.remittance.actions import close_period
from arrears.remittance.models import RemittancePeriod
from arrears.remittance.queries import build_statement, invoice_for, open_statement, trust_problems

pytestmark = pytest.mark.django_db


def book(name, client) -> int:
    return Posting.objects.filter(book=name, client=client).aggregate(total=Sum("amount_cents"))["total"] or 0


def pay(account, cents, key, method="check"):
    return post_payment(account, None, amount_cents=cents, method=method, idempotency_key=key, reference=key)


@pytest.fixture
def november(acme_accounts, business_hours):
    """Placed on day 0; on day 3 Maria pays $100 by check and $50 to Acme directly, John pays $200 by card;
    on day 5 John's payment comes back NSF. Acme's commission is 25% and its contract allows no fees."""
    start = timezone.localdate()
    business_hours.shift(timedelta(days=3))
    maria, john = acme_accounts["A-1001"], acme_accounts["A-1002"]
    pay(maria, 10000, "chk-1")
    pay(maria, 5000, "direct-1", method="direct")
    johns = pay(john, 20000, "card-1", method="card")
    business_hours.shift(timedelta(days=2))
    reverse_payment(johns, None, reason="nsf", note="bank says NSF")
    business_hours.shift(timedelta(days=30))
    return {"start": start, "end": start + timedelta(days=29), "maria": maria, "john": john}


def test_a_period_s_statement_adds_up_its_payments_reversals_and_direct_payments(november, client_acme):
    statement = build_statement(client_acme, november["start"], november["end"])

    assert [(line.kind, line.amount_cents, line.commission_cents) for line in statement.lines] == [
        ("payment", 10000, 2500), ("direct", 5000, 1250), ("payment", 20000, 5000), ("reversal", -20000, -5000)]
    assert (statement.gross_collected_cents, statement.reversals_cents, statement.net_collected_cents) == (
        30000, 20000, 10000)
    assert (statement.commission_cents, statement.direct_payments_cents, statement.direct_commission_cents) == (
        2500, 5000, 1250)
    assert statement.net_due_cents == 10000 - 2500 - 1250
    assert statement.collected_by_bucket == {"principal": 6450, "interest": 3550, "fees": 0, "costs": 0}
    reversal = statement.lines[-1]
    assert reversal.account_number == "A-1002" and reversal.debtor_name == "John Smith"
    assert "Returned check" in reversal.note and "bank says NSF" in reversal.note


def test_closing_pays_the_client_net_keeps_the_commission_and_offsets_the_direct_commission(november, client_acme,
                                                                                              admin_user):
    period = close_period(client_acme, admin_user, ends_on=november["end"])

    assert (period.remitted_cents, period.transferred_cents, period.due_from_client_cents) == (6250, 3750, 0)
    assert book(Book.TRUST_CASH, client_acme) == 0  # everything collected has left trust
    assert book(Book.CLIENT_PAYABLE, client_acme) == 0 and book(Book.AGENCY_TRUST, client_acme) == 0
    assert book(Book.DUE_FROM_CLIENT, client_acme) == 0
    assert period.statement["net_due_cents"] == 6250 and len(period.statement["lines"]) == 4
    assert trust_problems() == []
    call_command("check_trust")


def test_a_closed_period_stays_closed_and_later_corrections_land_in_the_next(november, client_acme, admin_user):
    close_period(client_acme, admin_user, ends_on=november["end"])
    with pytest.raises(InvalidInput, match="closed through"):
        close_period(client_acme, admin_user, ends_on=november["end"])
    maria_check = november["maria"].payments.get(idempotency_key="chk-1")

    reverse_payment(maria_check, None, reason="nsf")  # today, in the open period: Acme was paid $75 of it
    pay(november["john"], 4000, "chk-2")

    draft = open_statement(client_acme, timezone.localdate())
    assert [line.kind for line in draft.lines] == ["reversal", "payment"] and draft.previous_balance_cents == 0
    assert draft.net_due_cents == -7500 + 3000
    assert draft.closed is False and draft.period_start == november["end"] + timedelta(days=1)


def test_what_the_client_owes_is_invoiced_and_carried_into_the_next_statement(november, client_acme, admin_user,
                                                                              business_hours):
    close_period(client_acme, admin_user, ends_on=november["end"])
    reverse_payment(november["maria"].payments.get(idempotency_key="chk-1"), None, reason="nsf")
    pay(november["john"], 8000, "direct-2", method="direct")  # $20.00 commission due from Acme
    today = timezone.localdate()
    business_hours.shift(timedelta(days=1))

    period = close_period(client_acme, admin_user, ends_on=today)

    # The bank took the $100.00 check back out of trust after Acme had its $75.00: the agency put the $100.00
    # back the day it came back (its own $25.00 and Acme's $75.00), so closing moves nothing and bills Acme the
    # $75.00 with the $20.00 commission.
    cover = Entry.objects.get(kind=EntryKind.REMITTANCE, memo__startswith="Trust made whole by the agency")
    assert cover.effective_on == today and sum(p.amount_cents for p in cover.postings.filter(book=Book.TRUST_CASH)) \
        == 10000
    assert (period.remitted_cents, period.transferred_cents, period.due_from_client_cents) == (0, 0, 7500 + 2000)
    assert book(Book.TRUST_CASH, client_acme) == 0
    invoice = invoice_for(period, build_statement(client_acme, period.starts_on, period.ends_on))
    assert invoice.amount_cents == 9500 and [line.amount_cents for line in invoice.lines] == [8000]
    assert trust_problems() == []

    pay(november["john"], 40000, "chk-3")  # $300.00 net of commission: $95.00 of it settles what Acme owed
    business_hours.shift(timedelta(days=1))
    following = build_statement(client_acme, period.ends_on + timedelta(days=1), timezone.localdate())
    assert following.previous_balance_cents == -9500 and following.net_due_cents == 30000 - 9500
    later = close_period(client_acme, admin_user, ends_on=timezone.localdate() - timedelta(days=1))
    assert later.remitted_cents == 30000 - 9500 and later.due_from_client_cents == 0
    assert trust_problems() == []


def test_closing_takes_the_permission_and_a_day_already_over(november, client_acme, supervisor, collector):
    with pytest.raises(NotAllowed):
        close_period(client_acme, collector, ends_on=november["end"])
    with pytest.raises(InvalidInput, match="through yesterday"):
        close_period(client_acme, supervisor, ends_on=timezone.localdate())
    assert not RemittancePeriod.objects.exists()


def test_the_statement_names_the_client_contact_who_receives_remittances(november, client_acme):
    ClientContact.objects.create(client=client_acme, name="Pat Payables", email="ap@acme.example",
                                 receives_remittance=True)
    statement = build_statement(client_acme, november["start"], november["end"])
    assert statement.client.name == "Acme Bank" and statement.client.email == "ap@acme.example"


def test_check_trust_fails_loudly_when_trust_does_not_reconcile(november, client_acme):
    from arrears.ledger.models import Entry

    entry = Entry.objects.filter(kind="payment").first()
    # A posting written around the ledger's actions (as a bad migration or a hand edit would) breaks the trust
    # account's balance for Acme; the check names it.
    Posting.objects.create(entry=entry, book=Book.TRUST_CASH, client=client_acme, amount_cents=1)
    Posting.objects.create(entry=entry, book=Book.RECEIVABLE, client=client_acme, account=november["maria"],
                           bucket="principal", amount_cents=-1)
    problems = [str(p) for p in trust_problems()]
    assert any("acme: trust cash differs" in p for p in problems)
    with pytest.raises(CommandError, match="trust does not reconcile"):
        call_command("check_trust")
