"""Reads for payments: the debts a payment could apply to, the commission rate, the preview of an allocation,
what was paid toward an arrangement, the payment history of an account, the cards and bank accounts on file,
and the debtor's receipt."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from django.db import connection
from django.db.models import Max, Q, Sum
from django.http import Http404
from django.utils import timezone

from arrears.accounts.models import OPEN_STATUSES, Account, AccountDebtor, Role
from arrears.arrangements.models import Arrangement
from arrears.clients.models import Client, CommissionRule
from arrears.compliance.models import Restriction
from arrears.core.errors import InvalidInput
from arrears.core.sql import fetch_in_order
from arrears.compliance.models import DISPUTE_KINDS
from arrears.core.money import BUCKETS
from arrears.documents.agency import agency_party
from arrears.documents.records import Party, Receipt
from arrears.ledger import sql as ledger_sql
from arrears.ledger.models import Book, Posting
from arrears.ledger.queries import balances

from .allocation import DEFAULT_ORDER, Debt, Plan, allocate, parse_order
from .ledger_lines import commission_cents
from .models import Allocation, Method, Payment, PaymentMethod, PaymentStatus



def linked_open_accounts(account: Account) -> list[Account]:
    """The primary debtor's other open accounts (a payment may spill over to the same client's)."""
    debtor_ids = AccountDebtor.objects.filter(account=account, role=Role.PRIMARY).values("debtor_id")
    return list(Account.objects.filter(parties__debtor_id__in=debtor_ids, parties__role=Role.PRIMARY,
                                       status__in=OPEN_STATUSES).exclude(pk=account.pk)
                .select_related("client").order_by("pk").distinct())


@dataclass(frozen=True)
class PayableAccount:
    """What posting a payment needs to know of one account it may apply to."""

    pk: int
    client_account_number: str
    client_id: int
    status: str
    debt_type: str
    oldest_on: date          # charge-off, else delinquency, else placement: the older debt is paid first
    order: tuple[str, ...]   # the client's waterfall
    client_rate_bp: int
    arrangement_id: int | None  # its active arrangement (the oldest, should there be more)
    disputed: bool           # the consumer disputes it (status, or a dispute on file)
    client_has_rules: bool
    client_max_cents: int    # the largest payment, adjustment or placement the client accepts

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def arranged(self) -> bool:
        return self.arrangement_id is not None


@dataclass
class PaymentFacts:
    """The accounts a payment on `taken_on` may apply to, with their balances, read in two statements (and
    locked for the transaction when posting)."""

    taken_on: int
    accounts: dict[int, PayableAccount]
    balances: dict[int, dict[str, int]]
    closed_through: dict[int, date]   # per client of these accounts: its last closed day
    rules: list[tuple] = field(default_factory=list)  # (client_id, debt_type, min_age_days, max_age_days, rate_bp)

    def debt(self, pk: int) -> Debt:
        a = self.accounts[pk]
        return Debt(pk, a.client_account_number, a.client_id, self.balances.get(pk) or dict.fromkeys(BUCKETS, 0),
                    a.oldest_on, a.order, a.disputed and pk != self.taken_on)

    def rate_bp(self, pk: int, on: date) -> int:
        return pick_rate(self.accounts[pk], self.rules, on)


EPOCH = date(1970, 1, 1)


def _tables():
    return {m.__name__: m._meta.db_table for m in (Account, AccountDebtor, Arrangement, Client, CommissionRule,
                                                    Restriction)}


def _order(text: str) -> tuple[str, ...]:
    try:
        return parse_order(text)
    except Exception:  # a client saved before the order was checked: the default order
        return DEFAULT_ORDER


def _ids_sql(named: int) -> str:
    """The account a payment is taken on and every account of its primary debtor (index look-ups). A split
    may name only these: an account named in it is never read for its own sake."""
    t = _tables()
    named_sql = " UNION ALL ".join(["SELECT CAST(%s AS bigint)"] * named)
    return f"""{named_sql} UNION ALL
               SELECT o.account_id FROM {t["AccountDebtor"]} o JOIN {t["AccountDebtor"]} p ON p.debtor_id = o.debtor_id
                WHERE p.account_id = CAST(%s AS bigint) AND p.role = 'primary' AND o.role = 'primary'"""


@lru_cache(maxsize=64)
def _facts_sql(named: int, lock: bool) -> str:
    """The rows of `_ids_sql` with what posting needs to know of each, in id order (locked, on PostgreSQL,
    with `lock`). Which of the debtor's accounts are open is sorted out by the caller."""
    t = _tables()
    dispute_marks = ", ".join(["CAST(%s AS text)"] * len(DISPUTE_KINDS))
    sql = f"""
        SELECT a.id, a.client_account_number, a.client_id, a.status, a.debt_type,
               COALESCE(a.charged_off_on, a.delinquent_on, a.placed_on), c.allocation_order, c.commission_rate_bp,
               (SELECT MIN(g.id) FROM {t["Arrangement"]} g WHERE g.account_id = a.id AND g.status = 'active'),
               a.status = 'disputed' OR EXISTS (
                   SELECT 1 FROM {t["Restriction"]} r JOIN {t["AccountDebtor"]} d ON d.debtor_id = r.debtor_id
                    WHERE d.account_id = a.id AND d.role = 'primary' AND r.ended_at IS NULL
                      AND r.kind IN ({dispute_marks}) AND (r.account_id IS NULL OR r.account_id = a.id)),
               EXISTS (SELECT 1 FROM {t["CommissionRule"]} k WHERE k.client_id = a.client_id), c.max_amount_cents
          FROM {t["Account"]} a JOIN {t["Client"]} c ON c.id = a.client_id
         WHERE a.id IN ({_ids_sql(named)})
         ORDER BY a.id"""
    if lock:
        sql += " FOR UPDATE OF a FOR KEY SHARE OF c"
    return " ".join(sql.split())


