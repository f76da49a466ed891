"""Posting payments, reversing them, and charging cards.

Each is one transaction that locks the accounts it touches (so two payments on one account both post, one
after the other, on the balances the first left), writes balanced ledger entries, and audits. A payment is
posted once per idempotency key; a ledger entry is never edited, only reversed. What a payment or a reversal
means for the arrangement it pays is told to the arrangement (`plans`).
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from arrears.accounts.actions import change_status
from arrears.accounts.models import TRANSITIONS, Account, Status
from arrears.audit import actions as audit
from arrears.audit.actions import NewEvent
from arrears.core.errors import ArrearsError, InvalidInput
from arrears.core.money import format_cents
from arrears.ledger.actions import (NewEntry, hold_books_open, make_trust_whole, post_entry, refuse_if_closed,
                                    reversing_lines)
from arrears.ledger.models import Entry, EntryKind

from .. import queries
from ..allocation import Applied, Plan
from ..ledger_lines import payment_lines
from ..models import TRUST_METHODS, AdjustmentKind, Method, Payment, PaymentStatus, Refund, Reversal, ReversalReason
from ..processors import get_processor
from . import plans
from .adjusting import adjust_balance, lock_accounts
from .writing import PaymentRows, write_payment


CALLER_CHANNELS = ("web", "api")


def _user(actor):
    return actor if actor is not None and actor.pk else None


def caller_key(channel: str, user, key: str) -> str:
    """The idempotency key a browser (`web`) or API (`api`) caller sent, in that caller's own namespace.

    System keys (`lockbox:`, `ach:`, `scheduled:`, `demo:`) never start with a caller channel, so no caller
    can pre-empt one, nor another user's key.
    """
    if channel not in CALLER_CHANNELS:
        raise ValueError(f"no caller channel {channel!r}")
    key = (key or "").strip()
    if not key or len(key) > 100 or "\x00" in key:
        raise InvalidInput("send an idempotency key of 1 to 100 characters", field="Idempotency-Key")
    return f"{channel}:{user.pk}:{key}"


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
    asked = dict(account=account, amount_cents=amount_cents, method=method, reference=reference[:120], memo=memo[:300],
                 received_at=received_at, split=split)
    if (replayed := _same_key(key, **asked)) is not None:
        return replayed  # sent again: the payment first posted, also once its books have closed
    received_at = received_at or timezone.now()
    if timezone.is_naive(received_at):
        raise InvalidInput("when the payment was received needs a time zone", field="received_at")
    if received_at > timezone.now() + timedelta(minutes=5):
        raise InvalidInput("a payment cannot be received in the future", field="received_at")
    effective_on = effective_on or timezone.localdate(received_at)
    direct = method == Method.DIRECT
    with transaction.atomic():
        facts = queries.payment_facts(account.pk, lock=True)
        taken_on = facts.accounts[account.pk]
        if amount_cents > taken_on.client_max_cents:
            raise InvalidInput(f"{format_cents(amount_cents)} is more than the client's largest accepted payment "
                               f"({format_cents(taken_on.client_max_cents)}): check the amount", field="amount")
        if taken_on.status in (Status.RECALLED, Status.CLOSED):
            raise InvalidInput(f"the account is {Status(taken_on.status).label.lower()}: no payment can be posted to it")
        plan = queries.plan_payment(facts, amount_cents, on=effective_on, split=split, direct=direct)
        for client_id in sorted({taken_on.client_id, *(facts.accounts[a.account_id].client_id
                                                       for a in plan.plan.applied)}):
            refuse_if_closed(facts.closed_through.get(client_id), effective_on)
        if direct and plan.plan.credit_cents:
            raise InvalidInput(f"a direct payment cannot be more than the balance "
                               f"({format_cents(amount_cents - plan.plan.credit_cents)})", field="amount")
        applied = _paid_accounts(plan.plan, account.pk)
        # the arrangement it pays: the one given, else the oldest active one of the accounts it pays
        arranged = sorted((facts.accounts[pk].arrangement_id, pk) for pk in applied if facts.accounts[pk].arranged)
        if arrangement is not None:
            arranged = [(arrangement.pk, arrangement.account_id)]
        now = timezone.now()
        values = dict(account_id=account.pk, client_id=taken_on.client_id, payer_id=payer.pk if payer else None,
                      method=method, amount_cents=amount_cents, received_at=received_at, effective_on=effective_on,
                      status=PaymentStatus.POSTED.value, idempotency_key=key, reference=reference[:120],
                      instrument=instrument[:80], payment_method_id=payment_method.pk if payment_method else None,
                      arrangement_id=arranged[0][0] if arranged else None, credit_cents=plan.plan.credit_cents,
                      memo=memo[:300], failure="", created_by_id=_user(actor).pk if _user(actor) else None,
                      created_at=now)
        rows = _rows(values, plan, applied, actor, now)
        payment_id = write_payment(rows)
        if payment_id is None:  # delivered twice: the first delivery's payment, and nothing written
            return _same_key(key, **asked)
        payment = Payment(pk=payment_id, **values)
        paid_off = [pk for pk in applied if plan.balances_after.get(pk, 1) <= 0]
        for pk in paid_off:
            if Status.PAID_IN_FULL in TRANSITIONS[facts.accounts[pk].status]:
                change_status(Account(pk=pk), Status.PAID_IN_FULL, "balance paid", actor)
        if taken_on.status == Status.NEW and account.pk not in paid_off:
            change_status(Account(pk=account.pk), Status.ACTIVE, "payment received", actor)
        if arranged:
            plans.count_payment(*arranged[0], actor)
    return payment


def _paid_accounts(plan: Plan, taken_on: int) -> list[int]:
    """The accounts a payment applies to: those the plan pays, and the one it was taken on when it leaves a
    credit there."""
    paid = [a.account_id for a in plan.applied]
    return paid + [taken_on] if plan.credit_cents and taken_on not in paid else paid


def _same_key(key: str, account: Account, amount_cents: int, *, method: str | None = None,
              reference: str | None = None, memo: str | None = None, received_at: datetime | None = None,
              split: dict[int, int] | None = None) -> Payment | None:
    """The payment already posted under `key`, marked `replayed`, when it is the payment asked for again;
    None when the key is new. The same key for a payment that differs in anything the caller said (account,
    amount, method, reference, memo, when it was received, the split) is refused, naming what differs."""
    existing = Payment.objects.filter(idempotency_key=key).order_by().first()
    if existing is None:
        return None
    differs = [name for name, theirs, ours in [
        ("account", existing.account_id, account.pk), ("amount", existing.amount_cents, amount_cents),
        ("method", existing.method, method), ("reference", existing.reference, reference),
        ("memo", existing.memo, memo), ("received_at", existing.received_at, received_at)]
        if ours is not None and theirs != ours]
    if split and {a.account_id: a.amount_cents for a in existing.allocations.all()} != \
            {int(pk): cents for pk, cents in split.items() if cents}:
        differs.append("split")
    if differs:
        raise InvalidInput(f"this idempotency key was already used for another payment (its {', '.join(differs)} "
                           "differ): send a new key for a new payment", field="idempotency_key")
    existing.replayed = True
    return existing


def _rows(values: dict, preview: queries.Preview, paid: list[int], actor, now) -> PaymentRows:
    """The rows a payment writes: its ledger entry per account it applies to (`paid`), with their lines, its
    allocations and its audit row."""
    kind = (EntryKind.DIRECT_PAYMENT if preview.direct else EntryKind.PAYMENT).value
    plan = preview.plan
    taken_on = values["account_id"]
    by_account = {a.account_id: a for a in plan.applied}
    applied = [by_account.get(pk) or Applied(pk, {}) for pk in paid]
    label = Method(values["method"]).label
    rows = PaymentRows(payment=values)
    for item in applied:
        credit = plan.credit_cents if item.account_id == taken_on else 0
        commission = preview.commissions.get(item.account_id, 0)
        lines = payment_lines(item.account_id, item.by_bucket, commission, credit=credit, direct=preview.direct)
        rows.entries.append(NewEntry(
            kind=kind, client_id=preview.accounts[item.account_id].client_id, account_id=item.account_id,
            effective_on=values["effective_on"], memo=f" ({label})", lines=tuple(lines),
            idempotency_key=f"payment:{values['idempotency_key']}:{item.account_id}",
            created_by_id=values["created_by_id"], created_at=now))
        rows.allocations.append((item.account_id, item.amount_cents + credit, preview.rates.get(item.account_id, 0),
                                 commission))
    summary = (f"{label} payment of {format_cents(values['amount_cents'])}"
               + (f" ({values['instrument']})" if values["instrument"] else "")
               + (f", credit {format_cents(plan.credit_cents)}" if plan.credit_cents else ""))
    rows.audit = NewEvent(actor, "payment.posted", Payment, summary, now, account_id=taken_on,
                          after={"amount_cents": values["amount_cents"], "method": values["method"],
                                 "key": values["idempotency_key"],
                                 "applied": {str(a.account_id): a.by_bucket for a in plan.applied},
                                 "credit_cents": plan.credit_cents})
    return rows


def reverse_payment(payment: Payment, actor, *, reason: str, code: str = "", note: str = "",
                    effective_on: date | None = None, charge_fee: bool = True) -> Reversal:
    """Reverse a posted payment: a returned check, an ACH return, a chargeback or a correction.

    Each of its ledger entries is undone by a reversing entry (never edited) dated `effective_on` (default
    today, which must be in an open period); the balances come back; a returned check or ACH debit costs the
    debtor the client's returned-payment fee when the contract allows fees; the arrangement it paid has its
    instalments matched again, and is broken unless the reversal is a correction (posted in error).
    """
    if reason not in ReversalReason.values:
        raise InvalidInput(f"{reason!r} is not a reason to reverse a payment", field="reason")
    if reason == ReversalReason.CORRECTION and not note.strip():
        raise InvalidInput("say what was wrong with the payment", field="note")
    effective_on = effective_on or timezone.localdate()
    if effective_on > timezone.localdate():
        raise InvalidInput("a reversal cannot be dated in the future", field="effective_on")
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != PaymentStatus.POSTED:
            raise InvalidInput(f"payment #{payment.pk} is {payment.get_status_display().lower()}: it cannot be reversed")
        if effective_on < payment.effective_on:
            raise InvalidInput(f"the reversal cannot be dated before the payment ({payment.effective_on:%m/%d/%Y})",
                               field="effective_on")
        allocations = list(payment.allocations.select_related("entry"))
        locked = lock_accounts([payment.account_id, *(a.account_id for a in allocations)])
        for client_id in sorted({payment.client_id, *(a.entry.client_id for a in allocations)}):
            hold_books_open(client_id, effective_on)
        if payment.credit_cents and Refund.objects.filter(account_id=payment.account_id,
                                                          created_at__gt=payment.created_at).exists():
            raise InvalidInput("a credit from this payment was refunded since: reverse the refund with the bank first")
        for allocation in allocations:
            post_entry(kind=EntryKind.REVERSAL, memo=f"Reversal of payment #{payment.pk}: {ReversalReason(reason).label}",
                       client_id=allocation.entry.client_id, effective_on=effective_on, account_id=allocation.account_id,
                       actor=actor, lines=reversing_lines(allocation.entry), reverses=allocation.entry)
        for client_id in sorted({a.entry.client_id for a in allocations}):
            make_trust_whole(client_id, effective_on, actor,
                             why=f"payment #{payment.pk} came back after it was remitted")
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
        plans.count_reversal(payment, actor, reason=reason)
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


def in_trust(method: str) -> bool:
    return method in TRUST_METHODS


def take_card_payment(account: Account, actor, *, amount_cents: int, idempotency_key: str, token: str,
                      instrument: str, payment_method=None, arrangement=None, split=None, memo: str = "") -> Payment:
    """Charge a card through the processor and post the payment. The idempotency key is also the processor's:
    a retried request neither charges twice nor posts twice. A declined charge is kept, with nothing posted,
    and raised as ChargeDeclined."""
    existing = _same_key(idempotency_key, account, amount_cents, method=Method.CARD, memo=memo[:300], split=split)
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
