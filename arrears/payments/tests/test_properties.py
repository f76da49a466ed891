"""Whatever happens to the money, the books stay right: property tests (hypothesis) of payments, reversals,
adjustments, refunds and remittance closes, in any order.

A state machine drives the real actions against the test database, the way the back office would: payments on
any of a debtor's accounts (spilling over to the same client's other debts, or split as the debtor directs, by
any method including straight to the client), the same payment delivered twice, returned checks, ACH returns,
chargebacks and corrections, fees, interest, write-offs and corrections from the client, refunds of credit
balances, days passing and remittance periods closing. It keeps its own model of what each account owes (what
was placed, less what payments applied, plus adjustments, plus what reversals gave back) and of each client's
trust books, dated (what each payment, reversal, refund and close moves, including the agency making trust whole
when a reversal takes back money already remitted), computed from the operations' inputs, never from the postings
it checks. After every step:

- every ledger entry balances, and the trust account reconciles (`trust_problems()` is empty: cash in trust is
  never negative, also between a reversal of remitted money and the next close);
- each account's balance per bucket is the sum of its receivable postings, is what the model says, and is never
  negative; an overpayment is a credit balance to refund (debtor_credit), never a negative balance;
- a refused operation wrote nothing, and one the model expects to succeed is not refused; nothing is posted on a
  date inside a closed period of any client it touches, nor a reversal dated before its payment or in the future;
- a closed remittance period never changes.

Each example runs in its own savepoint, rolled back at the end, so examples never see each other's postings.
A second, pure property covers `allocate` and `waterfall` on their own.

Rules the state machine once found broken are also properties of their own below (regression tests): trust is
made whole at once when remitted money comes back (also when the close comes after the reversal), every
client's closed period is respected by a split payment and by its reversal, and the idempotency keys of
payments and adjustments never collide.
"""

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from arrears.accounts.models import OPEN_STATUSES, TRANSITIONS, Account, AccountDebtor, Role, Status, StatusChange
from arrears.audit.models import AuditEvent
from arrears.clients.actions import create_client
from arrears.core.errors import InvalidInput
from arrears.ledger.models import Book, ClosedBooks, Entry, EntryKind, Posting
from arrears.ledger.queries import balances, entry_sums_not_zero
from arrears.payments.actions import PeriodClosed, adjust_balance, post_payment, refund_credit, reverse_payment
from arrears.payments.allocation import DEFAULT_ORDER, Debt, allocate, waterfall
from arrears.payments.models import Adjustment, Allocation, Payment, Refund, Reversal
from arrears.remittance.actions import close_period
from arrears.remittance.models import RemittancePeriod
from arrears.remittance.queries import trust_problems

BUCKETS = ("principal", "interest", "fees", "costs")
TRUST_METHODS = ("card", "ach", "check", "money_order", "cash", "lockbox", "wire")
RETURNED_FEE = 2500
FERN_ORDER = ("interest", "fees", "principal", "costs")

RITA = ("{number},Rita,Ochoa,234-56-7899,1975-02-03,(505) 555-0111,mobile,,3 Sun Ave,Santa Fe,NM,87501,credit card,"
        "{balances},{charged_off},charge_off,{charged_off},Big Bank")
JOHN = ("J-1,John,Smith,,1975-01-15,212-555-0199,,john@example.org,45 Elm St Apt 3,New York,NY,10001,medical,"
        "1000.00,0,25.00,2025-08-01,last_statement,,City Hospital")

MACHINE_SETTINGS = settings(max_examples=25, stateful_step_count=10, deadline=None, database=None,
                            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                                   HealthCheck.data_too_large])


# --- the cast: two clients, a debtor with three debts (two with one client, one with the other) and another debtor

@dataclass
class World:
    fern: object        # Fern Finance: fees ($25 returned-payment fee) and interest allowed, 33.33%, interest first
    acme: object        # Acme Bank: no fees, no interest, 25%, the default order
    accounts: list      # Account rows as placed
    placed_on: date
    started_at: datetime  # 1 p.m. New York on the placement day: every example starts there


@pytest.fixture
def world(db, place, business_hours):
    fern = create_client(None, code="fern", name="Fern Finance", fees_allowed=True,
                         returned_payment_fee_cents=RETURNED_FEE, interest_allowed=True, commission_rate_bp=3333,
                         allocation_order=",".join(FERN_ORDER))
    acme = create_client(None, code="acme", name="Acme Bank")
    first = place(fern, RITA.format(number="R-1", balances="300.00,40.00,10.00", charged_off="2025-01-31"),
                  RITA.format(number="R-2", balances="500.00,0,0", charged_off="2025-06-30"), JOHN)
    second = place(acme, RITA.format(number="R-3", balances="150.00,0,12.34", charged_off="2025-03-31"))
    assert first.status == second.status == "imported", (first.report_csv, second.report_csv)
    accounts = sorted([*first.accounts.all(), *second.accounts.all()], key=lambda a: a.client_account_number)
    assert [a.client_account_number for a in accounts] == ["J-1", "R-1", "R-2", "R-3"]
    placed = {"J-1": (100000, 0, 2500, 0), "R-1": (30000, 4000, 1000, 0), "R-2": (50000, 0, 0, 0),
              "R-3": (15000, 0, 1234, 0)}
    assert {a.client_account_number: tuple(balances(a.pk)[b] for b in BUCKETS) for a in accounts} == placed
    return World(fern, acme, accounts, timezone.localdate(), timezone.now())


# --- the model

class Refused(Exception):
    """The model's prediction that the action refuses (with the error class it should raise)."""

    def __init__(self, error: type[Exception], why: str):
        super().__init__(why)
        self.error = error


def half_up(cents: int, rate_bp: int) -> int:
    """Commission: `rate_bp` basis points of a (non-negative) amount, rounded half up to the cent."""
    return (2 * cents * rate_bp + 10000) // 20000