@lru_cache(maxsize=64)
def _balances_sql(named: int, vendor: str) -> str:
    """Receivable sums per account and bucket of the same accounts, and the last closed day of each of their
    clients, as (minus the client id, 'closed', a day number): the union's columns must share a type. Both
    parts are the ledger's (`ledger/sql.py`). It needs nothing from the facts statement, so both go to the
    server together; it runs after it, on a snapshot taken once the locks are held."""
    clients = f"SELECT client_id FROM {_tables()['Account']} WHERE id IN ({_ids_sql(named)})"
    sql = f"""{ledger_sql.receivable_sums(_ids_sql(named))}
              UNION ALL
              SELECT -c.client_id, 'closed', c.day FROM ({ledger_sql.closed_days(clients, vendor)}) AS c"""
    return " ".join(sql.split())


def payment_facts(account_id: int, *, lock: bool = False) -> PaymentFacts:
    """Read (and with `lock`, lock in id order) the account and its primary debtor's other accounts, then their
    balances and the client's last closed day.

    Locking: `FOR UPDATE` of the accounts, so two payments on one account post one after the other, and
    `FOR KEY SHARE` of their clients, so a remittance period cannot close while a payment posts into it
    (PostgreSQL; SQLite runs one writer at a time). The closed day is read after the locks are held.
    """
    named = [int(account_id)]
    ids_params = [*named, int(account_id)]
    statements = [
        (_facts_sql(len(named), lock and connection.vendor == "postgresql"), [*DISPUTE_KINDS, *ids_params]),
        (_balances_sql(len(named), connection.vendor), [*ids_params, *ids_params])]
    rows, sums = fetch_in_order(statements)
    for _ in range(5):
        if not {pk for pk, *_ in sums if pk > 0} - {row[0] for row in rows}:
            break
        # Under concurrent payments on PostgreSQL, the locking read can leave out an account whose row another
        # payment changed (paid it off) while this one waited for its lock: the waiting row is re-checked
        # against the sub-select that chose it, seen once in the payments benchmark as "no account". Every
        # account has receivable postings, so one missing from the facts is read (and locked) again, now that
        # the other payment has committed (again, should yet another payment have changed one meanwhile).
        rows, sums = fetch_in_order(statements)
    accounts = {}
    for pk, number, client_id, status, debt_type, oldest, order, rate, arrangement, disputed, has_rules, most in rows:
        if isinstance(oldest, str):  # SQLite returns the COALESCE of dates as text
            oldest = date.fromisoformat(oldest)
        accounts[pk] = PayableAccount(pk, number, client_id, status, debt_type, oldest, _order(order), rate,
                                      arrangement, bool(disputed), bool(has_rules), int(most))
    if int(account_id) not in accounts:
        raise Account.DoesNotExist(f"no account {account_id}")
    owed: dict[int, dict[str, int]] = {pk: dict.fromkeys(BUCKETS, 0) for pk in accounts}
    closed: dict[int, date] = {}
    for pk, bucket, cents in sums:
        if pk < 0:
            closed[-pk] = EPOCH + timedelta(days=int(cents))
        elif pk in owed:
            owed[pk][bucket] = int(cents)
    facts = PaymentFacts(int(account_id), accounts, owed, closed)
    if any(a.client_has_rules for a in accounts.values()):
        facts.rules = list(CommissionRule.objects.filter(client_id__in={a.client_id for a in accounts.values()})
                           .order_by().values_list("client_id", "debt_type", "min_age_days", "max_age_days",
                                                   "rate_bp"))
    return facts


