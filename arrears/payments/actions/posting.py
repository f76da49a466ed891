"""Every money write: posting payments, reversing them, adjusting balances, refunding credits.

Each is one transaction that locks the accounts it touches (so two payments on one account both post, one
after the other, on the balances the first left), writes balanced ledger entries through `post_entry`, and
audits. A payment is posted once per idempotency key; a ledger entry is never edited, only reversed.
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from arrears.accounts.actions import change_status
from arrears.accounts.models import TRANSITIONS, Account, Status
from arrears.audit import actions as audit
from arrears.core.errors import ArrearsError, InvalidInput
from arrears.core.money import format_cents
from arrears.ledger.actions import check_balanced, post_entry, reversing_lines
from arrears.ledger.models import Book, Entry, EntryKind
from arrears.ledger.queries import balances

from .. import queries
from ..allocation import Applied
from .writing import PaymentRows, write_payment
from ..ledger_lines import adjustment_lines, payment_lines, refund_lines
from arrears.remittance.actions import make_trust_whole

from ..models import (TRUST_METHODS, Adjustment, AdjustmentKind, Method, Payment, PaymentStatus, Refund,
                     Reversal, ReversalReason)


class PeriodClosed(ArrearsError):
    """The remittance period the date falls in is closed."""


def _user(actor):
    return actor if actor is not None and actor.pk else None


def _check_open(client_id: int, effective_on: date) -> None:
    from arrears.remittance.actions import lock_client_for_posting

    lock_client_for_posting(client_id)
    _refuse_if_closed(queries.closed_through(client_id), effective_on)


def _refuse_if_closed(closed: date | None, effective_on: date) -> None:
    """Nothing is posted on a day of a closed remittance period (closed through `closed`)."""
    if closed is not None and effective_on <= closed:
        raise PeriodClosed(f"the remittance period through {closed:%m/%d/%Y} is closed: post it on a later date")


def _lock(account_ids) -> dict[int, Account]:
    """Lock the accounts in id order (always the same order: no deadlock between two payments)."""
    return {a.pk: a for a in Account.objects.select_for_update(of=("self",)).filter(pk__in=sorted(set(account_ids)))
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
    direct = method == Method.DIRECT
    with transaction.atomic():
        facts = queries.payment_facts(account.pk, split_ids=split or (), lock=True)
        taken_on = facts.accounts[account.pk]
        if taken_on.status in (Status.RECALLED, Status.CLOSED):
            raise InvalidInput(f"the account is {Status(taken_on.status).label.lower()}: no payment can be posted to it")
        plan = queries.plan_payment(facts, amount_cents, on=effective_on, split=split, direct=direct)
        for client_id in sorted({taken_on.client_id, *(facts.accounts[a.account_id].client_id
                                                       for a in plan.plan.applied)}):
            _refuse_if_closed(facts.closed_through.get(client_id), effective_on)
        if direct and plan.plan.credit_cents:
            raise InvalidInput(f"a direct payment cannot be more than the balance "
                               f"({format_cents(amount_cents - plan.plan.credit_cents)})", field="amount")
        now = timezone.now()
        values = dict(account_id=account.pk, client_id=taken_on.client_id, payer_id=payer.pk if payer else None,
                      method=method, amount_cents=amount_cents, received_at=received_at, effective_on=effective_on,
                      status=PaymentStatus.POSTED.value, idempotency_key=key, reference=reference[:120],
                      instrument=instrument[:80], payment_method_id=payment_method.pk if payment_method else None,
                      arrangement_id=arrangement.pk if arrangement else None, credit_cents=plan.plan.credit_cents,
                      memo=memo[:300], failure="", created_by_id=_user(actor).pk if _user(actor) else None,
                      created_at=now)
        rows, applied = _rows(values, plan, actor, now)
        payment_id = write_payment(rows)
        if payment_id is None:  # delivered twice: the first delivery's payment, and nothing written
            return _same_key(key, account, amount_cents)
        payment = Payment(pk=payment_id, **values)
        paid_off = [pk for pk in applied if plan.balances_after.get(pk, 1) <= 0]
        for pk in paid_off:
            if Status.PAID_IN_FULL in TRANSITIONS[facts.accounts[pk].status]:
                change_status(Account(pk=pk), Status.PAID_IN_FULL, "balance paid", actor)
        if taken_on.status == Status.NEW and account.pk not in paid_off:
            change_status(Account(pk=account.pk), Status.ACTIVE, "payment received", actor)
        if arrangement is not None or any(facts.accounts[pk].arranged for pk in applied):
            from arrears.arrangements.actions import apply_payment

            apply_payment(payment, actor, account_ids=applied)
    return payment


def _same_key(key: str, account: Account, amount_cents: int) -> Payment | None:
    existing = Payment.objects.filter(idempotency_key=key).order_by().first()
    if existing is None:
        return None
    if existing.account_id != account.pk or existing.amount_cents != amount_cents:
        raise InvalidInput(f"the idempotency key {key!r} was already used for another payment", field="idempotency_key")
    return existing


def _rows(values: dict, preview: queries.Preview, actor, now) -> tuple[PaymentRows, list[int]]:
    """The rows a payment writes: its ledger entry per account it applies to (checked to balance), their
    postings, its allocations and its audit row. Also the accounts it applies to."""
    kind = (EntryKind.DIRECT_PAYMENT if preview.direct else EntryKind.PAYMENT).value
    plan = preview.plan
    taken_on = values["account_id"]
    applied = list(plan.applied)
    if plan.credit_cents and not any(a.account_id == taken_on for a in applied):
        applied.append(Applied(taken_on, {}))
    label = Method(values["method"]).label
    rows = PaymentRows(payment=values)
    for item in applied:
        client_id = preview.accounts[item.account_id].client_id
        credit = plan.credit_cents if item.account_id == taken_on else 0
        commission = preview.commissions.get(item.account_id, 0)
        lines = payment_lines(item.account_id, item.by_bucket, commission, credit=credit, direct=preview.direct)
        check_balanced(lines, f"the payment on account {item.account_id}")
        rows.entries.append({"kind": kind, "memo_tail": f" ({label})", "client_id": client_id,
                             "account_id": item.account_id, "effective_on": values["effective_on"],
                             "created_by_id": values["created_by_id"],
                             "idempotency_key": f"payment:{values['idempotency_key']}:{item.account_id}",
                             "created_at": now})
        rows.postings += [(item.account_id, line.account_id, str(line.book), line.bucket, line.amount_cents,
                           client_id) for line in lines]
        rows.allocations.append((item.account_id, item.amount_cents + credit, preview.rates.get(item.account_id, 0),
                                 commission))
    summary = (f"{label} payment of {format_cents(values['amount_cents'])}"
               + (f" ({values['instrument']})" if values["instrument"] else "")
               + (f", credit {format_cents(plan.credit_cents)}" if plan.credit_cents else ""))
    rows.audit = {"at": now, "actor_id": values["created_by_id"], "actor_label": audit.actor_label(actor),
                  "action": "payment.posted", "object_type": Payment._meta.label_lower, "account_id": taken_on,
                  "debtor_id": None, "summary": summary[:300], "before": None,
                  "after": {"amount_cents": values["amount_cents"], "method": values["method"],
                            "key": values["idempotency_key"],
                            "applied": {str(a.account_id): a.by_bucket for a in plan.applied},
                            "credit_cents": plan.credit_cents}}
    return rows, [item.account_id for item in applied]


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
        locked = _lock([payment.account_id, *(a.account_id for a in allocations)])
        for client_id in sorted({payment.client_id, *(a.entry.client_id for a in allocations)}):
            _check_open(client_id, effective_on)
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
