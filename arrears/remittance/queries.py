"""Reads for remittance: a client's statement for a period, built from the ledger, and the trust reconciliation.

The figures come from the postings of the period's payment, direct-payment and reversal entries (by
`effective_on`), and the balances that remain come from all postings up to the period's end, so a period
that ends owing (reversals of money already remitted, commission on direct payments) carries into the next.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, Sum
from django.utils import timezone

from arrears.accounts.models import Account, AccountDebtor, Role
from arrears.clients.models import Client
from arrears.core.money import BUCKETS
from arrears.documents.agency import agency_party
from arrears.documents.records import Invoice, Party, RemittanceStatement, StatementLine
from arrears.ledger.models import TRUST_BOOKS, Book, Entry, EntryKind, Posting
from arrears.ledger.queries import entry_sums_not_zero, owed_at
from arrears.payments.models import Allocation, Reversal

from .models import RemittancePeriod

PAYMENT_KINDS = (EntryKind.PAYMENT, EntryKind.DIRECT_PAYMENT)
METHOD_SHORT = {"card": "Card", "ach": "ACH", "check": "Check", "money_order": "Money order", "cash": "Cash",
                "lockbox": "Lockbox", "wire": "Wire", "direct": "Direct"}


def client_party(client: Client) -> Party:
    contact = client.contacts.filter(receives_remittance=True).first()
    if contact is None:
        return Party(client.name)
    return Party(client.name, (f"Attn: {contact.name}",), contact.phone, contact.email)


def visible_clients(user):
    """The clients whose statements the user may read (None: none at all)."""
    if user.has_perm("remittance.view_remittanceperiod"):
        return Client.objects.all()
    if user.has_perm("remittance.view_own_remittance") and user.client_id:
        return Client.objects.filter(pk=user.client_id)
    return None


def last_period(client: Client) -> RemittancePeriod | None:
    return client.remittance_periods.order_by("-ends_on").first()


def next_start(client: Client) -> date:
    """The first day of the client's next period: the day after the last closed one, else the first day
    anything was posted for the client (or today)."""
    last = last_period(client)
    if last is not None:
        return last.ends_on + timedelta(days=1)
    first = Entry.objects.filter(client=client).order_by("effective_on").values_list("effective_on", flat=True).first()
    return first or timezone.localdate()


def _period_entries(client_id: int, starts_on: date, ends_on: date):
    return Entry.objects.filter(client_id=client_id, effective_on__gte=starts_on, effective_on__lte=ends_on).filter(
        Q(kind__in=PAYMENT_KINDS) | Q(kind=EntryKind.REVERSAL, reverses__kind__in=PAYMENT_KINDS))


def _debtor_names(account_ids) -> dict[int, str]:
    """The primary debtor of each account by the name the client placed (a statement goes to the client, who
    knows the debtor by that name and not by another creditor's)."""
    names = {}
    for party in AccountDebtor.objects.filter(account_id__in=account_ids, role=Role.PRIMARY).select_related("debtor"):
        names.setdefault(party.account_id, party.placed_name)
    return names


def statement_lines(client_id: int, starts_on: date, ends_on: date) -> list[StatementLine]:
    """Every payment, direct payment and reversal of either in the period, with its buckets and commission."""
    entries = {e.pk: e for e in _period_entries(client_id, starts_on, ends_on).select_related("account", "reverses")}
    if not entries:
        return []
    sums: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for entry_id, book, bucket, cents in Posting.objects.filter(entry_id__in=entries).values_list(
            "entry_id", "book", "bucket", "amount_cents"):
        if book == Book.RECEIVABLE:
            sums[entry_id][bucket] -= cents
        elif book == Book.AGENCY_TRUST:
            sums[entry_id]["commission"] -= cents
        elif book == Book.DUE_FROM_CLIENT:
            sums[entry_id]["commission"] += cents
    paying = {e.reverses_id if e.kind == EntryKind.REVERSAL else e.pk: e for e in entries.values()}
    allocations = {a.entry_id: a for a in Allocation.objects.filter(entry_id__in=paying).select_related("payment")}
    reversals = {r.payment_id: r for r in Reversal.objects.filter(
        payment_id__in=[a.payment_id for a in allocations.values()])}
    names = _debtor_names({e.account_id for e in entries.values()})
    lines = []
    for entry in sorted(entries.values(), key=lambda e: (e.effective_on, e.pk)):
        allocation = allocations[entry.reverses_id if entry.kind == EntryKind.REVERSAL else entry.pk]
        payment = allocation.payment
        figures = sums[entry.pk]
        direct = (entry.reverses.kind if entry.kind == EntryKind.REVERSAL else entry.kind) == EntryKind.DIRECT_PAYMENT
        note = ""
        if entry.kind == EntryKind.REVERSAL:
            reversal = reversals.get(payment.pk)
            note = " ".join(filter(None, ["Reversed:", reversal.code if reversal else "",
                                          reversal.get_reason_display() if reversal else "",
                                          f"— {reversal.note}" if reversal and reversal.note else ""]))
        lines.append(StatementLine(
            kind="direct" if direct else ("reversal" if entry.kind == EntryKind.REVERSAL else "payment"),
            on=entry.effective_on, account_number=entry.account.client_account_number,
            debtor_name=names.get(entry.account_id, ""), method=METHOD_SHORT.get(payment.method, payment.method),
            reference=" · ".join(filter(None, [f"#{payment.pk}", payment.reference or payment.instrument])),
            amount_cents=sum(figures[b] for b in BUCKETS), principal_cents=figures["principal"],
            interest_cents=figures["interest"], fees_cents=figures["fees"], costs_cents=figures["costs"],
            commission_rate_bp=allocation.commission_rate_bp, commission_cents=figures["commission"], note=note))
    return lines


def build_statement(client: Client, starts_on: date, ends_on: date, *, number: str = "", closed: bool = False,
                    generated_at: datetime | None = None) -> RemittanceStatement:
    """The client's statement for the period: its figures and every line behind them. `net_due_cents` is
    what closing the period would pay the client (positive) or leave owing by the client (negative)."""
    lines = statement_lines(client.pk, starts_on, ends_on)
    trust = [line for line in lines if line.kind != "direct"]
    direct = [line for line in lines if line.kind == "direct"]
    gross = sum(line.amount_cents for line in trust if line.kind == "payment")
    reversed_ = -sum(line.amount_cents for line in trust if line.kind == "reversal")
    commission = sum(line.commission_cents for line in trust)
    direct_paid = sum(line.amount_cents for line in direct)
    direct_commission = sum(line.commission_cents for line in direct)
    before = owed_at(client.pk, starts_on - timedelta(days=1))
    previous = before.payable_cents - before.owed_by_client_cents - before.billed_cents
    net_due = gross - reversed_ - commission - direct_commission + previous
    notes = []
    if previous > 0:
        notes.append("Previous balance: collections of earlier periods not yet remitted.")
    elif previous < 0:
        notes.append("Previous balance: owed by you from earlier periods (reversals of remitted money and "
                     "commission on direct payments not yet settled).")
    return RemittanceStatement(
        number=number or f"{client.code.upper()}-{ends_on:%Y%m%d}", agency=agency_party(),
        client=client_party(client), client_code=client.code, period_start=starts_on, period_end=ends_on,
        generated_at=generated_at or timezone.localtime(), closed=closed, currency=client.currency,
        gross_collected_cents=gross, reversals_cents=reversed_, net_collected_cents=gross - reversed_,
        commission_cents=commission, direct_payments_cents=direct_paid, direct_commission_cents=direct_commission,
        net_due_cents=net_due,
        collected_by_bucket={b: sum(getattr(line, f"{b}_cents") for line in trust) for b in BUCKETS},
        lines=tuple(lines), previous_balance_cents=previous, notes=tuple(notes))


def invoice_for(period: RemittancePeriod, statement: RemittanceStatement) -> Invoice | None:
    """The invoice for what the client owes after the period's offset, if anything."""
    if period.due_from_client_cents <= 0:
        return None
    return Invoice(number=f"INV-{period.number}", agency=statement.agency, client=statement.client,
                   issued_on=period.ends_on + timedelta(days=1), due_on=period.ends_on + timedelta(days=31),
                   statement_number=period.number, amount_cents=period.due_from_client_cents,
                   lines=tuple(line for line in statement.lines if line.kind == "direct"), currency=statement.currency)


def open_statement(client: Client, ends_on: date | None = None) -> RemittanceStatement:
    """The draft statement of the client's open period, through `ends_on` (default yesterday)."""
    ends_on = ends_on or timezone.localdate() - timedelta(days=1)
    starts_on = next_start(client)
    return build_statement(client, starts_on, max(ends_on, starts_on))


def periods(client: Client) -> list[RemittancePeriod]:
    return list(client.remittance_periods.select_related("closed_by").order_by("-ends_on"))


@dataclass(frozen=True)
class TrustProblem:
    what: str
    client_code: str = ""
    account_number: str = ""
    cents: int = 0

    def __str__(self):
        where = " ".join(filter(None, [self.client_code, self.account_number]))
        return f"{where}: {self.what} ({self.cents} cents)" if where else f"{self.what} ({self.cents} cents)"


def trust_problems(limit: int = 50) -> list[TrustProblem]:
    """Everything that stops the trust account from reconciling to the ledger; empty when it does.

    - every entry sums to zero;
    - per account, the receivable equals the client's claim, no bucket is negative, no credit is negative;
    - per client, trust cash equals what is owed out of it (client payable, agency commission, debtor credits),
      and cash in trust is never negative;
    - per client, commission due on direct payments equals commission billed;
    - every payment row agrees with its ledger entries, and every closed period with its remittance entry.
    """
    problems = [TrustProblem(f"entry {row['entry_id']} does not balance", cents=row["total"])
                for row in entry_sums_not_zero()[:limit]]
    codes = dict(Client.objects.values_list("pk", "code"))

    def grouped(books, by):
        return Posting.objects.filter(book__in=books).values(by).annotate(total=Sum("amount_cents")).exclude(
            total=0).order_by(by)

    for row in grouped((Book.RECEIVABLE, Book.CLIENT_PLACED), "account_id")[:limit]:
        problems.append(TrustProblem("receivable differs from the client's claim",
                                     account_number=_number(row["account_id"]), cents=row["total"]))
    for row in Posting.objects.filter(book=Book.RECEIVABLE).values("account_id", "bucket").annotate(
            total=Sum("amount_cents")).filter(total__lt=0).order_by("account_id")[:limit]:
        problems.append(TrustProblem(f"the {row['bucket']} balance is negative",
                                     account_number=_number(row["account_id"]), cents=row["total"]))
    for row in Posting.objects.filter(book=Book.DEBTOR_CREDIT).values("account_id").annotate(
            total=Sum("amount_cents")).filter(total__gt=0).order_by("account_id")[:limit]:
        problems.append(TrustProblem("more credit refunded than was overpaid",
                                     account_number=_number(row["account_id"]), cents=row["total"]))
    for row in grouped(TRUST_BOOKS, "client_id"):
        problems.append(TrustProblem("trust cash differs from what is owed out of it",
                                     client_code=codes.get(row["client_id"], "?"), cents=row["total"]))
    for row in Posting.objects.filter(book=Book.TRUST_CASH).values("client_id").annotate(
            total=Sum("amount_cents")).filter(total__lt=0).order_by("client_id"):
        problems.append(TrustProblem("cash in trust is negative (more paid out than collected)",
                                     client_code=codes.get(row["client_id"], "?"), cents=row["total"]))
    for row in grouped((Book.DUE_FROM_CLIENT, Book.BILLED_TO_CLIENT), "client_id"):
        problems.append(TrustProblem("commission due differs from commission billed",
                                     client_code=codes.get(row["client_id"], "?"), cents=row["total"]))
    applied = Posting.objects.filter(entry__allocation__isnull=False).filter(
        Q(book=Book.RECEIVABLE) | Q(book=Book.DEBTOR_CREDIT)).values("entry_id").annotate(total=Sum("amount_cents"))
    by_entry = {row["entry_id"]: -row["total"] for row in applied}
    for allocation in Allocation.objects.only("entry_id", "amount_cents", "account_id").iterator():
        if by_entry.get(allocation.entry_id, 0) != allocation.amount_cents:
            problems.append(TrustProblem(f"allocation {allocation.pk} differs from its ledger entry",
                                         account_number=_number(allocation.account_id),
                                         cents=allocation.amount_cents - by_entry.get(allocation.entry_id, 0)))
            if len(problems) > limit:
                break
    for period in RemittancePeriod.objects.select_related("client"):
        moved = period.remitted_cents + period.transferred_cents
        out = -(Posting.objects.filter(entry_id=period.entry_id, book=Book.TRUST_CASH).aggregate(
            total=Sum("amount_cents"))["total"] or 0) if period.entry_id else 0
        if moved != out:
            problems.append(TrustProblem(f"period {period.number} paid out differs from its remittance entry",
                                         client_code=period.client.code, cents=moved - out))
    return problems[:limit]


def _number(account_id: int | None) -> str:
    return Account.objects.filter(pk=account_id).values_list("client_account_number", flat=True).first() or "?"


def trust_summary() -> list[dict]:
    """Per client: cash in trust and what it is owed to, for the check command and the remittance page."""
    rows = Posting.objects.filter(book__in=TRUST_BOOKS).values("client_id", "book").annotate(
        total=Sum("amount_cents")).order_by()
    by_client: dict[int, dict[str, int]] = defaultdict(lambda: {b.value: 0 for b in TRUST_BOOKS})
    for row in rows:
        by_client[row["client_id"]][row["book"]] = row["total"]
    codes = dict(Client.objects.filter(pk__in=by_client).values_list("pk", "code"))
    return [{"client": codes[pk], "trust_cash": books[Book.TRUST_CASH], "client_payable": -books[Book.CLIENT_PAYABLE],
             "agency_commission": -books[Book.AGENCY_TRUST], "debtor_credit": -books[Book.DEBTOR_CREDIT]}
            for pk, books in sorted(by_client.items(), key=lambda kv: codes[kv[0]])]