@dataclass
class Modelled:
    """What the model knows of one account."""

    pk: int
    number: str
    client_id: int
    debtor_id: int
    oldest_on: date
    order: tuple
    owed: dict = field(default_factory=dict)
    credit: int = 0                 # overpayment held on this account, to refund
    status: str = Status.NEW

    @property
    def total(self) -> int:
        return sum(self.owed.values())


def fill(cents: int, debt: Modelled) -> tuple[dict, int]:
    """The client's order over the buckets: (cents per bucket, what is left)."""
    taken = {}
    for bucket in debt.order:
        take = min(cents, debt.owed[bucket])
        if take:
            taken[bucket] = take
            cents -= take
    return taken, cents


def expected_plan(amount: int, taken_on: Modelled, others: list[Modelled], split: dict | None) -> tuple[dict, int]:
    """Where a payment should go (the rule written out again, independently of `allocate`): {account pk: {bucket:
    cents}} and the credit left on the account it was taken on. Raises Refused for a split that cannot be followed."""
    applied = {}
    if split:
        reachable = {d.pk: d for d in [taken_on, *others]}
        if sum(split.values()) != amount:
            raise Refused(InvalidInput, "the split does not add up to the amount")
        credit = 0
        for pk, cents in split.items():
            if pk not in reachable:
                raise Refused(InvalidInput, "the split names an account that is not open")
            if not cents:
                continue
            taken, left = fill(cents, reachable[pk])
            if left and pk != taken_on.pk:
                raise Refused(InvalidInput, "the split gives an account more than it owes")
            if taken:
                applied[pk] = taken
            credit += left
        return applied, credit
    queue = [taken_on, *sorted((d for d in others if d.client_id == taken_on.client_id),
                               key=lambda d: (d.oldest_on, d.pk))]
    left = amount
    for debt in queue:
        taken, left = fill(left, debt)
        if taken:
            applied[debt.pk] = taken
    return applied, left


@dataclass
class Paid:
    pk: int
    key: str
    account_id: int
    client_id: int
    amount: int
    direct: bool
    credit: int
    applied: dict                   # account pk -> {bucket: cents}
    commission: dict                # account pk -> cents
    seq: int                        # when it was posted, in the machine's own order of operations
    effective_on: date
    method: str = "check"
    reversed: bool = False


WRITTEN = (Posting, Entry, Payment, Allocation, Reversal, Adjustment, Refund, RemittancePeriod, ClosedBooks,
           StatusChange, AuditEvent)


