"""Every money write: posting payments, reversing them, adjusting balances, refunding credits.

Each is one transaction that locks the accounts it touches (so two payments on one account both post, one
after the other, on the balances the first left), writes balanced ledger entries through `post_entry`, and
audits. A payment is posted once per idempotency key; a ledger entry is never edited, only reversed.
"""

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from arrears.accounts.actions import change_status
from arrears.accounts.models import TRANSITIONS, Account, Status
from arrears.audit import actions as audit
from arrears.core.errors import ArrearsError, InvalidInput
from arrears.core.money import format_cents
from arrears.ledger.actions import post_entry, reversing_lines
from arrears.ledger.models import Book, Entry, EntryKind
from arrears.ledger.queries import balances

from .. import queries
from ..ledger_lines import adjustment_lines, payment_lines, refund_lines
from ..models import (TRUST_METHODS, Adjustment, AdjustmentKind, Allocation, Method, Payment, PaymentStatus, Refund,
                     Reversal, ReversalReason)


class PeriodClosed(ArrearsError):
    """The remittance period the date falls in is closed."""


def _user(actor):
    return actor if actor is not None and actor.pk else None


def _check_open(client_id: int, effective_on: date) -> None:
    from arrears.remittance.actions import lock_client_for_posting

    lock_client_for_posting(client_id)
    closed = queries.closed_through(client_id)
    if closed is not None and effective_on <= closed:
        raise PeriodClosed(f"the remittance period through {closed:%m/%d/%Y} is closed: post it on a later date")


def _lock(account_ids) -> dict[int, Account]:
    """Lock the accounts in id order (always the same order: no deadlock between two payments)."""
    return {a.pk: a for a in Account.objects.select_for_update().filter(pk__in=sorted(set(account_ids)))
            .select_related("client").order_by("pk")}


def post_payment(account: Account, actor, *, amount_cents: int, method: str, idempotency_key: str,
                 received_at: datetime | None = None, effective_on: date | None = None, reference: str = "",
                 instrument: str = "", payment_method=None, split: dict[int, int] | None = None, arrangement=None,
                 payer=None, memo: str = "") -> Payment:
    """Post a payment received (or made to the client directly, `method="direct"`) and apply it.

    Posting the same idempotency key again returns the payment first posted with it and writes nothing, also
    when the two race; the same key for a different amount or account is refused.
    """
    if not isinstance(amount_cents, int) or isinstance(amount_cents, bool) or amount_cents <= 0:
        raise InvalidInput("the amount must be a whole number of cents above zero", field="amount")
    if method not in Method.values:
        raise InvalidInput(f"{method!r} is not a way of paying", field="method")
    key = (idempotency_key or "").strip()
    if not key or len(key) > 120:
        raise InvalidInput("every payment needs an idempotency key of 1 to 120 characters", field="idempotency_key")
    received_at = received_at or timezone.now()
    if timezone.is_naive(received_at):
        raise InvalidInput("when the payment was received needs a time zone", field="received_at")
    if received_at > timezone.now() + timedelta(minutes=5):
        raise InvalidInput("a payment cannot be received in the future", field="received_at")
    effective_on = effective_on or timezone.localdate(received_at)
    existing = _same_key(key, account, amount_cents)
    if existing is not None:
        return existing
    with transaction.atomic():
        others = queries.linked_open_accounts(account)
        locked = _lock([account.pk, *[a.pk for a in others], *(split or {})])
        account = locked[account.pk]
        if account.status in (Status.RECALLED, Status.CLOSED):
            raise InvalidInput(f"the account is {account.get_status_display().lower()}: no payment can be posted to it")
        _check_open(account.client_id, effective_on)
        direct = method == Method.DIRECT
        plan = queries.preview(account, amount_cents, on=effective_on, split=split, direct=direct)
        if direct and plan.plan.credit_cents:
            raise InvalidInput(f"a direct payment cannot be more than the balance ({format_cents(amount_cents - plan.plan.credit_cents)})",
                               field="amount")
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    account=account, client_id=account.client_id, payer=payer, method=method, amount_cents=amount_cents,
                    received_at=received_at, effective_on=effective_on, idempotency_key=key, reference=reference[:120],
                    instrument=instrument[:80], payment_method=payment_method, arrangement=arrangement,
                    credit_cents=plan.plan.credit_cents, memo=memo[:300], created_by=_user(actor))
        except IntegrityError:
            existing = _same_key(key, account, amount_cents)
            if existing is None:
                raise
            return existing
        _apply(payment, plan, actor)
        audit.record(actor, "payment.posted", payment,
                     f"{Method(method).label} payment of {format_cents(amount_cents)}"
                     + (f" ({instrument})" if instrument else "") + (f", credit {format_cents(plan.plan.credit_cents)}"
                                                                    if plan.plan.credit_cents else ""),
                     after={"amount_cents": amount_cents, "method": method, "key": key,
                            "applied": {str(a.account_id): a.by_bucket for a in plan.plan.applied}},
                     account_id=account.pk)
        for applied in plan.plan.applied:
            _mark_paid_in_full(locked[applied.account_id], actor)
        if account.status == Status.NEW and Account.objects.filter(pk=account.pk, status=Status.NEW).exists():
            change_status(account, Status.ACTIVE, "payment received", actor)
        from arrears.arrangements.actions import apply_payment

        apply_payment(payment, actor)
    return payment


