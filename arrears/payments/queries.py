"""Reads for payments: the debts a payment could apply to, the commission rate, the preview of an allocation,
closed remittance periods, and the payment history of an account."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from arrears.accounts.models import OPEN_STATUSES, Account, AccountDebtor, Role, Status
from arrears.clients.models import CommissionRule
from arrears.ledger.queries import balances

from .allocation import DEFAULT_ORDER, Debt, Plan, allocate, parse_order
from .ledger_lines import commission_cents
from .models import Payment

DISPUTE_KINDS = ("written_dispute", "oral_dispute", "original_creditor_request")


def debt_of(account: Account, *, disputed: bool = False) -> Debt:
    try:
        order = parse_order(account.client.allocation_order)
    except Exception:  # a client saved before the order was checked: the default order
        order = DEFAULT_ORDER
    oldest = account.charged_off_on or account.delinquent_on or account.placed_on
    return Debt(account.pk, account.client_account_number, account.client_id, balances(account.pk), oldest, order,
                disputed)


def linked_open_accounts(account: Account) -> list[Account]:
    """The primary debtor's other open accounts (a payment may spill over to the same client's)."""
    debtor_ids = AccountDebtor.objects.filter(account=account, role=Role.PRIMARY).values("debtor_id")
    return list(Account.objects.filter(parties__debtor_id__in=debtor_ids, parties__role=Role.PRIMARY,
                                       status__in=OPEN_STATUSES).exclude(pk=account.pk)
                .select_related("client").order_by("pk").distinct())


def disputed_account_ids(accounts: list[Account]) -> set[int]:
    """Accounts the consumer disputes: status disputed, or a dispute on file (for the account or the debtor)."""
    from arrears.compliance.models import Restriction

    ids = {a.pk for a in accounts if a.status == Status.DISPUTED}
    debtors = dict(AccountDebtor.objects.filter(account__in=accounts, role=Role.PRIMARY).values_list("account_id",
                                                                                                    "debtor_id"))
    on_file = Restriction.objects.filter(kind__in=DISPUTE_KINDS, ended_at__isnull=True,
                                         debtor_id__in=set(debtors.values()))
    for debtor_id, account_id in on_file.values_list("debtor_id", "account_id"):
        ids |= {a for a, d in debtors.items() if d == debtor_id and account_id in (None, a)}
    return ids


def commission_rate_bp(account: Account, on: date) -> int:
    """The client's rate for this debt when paid on `on`: the most specific matching rule (debt type over
    any, then the narrowest age band), else the client's rate."""
    start = account.charged_off_on or account.delinquent_on or account.placed_on
    age = (on - start).days if start else 0
    rules = CommissionRule.objects.filter(client_id=account.client_id, min_age_days__lte=age).filter(
        Q(max_age_days__isnull=True) | Q(max_age_days__gt=age)).filter(Q(debt_type="") | Q(debt_type=account.debt_type))
    best = sorted(rules, key=lambda r: (r.debt_type == "", (r.max_age_days or 10**9) - r.min_age_days))
    return best[0].rate_bp if best else account.client.commission_rate_bp


@dataclass
class Preview:
    """What posting a payment would do, shown before it is posted."""

    plan: Plan
    accounts: dict[int, Account]
    rates: dict[int, int]
    commissions: dict[int, int]
    balances_after: dict[int, int]
    direct: bool

    @property
    def commission_cents(self) -> int:
        return sum(self.commissions.values())


def preview(account: Account, amount_cents: int, *, on: date, split: dict[int, int] | None = None,
            direct: bool = False) -> Preview:
    others = linked_open_accounts(account)
    everyone = [account, *others]
    disputed = disputed_account_ids(others)
    debts = {a.pk: debt_of(a, disputed=a.pk in disputed) for a in everyone}
    plan = allocate(amount_cents, debts[account.pk], [debts[a.pk] for a in others], split=split)
    by_id = {a.pk: a for a in everyone}
    rates = {applied.account_id: commission_rate_bp(by_id[applied.account_id], on) for applied in plan.applied}
    commissions = {a.account_id: commission_cents(a.amount_cents, rates[a.account_id]) for a in plan.applied}
    after = {a.account_id: debts[a.account_id].balance_cents - a.amount_cents for a in plan.applied}
    return Preview(plan, by_id, rates, commissions, after, direct)


def closed_through(client_id: int) -> date | None:
    """The last day of the client's last closed remittance period: nothing may be posted on or before it."""
    from arrears.remittance.models import RemittancePeriod

    return RemittancePeriod.objects.filter(client_id=client_id).order_by("-ends_on").values_list(
        "ends_on", flat=True).first()


def payments_of(account: Account, limit: int = 100) -> list[Payment]:
    """The account's payments, with their allocations and reversals, newest first (also those taken on a linked
    account that paid this one)."""
    ids = set(Payment.objects.filter(Q(account=account) | Q(allocations__account=account)).values_list("pk", flat=True))
    return list(Payment.objects.filter(pk__in=ids).select_related("reversal", "created_by", "arrangement")
                .prefetch_related("allocations__account")[:limit])


def credit_cents(account: Account) -> int:
    """The account's credit balance (overpayments not yet refunded), as a positive figure."""
    from django.db.models import Sum

    from arrears.ledger.models import Book, Posting

    return -(Posting.objects.filter(account=account, book=Book.DEBTOR_CREDIT).aggregate(
        total=Sum("amount_cents"))["total"] or 0)


def methods_on_file(account: Account, *, kind: str | None = None):
    """The active cards and bank accounts of the account's debtors."""
    from .models import PaymentMethod

    rows = PaymentMethod.objects.filter(debtor__in=account.parties.values("debtor_id"), active=True)
    return list(rows.filter(kind=kind) if kind else rows)


def access_payment(account: Account, payment_id: int) -> Payment:
    """A payment taken on, or applied to, the account (Http404 otherwise)."""
    from django.http import Http404

    payment = Payment.objects.filter(pk=payment_id).filter(Q(account=account) | Q(allocations__account=account)).first()
    if payment is None:
        raise Http404("no such payment")
    return payment


def receipt(payment: Payment):
    """The debtor's receipt for a posted payment (its allocation on the account it was taken on)."""
    from django.utils import timezone

    from arrears.accounts.models import AccountDebtor
    from arrears.ledger.models import Book, Posting
    from arrears.remittance.queries import agency_party
    from arrears.remittance.statement import Party, Receipt

    from .models import Method

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
        debtor=Party(debtor.display_name if debtor else "", (address.line1, f"{address.city}, {address.state} "
                                                                            f"{address.zip_code}") if address else ()),
        account_number=account.client_account_number, creditor_name=account.client.name,
        paid_at=timezone.localtime(payment.received_at), method=Method(payment.method).label,
        reference=payment.instrument or payment.reference, amount_cents=payment.amount_cents, allocation=allocation,
        balance_after_cents=_balance_after(payment, account), arrangement_note=note,
        disclosure=("This communication is from a debt collector. This is an attempt to collect a debt and any "
                    "information obtained will be used for that purpose.") if third_party else "",
        currency=account.client.currency)


def _balance_after(payment: Payment, account: Account) -> int:
    """The account's balance just after the payment was applied (later events do not change a receipt)."""
    from django.db.models import Max, Sum

    from arrears.ledger.models import Book, Posting

    last = payment.allocations.aggregate(last=Max("entry_id"))["last"]
    if last is None:
        return sum(balances(account.pk).values())
    return Posting.objects.filter(account=account, book=Book.RECEIVABLE, entry_id__lte=last).aggregate(
        total=Sum("amount_cents"))["total"] or 0