def count_rows() -> dict:
    """Everything a money action writes (in one query): a refused action must leave all of it as it was."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {m._meta.db_table})" for m in WRITTEN))
        return dict(zip((m.__name__ for m in WRITTEN), cursor.fetchone()))


def book_sum(**filters) -> int:
    return Posting.objects.filter(**filters).aggregate(total=Sum("amount_cents"))["total"] or 0


def unless_nothing_was_written(check):
    """Checks after a step that wrote nothing (a refusal, whose row counts were compared, or a day passing) would
    check the same rows again: skip them, which keeps the file fast."""

    def checked(self):
        if self.wrote:
            check(self)

    checked.__name__, checked.__doc__ = check.__name__, check.__doc__
    return checked


class Books(RuleBasedStateMachine):
    """One example: a fresh savepoint over the placed accounts, the clock at 1 p.m. on the placement day, and up to
    ten operations chosen by hypothesis, with every invariant checked after each."""

    world: World = None
    traveller = None
    with_periods = True

    def __init__(self):
        super().__init__()
        self.traveller.move_to(self.world.started_at)
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()
        self.clients = {c.pk: c for c in (self.world.fern, self.world.acme)}
        debtors = dict(AccountDebtor.objects.filter(role=Role.PRIMARY).values_list("account_id", "debtor_id"))
        self.debts: dict[int, Modelled] = {}
        for account in Account.objects.filter(pk__in=[a.pk for a in self.world.accounts]).select_related("client"):
            order = tuple(account.client.allocation_order.split(","))
            self.debts[account.pk] = Modelled(
                account.pk, account.client_account_number, account.client_id, debtors[account.pk],
                account.charged_off_on or account.delinquent_on or account.placed_on, order,
                owed=balances(account.pk), status=account.status)
        self.pks = sorted(self.debts, key=lambda pk: self.debts[pk].number)
        self.payments: list[Paid] = []
        self.refunds: list[tuple[int, int, int]] = []            # (account pk, seq, cents)
        self.adjusted: list[tuple[str, dict]] = []               # (idempotency key, the arguments)
        # Per client, what each entry moves in the trust books: (effective_on, book, cents).
        self.moves: dict[int, list[tuple[date, str, int]]] = {pk: [] for pk in self.clients}
        self.remittance_entries = 0  # closes that moved money, and the agency making trust whole after a reversal
        self.closed_through: dict[int, date] = {}
        self.first_entry_on = {pk: self.world.placed_on for pk in self.clients}
        self.frozen: dict[int, set[int]] = {}                    # period pk -> its client's entries through its end
        self.seq = 0
        self.keys = 0
        self.wrote = True  # whether the last step wrote anything: a step that provably wrote nothing changed nothing

    def teardown(self):
        transaction.set_rollback(True)
        self._savepoint.__exit__(None, None, None)

    # --- helpers

    def today(self) -> date:
        return timezone.localdate()

    def closed(self, client_id: int, on: date) -> bool:
        through = self.closed_through.get(client_id)
        return through is not None and on <= through

    def key(self, prefix: str) -> str:
        self.keys += 1
        return f"{prefix}-{self.keys}"

    def attempt(self, refusal: Refused | None, action):
        """Run the action; when the model expects a refusal, it must be refused (with that error) and write
        nothing; when not, it must not be refused."""
        self.seq += 1
        if refusal is None:
            self.wrote = True
            return action()
        before = count_rows()
        with pytest.raises(refusal.error) as refused:
            action()
        note(f"refused as expected ({refusal}): {refused.value}")
        assert count_rows() == before, f"a refused operation wrote something: {refused.value}"
        return None

    def open_others(self, taken_on: Modelled) -> list[Modelled]:
        return [d for pk, d in self.debts.items() if pk != taken_on.pk and d.debtor_id == taken_on.debtor_id
                and d.status in OPEN_STATUSES]

    def touch(self, client_id: int, on: date) -> None:
        self.first_entry_on[client_id] = min(self.first_entry_on[client_id], on)

    def move(self, client_id: int, on: date, **cents) -> None:
        """An entry of the client's dated `on` moves these cents in these trust books (by name: trust_cash=...)."""
        self.moves[client_id] += [(on, Book(book), amount) for book, amount in cents.items() if amount]

    def make_trust_whole(self, client_id: int, on: date) -> None:
        """What the client (or the agency, as commission) was paid at a close and the bank took back since is out
        of trust: the agency puts it back at once, and bills the client its share."""
        books = self.books(client_id)
        owed_by_client, returned_commission = max(0, books[Book.CLIENT_PAYABLE]), max(0, books[Book.AGENCY_TRUST])
        if owed_by_client or returned_commission:
            self.move(client_id, on, trust_cash=owed_by_client + returned_commission,
                      client_payable=-owed_by_client, due_from_client=owed_by_client,
                      billed_to_client=-owed_by_client, agency_trust=-returned_commission)
            self.remittance_entries += 1
            note(f"the agency makes {self.clients[client_id].code}'s trust whole: {owed_by_client} billed to the "
                 f"client, {returned_commission} of commission")

    def books(self, client_id: int, through: date | None = None) -> defaultdict:
        """The client's trust books, as of the end of `through` (default: everything)."""
        sums = defaultdict(int)
        for on, book, cents in self.moves[client_id]:
            if through is None or on <= through:
                sums[book] += cents
        return sums

    # --- operations

    @rule(data=st.data())
    def pay(self, data):
        """A payment on any account, by any method, for a cent up to more than everything the debtor owes, now or
        received a day or two ago, applied by the rules or split as the debtor directs."""
        self.wrote = False
        debt = self.debts[data.draw(st.sampled_from(self.pks), label="account")]
        method = data.draw(st.sampled_from([*TRUST_METHODS, "direct", "direct"]), label="method")
        siblings = [pk for pk in self.pks if self.debts[pk].debtor_id == debt.debtor_id]
        owed_by_debtor = sum(self.debts[pk].total for pk in siblings)  # the most a split could pay
        spill = debt.total + sum(d.total for d in self.open_others(debt) if d.client_id == debt.client_id)
        split = None
        if len(siblings) > 1 and data.draw(st.booleans(), label="split?"):
            parts = data.draw(st.lists(st.tuples(st.sampled_from(siblings), st.integers(0, 60000)), min_size=1,
                                       max_size=3), label="split")
            split = defaultdict(int)
            for pk, cents in parts:
                split[pk] += cents
            split = dict(split)
            amount = sum(split.values())
            if data.draw(st.integers(0, 9), label="split off by") == 0 or amount == 0:
                amount += data.draw(st.integers(1, 500), label="extra cents")
        else:
            amount = data.draw(st.one_of(
                st.integers(1, 500), st.integers(1, max(owed_by_debtor, 1) + 20000),
                st.sampled_from(sorted({max(debt.total, 1), debt.total + 1, max(spill, 1), spill + 1})),
                st.integers(spill + 1, spill + 5000)), label="amount")
        days_ago = data.draw(st.sampled_from([0, 0, 0, 1, 2]), label="received days ago")
        received_at = timezone.now() - timedelta(days=days_ago)
        effective_on = timezone.localdate(received_at)
        direct = method == "direct"
        key = self.key("pay")
        refusal = None
        try:
            applied, credit = expected_plan(amount, debt, self.open_others(debt), split)
            # the period must be open for the client of every account it pays, not only the one it was taken on
            if any(self.closed(client_id, effective_on)
                   for client_id in {debt.client_id, *(self.debts[pk].client_id for pk in applied)}):
                raise Refused(PeriodClosed, "the period is closed for a client it pays")
            if direct and credit:
                raise Refused(InvalidInput, "a direct payment cannot be more than the balance")
        except Refused as exc:
            refusal = exc
        payment = self.attempt(refusal, lambda: post_payment(
            Account.objects.get(pk=debt.pk), None, amount_cents=amount, method=method, idempotency_key=key,
            received_at=received_at, split=split))
        if payment is None:
            return
        commission = {pk: half_up(sum(by_bucket.values()), self.clients[self.debts[pk].client_id].commission_rate_bp)
                      for pk, by_bucket in applied.items()}
        expected = {pk: (sum(b.values()) + (credit if pk == debt.pk else 0), commission[pk]) for pk, b in applied.items()}
        if credit and debt.pk not in expected:
            expected[debt.pk] = (credit, 0)
        assert payment.credit_cents == credit
        assert {a.account_id: (a.amount_cents, a.commission_cents) for a in payment.allocations.all()} == expected
        for pk, by_bucket in applied.items():
            for bucket, cents in by_bucket.items():
                self.debts[pk].owed[bucket] -= cents
        debt.credit += credit
        for pk in set(applied) | ({debt.pk} if credit else set()):
            client_id, cut = self.debts[pk].client_id, commission.get(pk, 0)
            paid = sum(applied.get(pk, {}).values())
            if direct:
                self.move(client_id, effective_on, due_from_client=cut, billed_to_client=-cut)
            else:
                self.move(client_id, effective_on, trust_cash=paid + (credit if pk == debt.pk else 0),
                          client_payable=-(paid - cut), agency_trust=-cut)
            self.touch(client_id, effective_on)
        for pk in applied:
            paid_off = self.debts[pk]
            if paid_off.total <= 0 and Status.PAID_IN_FULL in TRANSITIONS[paid_off.status]:
                paid_off.status = Status.PAID_IN_FULL
        if debt.status == Status.NEW:  # a new account that is paid (and not paid off) is being worked
            debt.status = Status.ACTIVE
        self.payments.append(Paid(payment.pk, key, debt.pk, debt.client_id, amount, direct, credit, applied,
                                  commission, self.seq, effective_on, method))

    @precondition(lambda self: self.payments)
    @rule(data=st.data())
    def deliver_again(self, data):
        """The same payment delivered again (a retried request, a lockbox file sent twice): it posts once; the
        same key for another amount or by another method is refused."""
        self.wrote = False
        paid = data.draw(st.sampled_from(self.payments), label="payment")
        other = data.draw(st.sampled_from([None, None, None, "amount", "method"]), label="another payment?")
        amount = paid.amount + 1 if other == "amount" else paid.amount
        method = ("cash" if paid.method != "cash" else "check") if other == "method" else paid.method
        if other:
            self.attempt(Refused(InvalidInput, "the key was used for another payment"), lambda: post_payment(
                Account.objects.get(pk=paid.account_id), None, amount_cents=amount, method=method,
                idempotency_key=paid.key))
            return
        before = count_rows()
        again = self.attempt(None, lambda: post_payment(Account.objects.get(pk=paid.account_id), None,
                                                        amount_cents=amount, method=method, idempotency_key=paid.key))
        assert again.pk == paid.pk
        assert count_rows() == before, "delivering a payment again wrote something"
        self.wrote = False

    @precondition(lambda self: self.payments)
    @rule(data=st.data())
    def payment_comes_back(self, data):
        """A returned check or an ACH return: reversed, with the returned-payment fee where the contract has one."""
        self.reverse(data, ["nsf", "ach_return"])

    @precondition(lambda self: self.payments)
    @rule(data=st.data())
    def payment_is_charged_back_or_corrected(self, data):
        self.reverse(data, ["chargeback", "correction"])

    def reverse(self, data, reasons):
        """Reverse any payment (also one already reversed, or one whose credit was refunded since: refused)."""
        self.wrote = False
        paid = data.draw(st.sampled_from(self.payments), label="payment")
        reason = data.draw(st.sampled_from(reasons), label="reason")
        note_text = data.draw(st.sampled_from(["", "bank says so", "posted to the wrong account"]), label="note")
        days_ago = data.draw(st.sampled_from([0, 0, 0, 1, -1]), label="dated days ago")
        effective_on = self.today() - timedelta(days=days_ago)
        client = self.clients[self.debts[paid.account_id].client_id]
        fee = RETURNED_FEE if reason in ("nsf", "ach_return") and client.fees_allowed else 0
        # the clients whose entries it reverses: of every account it paid, and of the one holding its credit
        touched = sorted({self.debts[pk].client_id for pk in paid.applied}
                         | ({paid.client_id} if paid.credit else set()))
        refusal = None
        if reason == "correction" and not note_text.strip():
            refusal = Refused(InvalidInput, "a correction needs a note")
        elif effective_on > self.today():
            refusal = Refused(InvalidInput, "a reversal cannot be dated in the future")
        elif paid.reversed:
            refusal = Refused(InvalidInput, "already reversed")
        elif effective_on < paid.effective_on:
            refusal = Refused(InvalidInput, "a reversal cannot be dated before its payment")
        elif any(self.closed(client_id, effective_on) for client_id in {paid.client_id, *touched}):
            refusal = Refused(PeriodClosed, "the period is closed for a client it touches")
        elif paid.credit and any(pk == paid.account_id and seq > paid.seq for pk, seq, _ in self.refunds):
            refusal = Refused(InvalidInput, "its credit was refunded since")
        reversal = self.attempt(refusal, lambda: reverse_payment(
            Payment.objects.get(pk=paid.pk), None, reason=reason, note=note_text,
            effective_on=effective_on if days_ago else None))
        if reversal is None:
            return
        assert (reversal.fee_entry_id is not None) == bool(fee)
        paid.reversed = True
        for pk, by_bucket in paid.applied.items():
            for bucket, cents in by_bucket.items():
                self.debts[pk].owed[bucket] += cents
        self.debts[paid.account_id].credit -= paid.credit
        self.debts[paid.account_id].owed["fees"] += fee
        for pk in set(paid.applied) | ({paid.account_id} if paid.credit else set()):
            client_id, cut = self.debts[pk].client_id, paid.commission.get(pk, 0)
            back = sum(paid.applied.get(pk, {}).values())
            if paid.direct:
                self.move(client_id, effective_on, due_from_client=-cut, billed_to_client=cut)
            else:
                self.move(client_id, effective_on, trust_cash=-(back + (paid.credit if pk == paid.account_id else 0)),
                          client_payable=back - cut, agency_trust=cut)
            self.touch(client_id, effective_on)
        for client_id in touched:
            self.make_trust_whole(client_id, effective_on)
        self.touch(paid.client_id, effective_on)
        for pk in {paid.account_id, *paid.applied}:
            if self.debts[pk].status in (Status.PAID_IN_FULL, Status.SETTLED):
                self.debts[pk].status = Status.ACTIVE

    @rule(data=st.data())
    def adjust(self, data):
        """A fee, interest, a write-off or a correction from the client, on any bucket; refused where the contract
        does not allow it or where a bucket would go below zero."""
        self.wrote = False
        debt = self.debts[data.draw(st.sampled_from(self.pks), label="account")]
        client = self.clients[debt.client_id]
        kind = data.draw(st.sampled_from(["fee", "interest", "write_off", "correction"]), label="kind")
        bucket = data.draw(st.sampled_from({"fee": ["fees", "fees", "costs"], "interest": ["interest"] * 4 + ["fees"]}
                                           .get(kind, list(BUCKETS))), label="bucket")
        owed = debt.owed[bucket]
        if kind in ("fee", "interest"):
            amount = data.draw(st.integers(1, 5000), label="cents")
        elif kind == "write_off":
            amount = -data.draw(st.sampled_from([max(owed, 1), owed + 1]) | st.integers(1, owed + 100), label="cents")
        else:
            amount = data.draw(st.integers(-(owed + 100), 5000).filter(bool), label="cents")
        days_ago = data.draw(st.sampled_from([0, 0, 0, 1]), label="dated days ago")
        effective_on = self.today() - timedelta(days=days_ago)
        keyed = data.draw(st.booleans(), label="with a key?")
        key = self.key("adjust") if keyed else None
        refusal = None
        if kind == "interest" and not client.interest_allowed or kind == "interest" and bucket != "interest":
            refusal = Refused(InvalidInput, "interest is not allowed there")
        elif kind == "fee" and not client.fees_allowed:
            refusal = Refused(InvalidInput, "fees are not allowed")
        elif self.closed(debt.client_id, effective_on):
            refusal = Refused(PeriodClosed, "the period is closed")
        elif owed + amount < 0:
            refusal = Refused(InvalidInput, "the bucket would go below zero")
        arguments = dict(kind=kind, amount_cents=amount, bucket=bucket, reason=f"property test {kind}",
                         effective_on=effective_on, idempotency_key=key)
        adjustment = self.attempt(refusal, lambda: adjust_balance(Account.objects.get(pk=debt.pk), None, **arguments))
        if adjustment is None:
            return
        assert (adjustment.account_id, adjustment.bucket, adjustment.amount_cents) == (debt.pk, bucket, amount)
        debt.owed[bucket] += amount
        self.touch(debt.client_id, effective_on)
        if key:
            self.adjusted.append((key, {"account": debt.pk, **arguments, "pk": adjustment.pk}))

    @precondition(lambda self: self.adjusted)
    @rule(data=st.data())
    def adjust_again(self, data):
        """The same adjustment sent again with its key: it is made once."""
        self.wrote = False
        key, arguments = data.draw(st.sampled_from(self.adjusted), label="adjustment")
        arguments = dict(arguments)
        account, pk = arguments.pop("account"), arguments.pop("pk")
        before = count_rows()
        again = self.attempt(None, lambda: adjust_balance(Account.objects.get(pk=account), None, **arguments))
        assert again.pk == pk and count_rows() == before
        self.wrote = False

    @rule(data=st.data())
    def refund(self, data):
        """Part or all of a credit balance paid back (or more than it, or on an account with none: refused)."""
        self.wrote = False
        with_credit = [pk for pk in self.pks if self.debts[pk].credit] or self.pks
        debt = self.debts[data.draw(st.sampled_from(with_credit) | st.sampled_from(self.pks), label="account")]
        amount = data.draw(st.one_of(st.sampled_from(sorted({max(debt.credit, 1), debt.credit + 1})),
                                     st.integers(1, max(debt.credit, 1))), label="cents")
        refusal = Refused(InvalidInput, "more than the credit") if amount > debt.credit else None
        refund = self.attempt(refusal, lambda: refund_credit(Account.objects.get(pk=debt.pk), None,
                                                             amount_cents=amount, method="check", reference="refund"))
        if refund is None:
            return
        debt.credit -= amount
        self.move(debt.client_id, self.today(), trust_cash=-amount)
        self.refunds.append((debt.pk, self.seq, amount))

    @precondition(lambda self: self.with_periods)
    @rule(days=st.integers(1, 3))
    def days_pass(self, days):
        self.wrote = False
        self.traveller.shift(timedelta(days=days))

    @precondition(lambda self: self.with_periods and self.today() > self.world.placed_on)
    @rule(data=st.data())
    def close(self, data):
        """Close a client's remittance period through a day before today: the client is paid its collections net
        of commission, the agency takes its commission, and trust keeps only the debtors' credit balances."""
        self.wrote = False
        client = self.clients[data.draw(st.sampled_from(sorted(self.clients)), label="client")]
        ends_on = self.today() - timedelta(days=data.draw(st.integers(1, 3), label="through days ago"))
        through = self.closed_through.get(client.pk)
        starts_on = through + timedelta(days=1) if through else self.first_entry_on[client.pk]
        refusal = Refused(InvalidInput, "already closed through then") if ends_on < starts_on else None
        period = self.attempt(refusal, lambda: close_period(client, None, ends_on=ends_on))
        if period is None:
            return
        self.closed_through[client.pk] = ends_on
        # As of its last day: the client is paid what it is due, less what it owes (billed, and reversals of remitted
        # money not yet covered, which the agency covers now); the agency takes its commission.
        books = self.books(client.pk, through=ends_on)
        payable, owed_by_client = max(-books[Book.CLIENT_PAYABLE], 0), max(books[Book.CLIENT_PAYABLE], 0)
        commission, billed = -books[Book.AGENCY_TRUST], books[Book.DUE_FROM_CLIENT]
        offset = min(payable, billed + owed_by_client)
        lines = dict(client_payable=payable - owed_by_client, agency_trust=commission,
                     trust_cash=owed_by_client - payable - commission, due_from_client=owed_by_client - offset,
                     billed_to_client=offset - owed_by_client)
        self.move(client.pk, ends_on, **lines)
        self.remittance_entries += any(lines.values())
        # A payment of the period reversed after its last day (before this close) took that money out of trust
        # already: paying it out again leaves trust short, and the agency makes it whole today.
        self.make_trust_whole(client.pk, self.today())
        assert (period.remitted_cents, period.transferred_cents, period.due_from_client_cents) == (
            payable - offset, commission + offset - owed_by_client, billed + owed_by_client - offset)
        as_of = {"client": client, "entry__effective_on__lte": ends_on}
        assert book_sum(book=Book.CLIENT_PAYABLE, **as_of) == 0, "the client was not paid what it was due"
        assert book_sum(book=Book.AGENCY_TRUST, **as_of) == 0, "the commission was not moved out of trust"
        assert book_sum(book=Book.TRUST_CASH, **as_of) == -book_sum(book=Book.DEBTOR_CREDIT, **as_of), \
            "trust keeps more than the debtors' credit balances"
        self.frozen[period.pk] = set(Entry.objects.filter(client=client, effective_on__lte=ends_on)
                                     .values_list("pk", flat=True))

    # --- what must hold after every step

    @invariant()
    @unless_nothing_was_written
    def every_entry_balances_and_trust_reconciles(self):
        assert list(entry_sums_not_zero()) == []
        assert [str(p) for p in trust_problems()] == []

    @invariant()
    @unless_nothing_was_written
    def every_balance_is_the_sum_of_its_postings_as_the_model_says_and_never_negative(self):
        postings = defaultdict(int)
        for account_id, book, bucket, cents in Posting.objects.filter(account_id__in=self.pks).values_list(
                "account_id", "book", "bucket", "amount_cents"):
            postings[account_id, book, bucket] += cents
        credited = dict(Payment.objects.filter(status="posted").values("account_id").annotate(
            total=Sum("credit_cents")).values_list("account_id", "total").order_by())
        refunded = dict(Refund.objects.values("account_id").annotate(total=Sum("amount_cents"))
                        .values_list("account_id", "total").order_by())
        for pk, debt in self.debts.items():
            summed = {bucket: postings[pk, Book.RECEIVABLE, bucket] for bucket in BUCKETS}
            assert balances(pk) == summed, debt.number
            assert summed == debt.owed, f"{debt.number}: the ledger says {summed}, the model {debt.owed}"
            assert all(cents >= 0 for cents in summed.values()), f"{debt.number} has a negative bucket: {summed}"
            assert sum(summed.values()) + postings[pk, Book.CLIENT_PLACED, ""] == 0, \
                f"{debt.number}: the receivable differs from the client's claim"
            # An overpayment is a credit balance to refund: what the payments left over, less what was refunded.
            credit = postings[pk, Book.DEBTOR_CREDIT, ""]
            assert credit <= 0, f"{debt.number}: more credit refunded than was overpaid"
            assert credit == -(credited.get(pk, 0) - refunded.get(pk, 0)) == -debt.credit, \
                (debt.number, credit, credited.get(pk, 0), refunded.get(pk, 0), debt.credit)

    @invariant()
    @unless_nothing_was_written
    def the_trust_books_and_statuses_are_what_the_model_says(self):
        actual = defaultdict(int)
        for client_id, book, cents in Posting.objects.filter(client_id__in=self.clients).values_list(
                "client_id", "book").annotate(total=Sum("amount_cents")).values_list(
                "client_id", "book", "total").order_by():
            actual[client_id, book] = cents
        for client_id in self.clients:
            books = self.books(client_id)
            for name in (Book.TRUST_CASH, Book.CLIENT_PAYABLE, Book.AGENCY_TRUST, Book.DUE_FROM_CLIENT,
                         Book.BILLED_TO_CLIENT):
                assert actual[client_id, name] == books[name], (
                    f"{self.clients[client_id].code} {name}: the ledger says {actual[client_id, name]}, "
                    f"the model {books[name]}")
        assert Entry.objects.filter(kind=EntryKind.REMITTANCE).count() == self.remittance_entries
        statuses = dict(Account.objects.filter(pk__in=self.pks).values_list("pk", "status"))
        assert statuses == {pk: d.status for pk, d in self.debts.items()}
        assert Payment.objects.count() == len(self.payments)
        assert AuditEvent.objects.filter(action="payment.posted").count() == len(self.payments), \
            "not one audit row per payment posted"

    @invariant()
    @unless_nothing_was_written
    def a_closed_period_never_changes(self):
        for period in RemittancePeriod.objects.filter(pk__in=self.frozen):
            now = set(Entry.objects.filter(client_id=period.client_id, effective_on__lte=period.ends_on)
                      .values_list("pk", flat=True))
            assert now == self.frozen[period.pk], \
                f"entries posted into closed period {period.number}: {sorted(now - self.frozen[period.pk])}"


