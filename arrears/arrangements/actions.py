"""Writes of arrangements: agreeing a promise, a plan or a settlement; a supervisor's approval; matching
payments to instalments; kept and broken; the financial statement behind an affordability assessment."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from arrears.accounts.actions import change_status
from arrears.accounts.models import OPEN_STATUSES, TRANSITIONS, Account, Status as AccountStatus
from arrears.audit import actions as audit
from arrears.core.errors import InvalidInput, NotAllowed
from arrears.core.money import format_cents
from arrears.ledger.queries import balances

from . import affordability, queries
from .models import OPEN, Arrangement, FinancialStatement, Instalment, InstalmentStatus, Kind, Status


def _user(actor):
    return actor if actor is not None and actor.pk else None


def record_financial_statement(debtor, actor, *, income: list[dict], expenses: list[dict], notes: str = "") -> FinancialStatement:
    """What the debtor earns and spends, each item {label, amount_cents, per}; keeps the monthly figures."""
    items = {"income": [], "expenses": []}
    for name, rows in (("income", income), ("expenses", expenses)):
        for i, row in enumerate(rows):
            try:
                item = affordability.Item(str(row["label"]).strip() or name, int(row["amount_cents"]), str(row["per"]))
                affordability.monthly_cents(item)
            except (KeyError, ValueError, TypeError):
                raise InvalidInput(f"{name} item {i + 1} needs a label, an amount in cents and how often", field=name) from None
            if item.amount_cents < 0:
                raise InvalidInput(f"{name} item {i + 1}: an amount cannot be negative", field=name)
            items[name].append(item)
    assessment = affordability.assess(items["income"], items["expenses"])
    with transaction.atomic():
        statement = FinancialStatement.objects.create(
            debtor=debtor, income=[vars(i) for i in items["income"]], expenses=[vars(i) for i in items["expenses"]],
            monthly_income_cents=assessment.monthly_income_cents, monthly_expenses_cents=assessment.monthly_expenses_cents,
            monthly_disposable_cents=assessment.monthly_disposable_cents, notes=notes.strip(), recorded_by=_user(actor))
        audit.record(actor, "arrangement.financial_statement", statement,
                     f"Financial statement of {debtor.display_name}: income {format_cents(assessment.monthly_income_cents)}"
                     f"/mo, expenses {format_cents(assessment.monthly_expenses_cents)}/mo",
                     after={"disposable_cents": assessment.monthly_disposable_cents}, debtor_id=debtor.pk)
    return statement


def create_arrangement(account: Account, actor, *, kind: str, first_due: date, channel: str, frequency: str | None = None,
                       count: int | None = None, instalment_cents: int | None = None, down_payment_cents: int = 0,
                       down_payment_on: date | None = None, amount_cents: int | None = None,
                       settlement_cents: int | None = None, payment_method=None, financial_statement=None,
                       override_reason: str = "") -> Arrangement:
    """Agree a promise to pay, a payment plan or a settlement.

    Past the client's policy (settlement floor, longest plan, smallest instalment) it is refused; past the
    collector's own authority it waits for a supervisor; not affordable on the debtor's financial statement
    it needs the collector's reason.
    """
    if payment_method is not None and payment_method.debtor_id not in set(account.parties.values_list("debtor_id", flat=True)):
        raise InvalidInput("that card or bank account is not this debtor's", field="payment_method")
    if payment_method is not None and not payment_method.active:
        raise InvalidInput(f"{payment_method.label} is no longer used: {payment_method.ended_reason}",
                           field="payment_method")
    with transaction.atomic():
        account = Account.objects.select_for_update().select_related("client").get(pk=account.pk)
        if account.status not in OPEN_STATUSES:
            raise InvalidInput(f"the account is {account.get_status_display().lower()}: no arrangement can be made")
        if Arrangement.objects.filter(account=account, status__in=OPEN).exists():
            raise InvalidInput("the account already has an open arrangement: cancel it first")
        terms = queries.offer(account, actor, kind=kind, first_due=first_due, frequency=frequency, count=count,
                              instalment_cents=instalment_cents, down_payment_cents=down_payment_cents,
                              down_payment_on=down_payment_on, amount_cents=amount_cents,
                              settlement_cents=settlement_cents, financial_statement=financial_statement)
        if terms.breaches:
            raise InvalidInput("; ".join(terms.breaches), field="terms")
        if terms.affordable is False and len(override_reason.strip()) < 10:
            raise InvalidInput(f"{format_cents(terms.monthly_cents)} a month is more than the "
                               f"{format_cents(terms.disposable_cents)} the debtor's statement leaves: say why it is "
                               "agreed anyway", field="override_reason")
        summary, discount_bp, needs, balance = terms.summary, terms.discount_bp, terms.needs_approval, terms.balance_cents
        instalments, affordable = terms.instalments, terms.affordable
        arrangement = Arrangement.objects.create(
            account=account, kind=kind, status=Status.PENDING_APPROVAL if needs else Status.ACTIVE,
            balance_cents=balance, total_cents=summary["total_cents"], discount_bp=discount_bp,
            frequency=str(frequency or "") if kind != Kind.PROMISE else "", channel=channel,
            payment_method=payment_method, financial_statement=financial_statement, affordable=affordable,
            override_reason=override_reason.strip()[:300], needs_approval_because=needs[:300], created_by=_user(actor))
        Instalment.objects.bulk_create(Instalment(arrangement=arrangement, seq=i.seq, due_on=i.due_on,
                                                  amount_cents=i.amount_cents, is_down_payment=i.is_down_payment)
                                       for i in instalments)
        if account.status == AccountStatus.NEW:
            change_status(account, AccountStatus.ACTIVE, f"{Kind(kind).label.lower()} agreed", actor)
        audit.record(actor, "arrangement.created", arrangement,
                     f"{Kind(kind).label}: {format_cents(summary['total_cents'])} in {summary['count']} payment"
                     f"{'s' if summary['count'] != 1 else ''} from {first_due:%m/%d/%Y}"
                     + (f" ({discount_bp / 100:.2f}% off)" if discount_bp else "")
                     + (f" — awaiting approval: {needs}" if needs else ""),
                     after={"kind": kind, "total_cents": summary["total_cents"], "count": summary["count"],
                            "status": arrangement.status}, account_id=account.pk)
    return arrangement


def decide_approval(arrangement: Arrangement, actor, *, approve: bool, note: str) -> Arrangement:
    """A supervisor approves or denies an offer that was past the collector's authority."""
    if not actor.has_perm("arrangements.approve_arrangement"):
        raise NotAllowed("approving an arrangement takes a supervisor")
    note = (note or "").strip()
    if not approve and not note:
        raise InvalidInput("say why it is denied", field="note")
    with transaction.atomic():
        arrangement = Arrangement.objects.select_for_update().get(pk=arrangement.pk)
        if arrangement.status != Status.PENDING_APPROVAL:
            raise InvalidInput(f"the arrangement is {arrangement.get_status_display().lower()}")
        if arrangement.created_by_id == actor.pk and not actor.is_superuser:
            raise NotAllowed("an offer is approved by someone other than the one who made it")
        status = Status.ACTIVE if approve else Status.DENIED
        Arrangement.objects.filter(pk=arrangement.pk).update(status=status, decided_by=actor, decided_at=timezone.now(),
                                                              decision_note=note[:300])
        audit.record(actor, "arrangement.approved" if approve else "arrangement.denied", arrangement,
                     f"{arrangement.get_kind_display()} #{arrangement.pk} {'approved' if approve else 'denied'}"
                     + (f": {note}" if note else ""), before={"status": Status.PENDING_APPROVAL},
                     after={"status": status, "note": note}, account_id=arrangement.account_id)
    arrangement.refresh_from_db()
    return arrangement