def _same_key(key: str, account: Account, amount_cents: int) -> Payment | None:
    existing = Payment.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if existing.account_id != account.pk or existing.amount_cents != amount_cents:
        raise InvalidInput(f"the idempotency key {key!r} was already used for another payment", field="idempotency_key")
    return existing


def _apply(payment: Payment, preview: queries.Preview, actor) -> None:
    kind = EntryKind.DIRECT_PAYMENT if preview.direct else EntryKind.PAYMENT
    plan = preview.plan
    applied = list(plan.applied)
    if plan.credit_cents and not any(a.account_id == payment.account_id for a in applied):
        from ..allocation import Applied

        applied.append(Applied(payment.account_id, {}))
    for item in applied:
        account = preview.accounts[item.account_id]
        credit = plan.credit_cents if item.account_id == payment.account_id else 0
        rate = preview.rates.get(item.account_id, 0)
        commission = preview.commissions.get(item.account_id, 0)
        entry = post_entry(
            kind=kind, memo=f"Payment #{payment.pk} ({Method(payment.method).label})"[:300], client_id=account.client_id,
            effective_on=payment.effective_on, account_id=account.pk, actor=actor,
            lines=payment_lines(account.pk, item.by_bucket, commission, credit=credit, direct=preview.direct),
            idempotency_key=f"{payment.idempotency_key}:{account.pk}")
        Allocation.objects.create(payment=payment, account=account, entry=entry, amount_cents=item.amount_cents + credit,
                                  commission_rate_bp=rate, commission_cents=commission)


def _mark_paid_in_full(account: Account, actor) -> None:
    if sum(balances(account.pk).values()) <= 0 and Status.PAID_IN_FULL in TRANSITIONS[account.status]:
        change_status(account, Status.PAID_IN_FULL, "balance paid", actor)


def reverse_payment(payment: Payment, actor, *, reason: str, code: str = "", note: str = "",
                    effective_on: date | None = None, charge_fee: bool = True) -> Reversal:
    """Reverse a posted payment: a returned check, an ACH return, a chargeback or a correction.

    Each of its ledger entries is undone by a reversing entry (never edited) dated `effective_on` (default
    today, which must be in an open period); the balances come back; a returned check or ACH debit costs the
    debtor the client's returned-payment fee when the contract allows fees; the arrangement it paid is broken.
    """
    if reason not in ReversalReason.values:
        raise InvalidInput(f"{reason!r} is not a reason to reverse a payment", field="reason")
    if reason == ReversalReason.CORRECTION and not note.strip():
        raise InvalidInput("say what was wrong with the payment", field="note")
    effective_on = effective_on or timezone.localdate()
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != PaymentStatus.POSTED:
            raise InvalidInput(f"payment #{payment.pk} is {payment.get_status_display().lower()}: it cannot be reversed")
        allocations = list(payment.allocations.select_related("entry"))
        locked = _lock([payment.account_id, *(a.account_id for a in allocations)])
        _check_open(payment.client_id, effective_on)
        if payment.credit_cents and Refund.objects.filter(account_id=payment.account_id,
                                                          created_at__gt=payment.created_at).exists():
            raise InvalidInput("a credit from this payment was refunded since: reverse the refund with the bank first")
        for allocation in allocations:
            post_entry(kind=EntryKind.REVERSAL, memo=f"Reversal of payment #{payment.pk}: {ReversalReason(reason).label}",
                       client_id=allocation.entry.client_id, effective_on=effective_on, account_id=allocation.account_id,
                       actor=actor, lines=reversing_lines(allocation.entry), reverses=allocation.entry)
        fee_entry = _returned_payment_fee(payment, locked[payment.account_id], reason, effective_on, actor) \
            if charge_fee else None
        Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.REVERSED)
        payment.status = PaymentStatus.REVERSED
        reversal = Reversal.objects.create(payment=payment, reason=reason, code=code[:8], note=note[:300],
                                           effective_on=effective_on, fee_entry=fee_entry, reversed_by=_user(actor))
        audit.record(actor, "payment.reversed", payment,
                     f"Payment #{payment.pk} of {format_cents(payment.amount_cents)} reversed: "
                     f"{ReversalReason(reason).label}{(' ' + code) if code else ''}{(' — ' + note) if note else ''}",
                     before={"status": "posted"}, after={"status": "reversed", "reason": reason, "code": code},
                     account_id=payment.account_id)
        for account in locked.values():
            if account.status in (Status.PAID_IN_FULL, Status.SETTLED):
                change_status(account, Status.ACTIVE, f"payment #{payment.pk} reversed", actor)
        from arrears.arrangements.actions import break_for_reversal

        break_for_reversal(payment, actor)
    return reversal