class BooksWithoutPeriods(Books):
    """The issue's property exactly: payments, reversals, adjustments and refunds on one day, no closes."""

    with_periods = False


def run(machine: type[Books], world: World, traveller) -> None:
    machine.world, machine.traveller = world, traveller
    run_state_machine_as_test(machine, settings=MACHINE_SETTINGS)


@pytest.mark.django_db
def test_any_payments_reversals_adjustments_and_refunds_keep_every_balance_the_sum_of_its_postings(
        world, business_hours):
    run(BooksWithoutPeriods, world, business_hours)


@pytest.mark.django_db
def test_the_books_stay_balanced_and_trust_reconciles_across_days_and_closed_remittance_periods(
        world, business_hours):
    run(Books, world, business_hours)


# --- rules the state machine once found broken, each as its own property

SCENARIO_SETTINGS = settings(max_examples=8, deadline=None, database=None, phases=[Phase.generate],
                             suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@contextmanager
def example_savepoint(world: World, traveller):
    """One hypothesis example on the placed accounts, at 1 p.m. on the placement day, rolled back afterwards."""
    traveller.move_to(world.started_at)
    with transaction.atomic():
        yield {a.client_account_number: Account.objects.get(pk=a.pk) for a in world.accounts}
        transaction.set_rollback(True)


@pytest.mark.django_db
@SCENARIO_SETTINGS
@given(cents=st.integers(1, 50000), method=st.sampled_from(TRUST_METHODS),
       reason=st.sampled_from(["nsf", "ach_return", "chargeback", "correction"]))
def test_reversing_a_payment_the_client_was_already_paid_keeps_the_trust_account_reconciled(
        world, business_hours, cents, method, reason):
    """The bank takes back a payment whose period was closed and remitted: the agency puts the money back in
    trust the same day (its own commission, and the client's share, which it bills the client), so cash in trust
    never goes negative, not even before the next close."""
    with example_savepoint(world, business_hours) as accounts:
        payment = post_payment(accounts["R-2"], None, amount_cents=cents, method=method, idempotency_key="remitted")
        business_hours.shift(timedelta(days=1))
        close_period(world.fern, None, ends_on=timezone.localdate() - timedelta(days=1))
        assert trust_problems() == []

        reverse_payment(payment, None, reason=reason, note="the bank took it back")

        assert [str(p) for p in trust_problems()] == []
        share = cents - half_up(cents, world.fern.commission_rate_bp)
        cover = Entry.objects.get(kind=EntryKind.REMITTANCE, memo__startswith="Trust made whole by the agency")
        assert cover.effective_on == timezone.localdate()
        assert book_sum(entry=cover, book=Book.TRUST_CASH) == cents
        fern = {"client": world.fern}
        assert book_sum(book=Book.TRUST_CASH, **fern) == 0
        assert book_sum(book=Book.CLIENT_PAYABLE, **fern) == book_sum(book=Book.AGENCY_TRUST, **fern) == 0
        assert book_sum(book=Book.DUE_FROM_CLIENT, **fern) == -book_sum(book=Book.BILLED_TO_CLIENT, **fern) == share


@pytest.mark.django_db
@SCENARIO_SETTINGS
@given(own=st.integers(0, 30000), other=st.integers(1, 15000))
def test_a_split_payment_is_never_posted_into_the_other_client_s_closed_period(world, business_hours, own, other):
    """A split is refused when any client it pays, not only the one of the account it was taken on, has closed
    the day it would be dated; nothing is written."""
    with example_savepoint(world, business_hours) as accounts:
        fern_debt, acme_debt = accounts["R-1"], accounts["R-3"]
        business_hours.shift(timedelta(days=1))
        yesterday = timezone.localdate() - timedelta(days=1)
        close_period(world.acme, None, ends_on=yesterday)
        before = count_rows()

        with pytest.raises(PeriodClosed):  # received yesterday: Acme's share would be dated in its closed period
            post_payment(fern_debt, None, amount_cents=own + other, method="check", idempotency_key="split",
                         received_at=timezone.now() - timedelta(days=1), split={fern_debt.pk: own, acme_debt.pk: other})
        assert count_rows() == before


@pytest.mark.django_db
@SCENARIO_SETTINGS
@given(own=st.integers(0, 30000), other=st.integers(1, 15000))
def test_reversing_a_split_payment_never_posts_into_the_other_client_s_closed_period(world, business_hours, own,
                                                                                      other):
    """Reversing a split is refused on a day closed for any client it paid; nothing is written."""
    with example_savepoint(world, business_hours) as accounts:
        fern_debt, acme_debt = accounts["R-1"], accounts["R-3"]
        payment = post_payment(fern_debt, None, amount_cents=own + other, method="check", idempotency_key="split",
                               split={fern_debt.pk: own, acme_debt.pk: other})
        placed_on = timezone.localdate()
        business_hours.shift(timedelta(days=1))
        close_period(world.acme, None, ends_on=placed_on)
        before = count_rows()

        with pytest.raises(PeriodClosed):  # dated the day it was paid, which is closed for Acme
            reverse_payment(payment, None, reason="chargeback", effective_on=placed_on)
        assert count_rows() == before


@pytest.mark.django_db
@SCENARIO_SETTINGS
@given(cents=st.integers(1, 50000), method=st.sampled_from(TRUST_METHODS))
def test_closing_a_period_after_one_of_its_payments_was_reversed_keeps_the_trust_account_reconciled(
        world, business_hours, cents, method):
    """A payment reversed the next day, before its period is closed: closing the period (through the payment's
    day) pays the client and the agency what the period collected, and the agency puts that money back into
    trust the same day, billing the client its share."""
    with example_savepoint(world, business_hours) as accounts:
        payment = post_payment(accounts["R-2"], None, amount_cents=cents, method=method, idempotency_key="reversed")
        business_hours.shift(timedelta(days=1))
        reverse_payment(payment, None, reason="chargeback")
        assert trust_problems() == []

        period = close_period(world.fern, None, ends_on=timezone.localdate() - timedelta(days=1))

        assert period.remitted_cents + period.transferred_cents == cents
        cover = Entry.objects.get(kind=EntryKind.REMITTANCE, memo__startswith="Trust made whole by the agency")
        assert cover.effective_on == timezone.localdate() and book_sum(entry=cover, book=Book.TRUST_CASH) == cents
        assert book_sum(client=world.fern, book=Book.DUE_FROM_CLIENT) == period.remitted_cents
        assert [str(p) for p in trust_problems()] == []


KEYS = st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=20)