def cancel_arrangement(arrangement: Arrangement, actor, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("say why it is cancelled", field="reason")
    with transaction.atomic():
        if not Arrangement.objects.filter(pk=arrangement.pk, status__in=OPEN).update(
                status=Status.CANCELLED, ended_at=timezone.now(), ended_reason=reason[:300]):
            raise InvalidInput("only an open arrangement can be cancelled")
        audit.record(actor, "arrangement.cancelled", arrangement, f"{arrangement.get_kind_display()} cancelled: {reason}",
                     account_id=arrangement.account_id)


def _paid_toward(arrangement: Arrangement) -> int:
    """What the arrangement's posted payments applied to its account."""
    from django.db.models import Sum

    from arrears.payments.models import Allocation, PaymentStatus

    return Allocation.objects.filter(payment__arrangement=arrangement, payment__status=PaymentStatus.POSTED,
                                     account_id=arrangement.account_id).aggregate(
        total=Sum("amount_cents"))["total"] or 0


def match_instalments(arrangement: Arrangement, today: date | None = None) -> list[Instalment]:
    """Spread what was paid over the instalments, oldest first, and set each one's status."""
    today = today or timezone.localdate()
    grace = timedelta(days=arrangement.account.client.grace_days)
    left = _paid_toward(arrangement)
    instalments = list(arrangement.instalments.order_by("seq"))
    for instalment in instalments:
        paid = min(left, instalment.amount_cents)
        left -= paid
        if paid == instalment.amount_cents:
            status = InstalmentStatus.PAID
        elif instalment.due_on + grace < today:
            status = InstalmentStatus.MISSED
        else:
            status = InstalmentStatus.PART_PAID if paid else InstalmentStatus.DUE
        if (instalment.paid_cents, instalment.status) != (paid, status):
            Instalment.objects.filter(pk=instalment.pk).update(paid_cents=paid, status=status)
            instalment.paid_cents, instalment.status = paid, status
    return instalments


def apply_payment(payment, actor, account_ids=None) -> None:
    """Count a posted payment toward the open arrangement of the account it paid, and complete it when paid."""
    if payment.arrangement_id is None:
        paid = account_ids if account_ids is not None else payment.allocations.values("account_id")
        arrangement = (Arrangement.objects.filter(account_id__in=paid, status=Status.ACTIVE).order_by("pk").first())
        if arrangement is None:
            return
        type(payment).objects.filter(pk=payment.pk).update(arrangement=arrangement)
        payment.arrangement = arrangement
    arrangement = Arrangement.objects.select_related("account__client").get(pk=payment.arrangement_id)
    if arrangement.status != Status.ACTIVE:
        return
    instalments = match_instalments(arrangement)
    if all(i.status == InstalmentStatus.PAID for i in instalments):
        _complete(arrangement, actor)


def _complete(arrangement: Arrangement, actor) -> None:
    """Kept: every instalment paid. A settlement also writes off the rest and closes the account as settled."""
    from arrears.payments.actions import adjust_balance

    account = arrangement.account
    Arrangement.objects.filter(pk=arrangement.pk).update(status=Status.KEPT, ended_at=timezone.now(),
                                                          ended_reason="paid as agreed")
    audit.record(actor, "arrangement.kept", arrangement, f"{arrangement.get_kind_display()} kept: paid as agreed",
                 account_id=account.pk)
    if arrangement.kind != Kind.SETTLEMENT:
        return
    left = balances(account.pk)
    for bucket in ("principal", "interest", "fees", "costs"):
        if left[bucket] > 0:
            adjust_balance(account, actor, kind="write_off", amount_cents=-left[bucket], bucket=bucket,
                           reason=f"Settled for {format_cents(arrangement.total_cents)} (arrangement #{arrangement.pk})",
                           idempotency_key=f"settlement:{arrangement.pk}:{bucket}")
    account.refresh_from_db()
    if AccountStatus.SETTLED in TRANSITIONS[account.status]:
        change_status(account, AccountStatus.SETTLED, f"settlement #{arrangement.pk} paid", actor)


def break_for_reversal(payment, actor) -> None:
    """A payment of an arrangement came back: the arrangement is broken (and a settlement's write-off undone)."""
    if payment.arrangement_id is None:
        return
    arrangement = Arrangement.objects.select_related("account__client").get(pk=payment.arrangement_id)
    if arrangement.status not in (Status.ACTIVE, Status.KEPT):
        return
    if arrangement.status == Status.KEPT and arrangement.kind == Kind.SETTLEMENT:
        _undo_settlement(arrangement, actor)
    _break(arrangement, actor, f"payment #{payment.pk} was returned")


def _undo_settlement(arrangement: Arrangement, actor) -> None:
    from arrears.payments.actions import adjust_balance
    from arrears.payments.models import Adjustment

    for write_off in Adjustment.objects.filter(idempotency_key__startswith=f"settlement:{arrangement.pk}:"):
        adjust_balance(arrangement.account, actor, kind="correction", amount_cents=-write_off.amount_cents,
                       bucket=write_off.bucket, reason=f"Settlement #{arrangement.pk} undone: its payment came back",
                       idempotency_key=f"unsettle:{write_off.pk}")


def break_arrangement(arrangement: Arrangement, actor, why: str) -> None:
    """Broken: a payment came back, a scheduled charge was declined, or an instalment went unpaid."""
    if Arrangement.objects.filter(pk=arrangement.pk, status=Status.ACTIVE).exists():
        _break(arrangement, actor, why)


def _break(arrangement: Arrangement, actor, why: str) -> None:
    Arrangement.objects.filter(pk=arrangement.pk).update(status=Status.BROKEN, ended_at=timezone.now(),
                                                          ended_reason=why[:300])
    audit.record(actor, "arrangement.broken", arrangement, f"{arrangement.get_kind_display()} broken: {why}",
                 before={"status": arrangement.status}, after={"status": Status.BROKEN}, account_id=arrangement.account_id)
    account = Account.objects.get(pk=arrangement.account_id)
    if account.status != AccountStatus.ACTIVE and AccountStatus.ACTIVE in TRANSITIONS[account.status]:
        change_status(account, AccountStatus.ACTIVE, f"arrangement #{arrangement.pk} broken: back to work", actor)


def evaluate_arrangements(today: date | None = None, actor=None, *, account_ids=None) -> dict[str, int]:
    """Kept and broken, nightly and on demand: an instalment still unpaid after the client's grace days breaks
    its arrangement. Returns how many were kept, broken and are still running."""
    today = today or timezone.localdate()
    result = {"kept": 0, "broken": 0, "running": 0}
    active = Arrangement.objects.filter(status=Status.ACTIVE).select_related("account__client")
    if account_ids is not None:
        active = active.filter(account_id__in=account_ids)
    for arrangement in active.order_by("pk"):
        with transaction.atomic():
            instalments = match_instalments(arrangement, today)
            missed = next((i for i in instalments if i.status == InstalmentStatus.MISSED), None)
            if all(i.status == InstalmentStatus.PAID for i in instalments):
                _complete(arrangement, actor)
                result["kept"] += 1
            elif missed is not None:
                _break(arrangement, actor, f"instalment {missed.seq} of {format_cents(missed.amount_cents)} due "
                                           f"{missed.due_on:%m/%d/%Y} was not paid within "
                                           f"{arrangement.account.client.grace_days} days")
                result["broken"] += 1
            else:
                result["running"] += 1
    return result