def pick_rate(account: PayableAccount, rules: list[tuple], on: date) -> int:
    """The client's rate for this debt when paid on `on`: the most specific matching rule (debt type over
    any, then the narrowest age band), else the client's rate."""
    age = (on - account.oldest_on).days if account.oldest_on else 0
    matching = [r for r in rules if r[0] == account.client_id and r[1] in ("", account.debt_type)
                and r[2] <= age and (r[3] is None or age < r[3])]
    best = sorted(matching, key=lambda r: (r[1] == "", (r[3] or 10**9) - r[2]))
    return best[0][4] if best else account.client_rate_bp


def commission_rate_bp(account: Account, on: date) -> int:
    """The commission rate of one account when paid on `on` (see `pick_rate`)."""
    facts = payment_facts(account.pk)
    return facts.rate_bp(account.pk, on)


@dataclass
class Preview:
    """What posting a payment would do, shown before it is posted."""

    plan: Plan
    accounts: dict[int, PayableAccount]
    rates: dict[int, int]
    commissions: dict[int, int]
    balances_after: dict[int, int]
    direct: bool
    facts: PaymentFacts | None = None

    @property
    def commission_cents(self) -> int:
        return sum(self.commissions.values())


def plan_payment(facts: PaymentFacts, amount_cents: int, *, on: date, split: dict[int, int] | None = None,
                 direct: bool = False) -> Preview:
    """Where the payment goes, from facts already read."""
    taken_on = facts.taken_on
    others = [pk for pk, a in facts.accounts.items() if pk != taken_on and a.is_open]
    for pk in split or {}:
        if int(pk) not in facts.accounts:
            raise InvalidInput(f"the split names account {pk}, which is not one of this debtor's accounts",
                               field="split")
    plan = allocate(amount_cents, facts.debt(taken_on), [facts.debt(pk) for pk in others],
                    split={int(k): v for k, v in split.items()} if split else None)
    rates = {a.account_id: facts.rate_bp(a.account_id, on) for a in plan.applied}
    commissions = {a.account_id: commission_cents(a.amount_cents, rates[a.account_id]) for a in plan.applied}
    after = {a.account_id: sum(facts.balances[a.account_id].values()) - a.amount_cents for a in plan.applied}
    return Preview(plan, facts.accounts, rates, commissions, after, direct, facts)


def preview(account: Account, amount_cents: int, *, on: date, split: dict[int, int] | None = None,
            direct: bool = False) -> Preview:
    return plan_payment(payment_facts(account.pk), amount_cents, on=on, split=split,
                        direct=direct)


def paid_toward(arrangement_id: int, account_id: int) -> int:
    """What the arrangement's posted payments applied to its account (`account_id`)."""
    return Allocation.objects.filter(payment__arrangement_id=arrangement_id, payment__status=PaymentStatus.POSTED,
                                     account_id=account_id).aggregate(total=Sum("amount_cents"))["total"] or 0