@pytest.mark.django_db
@SCENARIO_SETTINGS
@given(key=KEYS)
def test_an_adjustment_is_posted_whatever_idempotency_key_a_payment_was_given(world, business_hours, key):
    """Payments' and adjustments' entry keys live in namespaces of their own ('payment:{key}:{account}',
    'adjustment:{key}'): whatever key a payment had, an adjustment posts its own entry."""
    with example_savepoint(world, business_hours) as accounts:
        debt = accounts["R-1"]
        post_payment(debt, None, amount_cents=1000, method="check", idempotency_key=f"adjustment:{key}")

        fee = adjust_balance(debt, None, kind="fee", amount_cents=500, bucket="fees", reason="late fee",
                             idempotency_key=f"{key}:{debt.pk}")

        assert fee.entry.kind == EntryKind.FEE
        assert sum(balances(debt.pk).values()) == 35000 - 1000 + 500


@pytest.mark.django_db
@SCENARIO_SETTINGS
@given(key=KEYS)
def test_a_payment_is_posted_whatever_idempotency_key_it_is_given(world, business_hours, key):
    """The other way round: whatever key an adjustment had, a payment posts its own entry and allocation."""
    with example_savepoint(world, business_hours) as accounts:
        debt = accounts["R-1"]
        adjust_balance(debt, None, kind="fee", amount_cents=500, bucket="fees", reason="late fee",
                       idempotency_key=f"{key}:{debt.pk}")

        payment = post_payment(debt, None, amount_cents=1000, method="check", idempotency_key=f"adjustment:{key}")

        assert payment.allocations.get().entry.kind == EntryKind.PAYMENT
        assert sum(balances(debt.pk).values()) == 35000 + 500 - 1000
        assert trust_problems() == []


