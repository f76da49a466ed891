"""Balance adjustments (interest, fees, write-offs, corrections from the client) and refunds of credit
balances, each through the ledger in one transaction that locks the account (`lock_accounts`, as every money
write does)."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from arrears.accounts.models import Account
from arrears.audit import actions as audit
from arrears.core.errors import InvalidInput
from arrears.core.money import BUCKETS, format_cents
from arrears.ledger.actions import hold_books_open, post_entry
from arrears.ledger.models import Book, EntryKind, Posting
from arrears.ledger.queries import balances

from ..ledger_lines import adjustment_lines, refund_lines
from ..models import Adjustment, AdjustmentKind, Refund


def _user(actor):
    return actor if actor is not None and actor.pk else None


def lock_accounts(account_ids) -> dict[int, Account]:
    """Lock the accounts in id order (always the same order: no deadlock between two payments)."""
    return {a.pk: a for a in Account.objects.select_for_update(of=("self",)).filter(pk__in=sorted(set(account_ids)))
            .select_related("client").order_by("pk")}


_ADJUSTMENT_ENTRY = {AdjustmentKind.INTEREST: EntryKind.INTEREST, AdjustmentKind.FEE: EntryKind.FEE,
                     AdjustmentKind.WRITE_OFF: EntryKind.WRITE_OFF, AdjustmentKind.CORRECTION: EntryKind.ADJUSTMENT}


def adjust_balance(account: Account, actor, *, kind: str, amount_cents: int, bucket: str, reason: str,
                   effective_on: date | None = None, idempotency_key: str | None = None) -> Adjustment:
    """Interest, a fee, a write-off or a correction from the client, through the ledger, with its reason.

    Interest needs a contract that allows it, and so do fees; a write-off lowers the balance; no bucket ever
    goes below zero.
    """
    reason = (reason or "").strip()
    if kind not in AdjustmentKind.values:
        raise InvalidInput(f"{kind!r} is not a kind of adjustment", field="kind")
    if not reason:
        raise InvalidInput("every adjustment needs a reason", field="reason")
    if bucket not in BUCKETS:
        raise InvalidInput(f"{bucket!r} is not a balance bucket", field="bucket")
    if not isinstance(amount_cents, int) or amount_cents == 0:
        raise InvalidInput("the amount must be a whole number of cents, not zero", field="amount")
    client = account.client
    if abs(amount_cents) > client.max_amount_cents:
        raise InvalidInput(f"{format_cents(abs(amount_cents))} is more than {client.name}'s largest accepted amount "
                           f"({format_cents(client.max_amount_cents)}): check the amount", field="amount")
    if kind == AdjustmentKind.INTEREST and (not client.interest_allowed or amount_cents < 0 or bucket != "interest"):
        raise InvalidInput(f"{client.name}'s contract does not allow interest" if not client.interest_allowed
                           else "interest is added to the interest bucket", field="kind")
    if kind == AdjustmentKind.FEE and (not client.fees_allowed or amount_cents < 0):
        raise InvalidInput(f"{client.name}'s contract does not allow fees" if not client.fees_allowed
                           else "a fee raises the balance", field="kind")
    if kind == AdjustmentKind.WRITE_OFF and amount_cents > 0:
        raise InvalidInput("a write-off lowers the balance: give a negative amount", field="amount")
    effective_on = effective_on or timezone.localdate()
    if idempotency_key:
        existing = Adjustment.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    with transaction.atomic():
        account = lock_accounts([account.pk])[account.pk]
        hold_books_open(account.client_id, effective_on)
        owed = balances(account.pk)[bucket]
        if owed + amount_cents < 0:
            raise InvalidInput(f"the {bucket} balance is {format_cents(owed)}: it cannot go below zero", field="amount")
        entry = post_entry(kind=_ADJUSTMENT_ENTRY[kind], memo=f"{AdjustmentKind(kind).label}: {reason}"[:300],
                           client_id=account.client_id, effective_on=effective_on, account_id=account.pk, actor=actor,
                           lines=adjustment_lines(account.pk, bucket, amount_cents),
                           idempotency_key=f"adjustment:{idempotency_key}" if idempotency_key else None)
        adjustment = Adjustment.objects.create(account=account, kind=kind, bucket=bucket, amount_cents=amount_cents,
                                               reason=reason[:300], entry=entry, effective_on=effective_on,
                                               idempotency_key=idempotency_key, created_by=_user(actor))
        audit.record(actor, f"payment.adjustment_{kind}", adjustment,
                     f"{AdjustmentKind(kind).label} of {format_cents(amount_cents)} to {bucket}: {reason}",
                     after={"kind": kind, "bucket": bucket, "amount_cents": amount_cents}, account_id=account.pk)
    return adjustment


def accrue_interest(account: Account, through: date, actor) -> Adjustment | None:
    """Simple interest at the client's yearly rate on the principal, Actual/365, from the last accrual (or the
    itemization date) through `through`. Once per account and date; none when the contract has no interest."""
    client = account.client
    if not client.interest_allowed or not client.interest_rate_bp:
        return None
    last = Adjustment.objects.filter(account=account, kind=AdjustmentKind.INTEREST).order_by("-effective_on").first()
    since = last.effective_on if last else account.itemization_on
    days = (through - since).days
    principal = balances(account.pk)["principal"]
    if days <= 0 or principal <= 0:
        return None
    cents = int((Decimal(principal) * client.interest_rate_bp * days / (Decimal(10000) * 365))
                .quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if cents <= 0:
        return None
    return adjust_balance(account, actor, kind=AdjustmentKind.INTEREST, amount_cents=cents, bucket="interest",
                          reason=f"{client.interest_rate_bp / 100:.2f}% a year on {format_cents(principal)} for {days} days",
                          effective_on=through, idempotency_key=f"interest:{account.pk}:{through.isoformat()}")


def refund_credit(account: Account, actor, *, amount_cents: int, method: str, reference: str = "") -> Refund:
    """Pay back an overpayment out of trust."""
    if not isinstance(amount_cents, int) or amount_cents <= 0:
        raise InvalidInput("the refund must be a whole number of cents above zero", field="amount")
    with transaction.atomic():
        account = lock_accounts([account.pk])[account.pk]
        credit = -(Posting.objects.filter(account=account, book=Book.DEBTOR_CREDIT)
                   .aggregate(total=Sum("amount_cents"))["total"] or 0)
        if amount_cents > credit:
            raise InvalidInput(f"the credit balance is {format_cents(credit)}", field="amount")
        entry = post_entry(kind=EntryKind.REFUND, memo=f"Refund of a credit balance ({reference or method})"[:300],
                           client_id=account.client_id, effective_on=timezone.localdate(), account_id=account.pk,
                           actor=actor, lines=refund_lines(account.pk, amount_cents))
        refund = Refund.objects.create(account=account, amount_cents=amount_cents, method=method, reference=reference,
                                       entry=entry, created_by=_user(actor))
        audit.record(actor, "payment.refund", refund, f"Refund of {format_cents(amount_cents)} ({method} {reference})",
                     after={"amount_cents": amount_cents}, account_id=account.pk)
    return refund