def payments_of(account: Account, limit: int = 100) -> list[Payment]:
    """The account's payments, with their allocations and reversals, newest first (also those taken on a linked
    account that paid this one)."""
    ids = set(Payment.objects.filter(Q(account=account) | Q(allocations__account=account)).values_list("pk", flat=True))
    return list(Payment.objects.filter(pk__in=ids).select_related("reversal", "created_by", "arrangement")
                .prefetch_related("allocations__account")[:limit])


def credit_cents(account: Account) -> int:
    """The account's credit balance (overpayments not yet refunded), as a positive figure."""
    return -(Posting.objects.filter(account=account, book=Book.DEBTOR_CREDIT).aggregate(
        total=Sum("amount_cents"))["total"] or 0)


def methods_on_file(account: Account, *, kind: str | None = None) -> list[PaymentMethod]:
    """The active cards and bank accounts of the account's debtors."""
    rows = PaymentMethod.objects.filter(debtor__in=account.parties.values("debtor_id"), active=True)
    return list(rows.filter(kind=kind) if kind else rows)


def method_on_file(account: Account, method_id: int) -> PaymentMethod | None:
    """A card or bank account of one of the account's debtors, in use or not (None: no such one)."""
    return PaymentMethod.objects.filter(pk=method_id, debtor__in=account.parties.values("debtor_id")).first()


def access_payment(account: Account, payment_id: int) -> Payment:
    """A payment taken on, or applied to, the account (Http404 otherwise)."""
    payment = Payment.objects.filter(pk=payment_id).filter(Q(account=account) | Q(allocations__account=account)).first()
    if payment is None:
        raise Http404("no such payment")
    return payment


def _address_lines(address) -> tuple[str, ...]:
    """The mailing lines: street, the apartment or suite when there is one, then city, state and ZIP."""
    if address is None:
        return ()
    return tuple(line for line in (address.line1, address.line2) if line) + (
        f"{address.city}, {address.state} {address.zip_code}",)


def receipt(payment: Payment):
    """The debtor's receipt for a posted payment (its allocation on the account it was taken on)."""
    account = payment.account
    primary = AccountDebtor.objects.filter(account=account, role=Role.PRIMARY).select_related("debtor").first()
    debtor = primary.debtor if primary else None
    address = debtor.address_set.filter(active=True).first() if debtor else None
    allocation = {}
    for bucket, cents in Posting.objects.filter(entry__allocation__payment=payment, book=Book.RECEIVABLE).values_list(
            "bucket", "amount_cents"):
        allocation[bucket] = allocation.get(bucket, 0) - cents
    credit = payment.credit_cents
    if credit:
        allocation["credit balance"] = credit
    note = ""
    if payment.arrangement_id:
        arrangement = payment.arrangement
        note = f"Applied to your {arrangement.get_kind_display().lower()} #{arrangement.pk}"
    third_party = account.client.collection_mode == "fdcpa_debt_collector"
    return Receipt(
        number=f"R-{payment.pk:08d}", agency=agency_party(),
        debtor=Party(debtor.display_name if debtor else "", _address_lines(address)),
        account_number=account.client_account_number, creditor_name=account.client.name,
        paid_at=timezone.localtime(payment.received_at), method=Method(payment.method).label,
        reference=payment.instrument or payment.reference, amount_cents=payment.amount_cents, allocation=allocation,
        balance_after_cents=_balance_after(payment, account), arrangement_note=note,
        disclosure=("This communication is from a debt collector. This is an attempt to collect a debt and any "
                    "information obtained will be used for that purpose.") if third_party else "",
        currency=account.client.currency)


def _balance_after(payment: Payment, account: Account) -> int:
    """The account's balance just after the payment was applied (later events do not change a receipt)."""
    last = payment.allocations.aggregate(last=Max("entry_id"))["last"]
    if last is None:
        return sum(balances(account.pk).values())
    return Posting.objects.filter(account=account, book=Book.RECEIVABLE, entry_id__lte=last).aggregate(
        total=Sum("amount_cents"))["total"] or 0