# --- the pure allocation rules

def debts_strategy():
    """One to four debts of a debtor: the first is the one the payment was taken on. Some are another client's, some
    disputed, some owe nothing in a bucket (or, as a balance never should, a little less than nothing)."""
    bucket = st.sampled_from([0, 0, -7]) | st.integers(1, 5000)
    debt = st.tuples(st.sampled_from([1, 1, 2]), st.tuples(bucket, bucket, bucket, bucket), st.integers(0, 2000),
                     st.permutations(DEFAULT_ORDER), st.booleans())
    return st.lists(debt, min_size=1, max_size=4).map(lambda rows: tuple(
        Debt(i, f"D-{i}", client, dict(zip(BUCKETS, cents)), date(2020, 1, 1) + timedelta(days=days), tuple(order),
             disputed) for i, (client, cents, days, order, disputed) in enumerate(rows, start=1)))


def owed(debt: Debt) -> dict[str, int]:
    return {bucket: max(0, cents) for bucket, cents in debt.balances.items()}


@given(amount=st.integers(1, 40000), balances=st.fixed_dictionaries(
    {b: st.integers(-100, 10000) for b in BUCKETS}), order=st.permutations(DEFAULT_ORDER))
@settings(database=None, max_examples=100, deadline=None)
def test_the_waterfall_pays_each_bucket_in_order_up_to_what_it_owes_and_returns_the_rest(amount, balances, order):
    applied, left = waterfall(amount, balances, order)
    assert sum(applied.values()) + left == amount and left >= 0
    assert all(0 < cents <= max(0, balances[b]) for b, cents in applied.items())
    for position, bucket in enumerate(order):  # a bucket gets something only once every earlier one is paid
        if applied.get(bucket):
            assert all(applied.get(b, 0) == max(0, balances[b]) for b in order[:position]), "a bucket was skipped"
    if left:  # and something is left only once every bucket is paid
        assert all(applied.get(b, 0) == max(0, balances[b]) for b in order)