def _returned_payment_fee(payment: Payment, account: Account, reason: str, on: date, actor) -> Entry | None:
    client = account.client
    if reason not in (ReversalReason.NSF, ReversalReason.ACH_RETURN) or not client.fees_allowed:
        return None
    fee = client.returned_payment_fee_cents
    if not fee:
        return None
    adjustment = adjust_balance(account, actor, kind=AdjustmentKind.FEE, amount_cents=fee, bucket="fees",
                                reason=f"Returned-payment fee: payment #{payment.pk} came back",
                                effective_on=on, idempotency_key=f"returned-fee:{payment.pk}")
    return adjustment.entry


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
    if bucket not in ("principal", "interest", "fees", "costs"):
        raise InvalidInput(f"{bucket!r} is not a balance bucket", field="bucket")
    if not isinstance(amount_cents, int) or amount_cents == 0:
        raise InvalidInput("the amount must be a whole number of cents, not zero", field="amount")
    client = account.client
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
        account = _lock([account.pk])[account.pk]
        _check_open(account.client_id, effective_on)
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
    from decimal import ROUND_HALF_UP, Decimal

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
    from django.db.models import Sum

    from arrears.ledger.models import Posting

    with transaction.atomic():
        account = _lock([account.pk])[account.pk]
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


def in_trust(method: str) -> bool:
    return method in TRUST_METHODS


def take_card_payment(account: Account, actor, *, amount_cents: int, idempotency_key: str, token: str,
                      instrument: str, payment_method=None, arrangement=None, split=None, memo: str = "") -> Payment:
    """Charge a card through the processor and post the payment. The idempotency key is also the processor's:
    a retried request neither charges twice nor posts twice. A declined charge is kept, with nothing posted,
    and raised as ChargeDeclined."""
    from ..processors import get_processor

    existing = _same_key(idempotency_key, account, amount_cents)
    if existing is not None:
        if existing.status == PaymentStatus.DECLINED:
            raise ChargeDeclined(existing)
        return existing
    charge = get_processor().charge(token=token, amount_cents=amount_cents, idempotency_key=idempotency_key,
                                    description=f"{account.client.name} account {account.client_account_number}")
    if not charge.approved:
        with transaction.atomic():
            declined = Payment.objects.create(
                account=account, client_id=account.client_id, method=Method.CARD, amount_cents=amount_cents,
                received_at=timezone.now(), effective_on=timezone.localdate(), status=PaymentStatus.DECLINED,
                idempotency_key=idempotency_key, instrument=instrument[:80], payment_method=payment_method,
                arrangement=arrangement, failure=charge.message[:300], memo=memo[:300], created_by=_user(actor))
            audit.record(actor, "payment.declined", declined,
                         f"Card payment of {format_cents(amount_cents)} ({instrument}) declined: {charge.message}",
                         after={"amount_cents": amount_cents, "message": charge.message}, account_id=account.pk)
        raise ChargeDeclined(declined)
    return post_payment(account, actor, amount_cents=amount_cents, method=Method.CARD, idempotency_key=idempotency_key,
                        reference=charge.reference, instrument=instrument, payment_method=payment_method,
                        arrangement=arrangement, split=split, memo=memo)


class ChargeDeclined(ArrearsError):
    def __init__(self, payment: Payment):
        super().__init__(f"the card was declined: {payment.failure or 'no reason given'}")
        self.payment = payment