@given(amount=st.integers(1, 40000), debts=debts_strategy())
@settings(database=None, max_examples=100, deadline=None)
def test_a_payment_pays_the_debts_in_order_never_more_than_owed_nor_a_disputed_one_and_the_rest_is_credit(
        amount, debts):
    taken_on, *others = debts
    plan = allocate(amount, taken_on, others)
    by_account = {a.account_id: a.by_bucket for a in plan.applied}

    assert sum(a.amount_cents for a in plan.applied) + plan.credit_cents == amount and plan.credit_cents >= 0
    assert len(by_account) == len(plan.applied), "an account appears twice"
    for debt in debts:
        got = by_account.get(debt.account_id, {})
        assert all(0 < cents <= owed(debt)[b] for b, cents in got.items()), "a bucket got more than it owes"
        if debt.disputed:
            assert not got, "a disputed debt was paid"
        if debt is not taken_on and debt.client_id != taken_on.client_id:
            assert not got, "a payment spilled over to another client's debt"
    eligible = [taken_on, *sorted((d for d in others if d.client_id == taken_on.client_id),
                                  key=lambda d: (d.oldest_on, d.account_id))]
    eligible = [d for d in eligible if not d.disputed]
    assert [a.account_id for a in plan.applied] == [d.account_id for d in eligible if d.account_id in by_account]
    for position, debt in enumerate(eligible):  # a later debt, or the credit, only once every earlier one is paid
        later = any(by_account.get(d.account_id) for d in eligible[position + 1:]) or plan.credit_cents
        if later:
            assert by_account.get(debt.account_id, {}) == {b: c for b, c in owed(debt).items() if c}, \
                f"{debt.number} was passed over before it was paid off"
        got = by_account.get(debt.account_id, {})
        for index, bucket in enumerate(debt.order):  # and within a debt, the order of its buckets
            if got.get(bucket):
                assert all(got.get(b, 0) == owed(debt)[b] for b in debt.order[:index])


@given(debts=debts_strategy(), data=st.data())
@settings(database=None, max_examples=100, deadline=None)
def test_a_split_is_followed_to_the_cent_or_refused_and_never_pays_a_disputed_debt(debts, data):
    taken_on, *others = debts
    split = data.draw(st.dictionaries(st.sampled_from([d.account_id for d in debts] + [99]), st.integers(0, 6000),
                                      min_size=1, max_size=4), label="split")
    amount = sum(split.values()) + data.draw(st.sampled_from([0, 0, 0, 1, -1]), label="off by")
    if amount <= 0:
        return
    by_id = {d.account_id: d for d in debts}
    try:
        plan = allocate(amount, taken_on, others, split=split)
    except InvalidInput:
        named = [by_id.get(pk) for pk, cents in split.items() if cents]
        assert (sum(split.values()) != amount or 99 in split
                or any(d.disputed for d in named if d is not None)
                or any(cents > sum(owed(by_id[pk]).values()) for pk, cents in split.items()
                       if pk in by_id and pk != taken_on.account_id)), "a split that could be followed was refused"
        return
    assert sum(split.values()) == amount and 99 not in split
    by_account = {a.account_id: a for a in plan.applied}
    assert sum(a.amount_cents for a in plan.applied) + plan.credit_cents == amount
    for pk, cents in split.items():
        debt, got = by_id[pk], by_account.get(pk)
        assert not (debt.disputed and cents), "a disputed debt was paid"
        paid = got.amount_cents if got else 0
        assert all(0 < c <= owed(debt)[b] for b, c in (got.by_bucket.items() if got else ()))
        if pk == taken_on.account_id:
            assert paid + plan.credit_cents == cents, "the credit is not what the split left on the account taken on"
        else:
            assert paid == cents, "the split was not followed"
