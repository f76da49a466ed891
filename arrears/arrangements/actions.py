"""Writes of arrangements: agreeing a promise, a plan or a settlement; a supervisor's approval; matching
payments to instalments; kept and broken; the financial statement behind an affordability assessment.

What a payment, a reversal or the passing of days means for a plan comes back as a `PlanOutcome`: the
arrangement's own rows are written here, and the payments app, which tells it what was paid, posts the
money the outcome names (a settlement's write-off, undoing it, closing the account as settled).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from arrears.accounts.actions import change_status
from arrears.accounts.models import OPEN_STATUSES, TRANSITIONS, Account, Status as AccountStatus
from arrears.audit import actions as audit
from arrears.core.errors import InvalidInput, NotAllowed
from arrears.core.money import BUCKETS, format_cents
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


@dataclass
class PlanOutcome:
    """What a payment, a reversal or the passing of days means for one arrangement.

    The arrangement's own rows (its status, its instalments, its audit row) are written already; the money
    is the caller's to post: a kept settlement's `write_off` (cents per bucket) and closing the account as
    settled, or, when a kept settlement comes undone, reversing that write-off (`undo_write_off`).
    """

    arrangement: Arrangement
    status: str
    instalments: list[Instalment]
    write_off: dict[str, int] = field(default_factory=dict)
    close_as_settled: bool = False
    undo_write_off: bool = False


def match_instalments(arrangement: Arrangement, paid_cents: int, today: date | None = None) -> list[Instalment]:
    """Spread `paid_cents` (what the arrangement's posted payments applied to its account) over the
    instalments, oldest first, and set each one's status."""
    today = today or timezone.localdate()
    grace = timedelta(days=arrangement.account.client.grace_days)
    left = paid_cents
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


def _arrangement(arrangement_id: int) -> Arrangement:
    return Arrangement.objects.select_related("account__client").get(pk=arrangement_id)


def count_payment(arrangement_id: int, paid_cents: int, actor) -> PlanOutcome:
    """A payment toward the arrangement was posted, and its posted payments now come to `paid_cents` on its
    account: an active arrangement's instalments are matched, and once all are paid it is kept."""
    arrangement = _arrangement(arrangement_id)
    if arrangement.status != Status.ACTIVE:
        return PlanOutcome(arrangement, arrangement.status, [])
    instalments = match_instalments(arrangement, paid_cents)
    if all(i.status == InstalmentStatus.PAID for i in instalments):
        return _keep(arrangement, instalments, actor)
    return PlanOutcome(arrangement, arrangement.status, instalments)


def _keep(arrangement: Arrangement, instalments: list[Instalment], actor) -> PlanOutcome:
    """Kept: every instalment paid. A settlement also has the rest written off and the account closed as
    settled (by the caller, which posts money)."""
    Arrangement.objects.filter(pk=arrangement.pk).update(status=Status.KEPT, ended_at=timezone.now(),
                                                          ended_reason="paid as agreed")
    audit.record(actor, "arrangement.kept", arrangement, f"{arrangement.get_kind_display()} kept: paid as agreed",
                 account_id=arrangement.account_id)
    outcome = PlanOutcome(arrangement, Status.KEPT, instalments)
    if arrangement.kind == Kind.SETTLEMENT:
        left = balances(arrangement.account_id)
        outcome.write_off = {bucket: left[bucket] for bucket in BUCKETS
                             if left[bucket] > 0}
        outcome.close_as_settled = True
    return outcome


def count_reversal(arrangement_id: int, paid_cents: int, actor, *, payment_id: int, clerical: bool) -> PlanOutcome:
    """A payment toward the arrangement was reversed, and its posted payments now come to `paid_cents`: the
    instalments are matched again, so none shows money that came back. A payment that came back (a returned
    check, an ACH return, a chargeback) breaks an active or kept arrangement. A clerical correction (the
    payment was posted in error) is no fault of the debtor's: the arrangement goes on, and a kept one that
    is no longer paid is reopened (or cancelled, should the account have another open arrangement by now).
    A kept settlement that is broken or reopened has its write-off to undo."""
    arrangement = _arrangement(arrangement_id)
    instalments = match_instalments(arrangement, paid_cents)
    status, settlement = arrangement.status, arrangement.kind == Kind.SETTLEMENT
    if status not in (Status.ACTIVE, Status.KEPT):
        return PlanOutcome(arrangement, status, instalments)
    if not clerical:
        _break(arrangement, actor, f"payment #{payment_id} was returned")
        return PlanOutcome(arrangement, Status.BROKEN, instalments, undo_write_off=settlement and status == Status.KEPT)
    if status == Status.ACTIVE or all(i.status == InstalmentStatus.PAID for i in instalments):
        return PlanOutcome(arrangement, status, instalments)
    why = f"payment #{payment_id} was posted in error"
    if Arrangement.objects.filter(account_id=arrangement.account_id, status__in=OPEN).exists():
        Arrangement.objects.filter(pk=arrangement.pk).update(status=Status.CANCELLED, ended_at=timezone.now(),
                                                              ended_reason=f"{why}; the account has another arrangement")
        audit.record(actor, "arrangement.cancelled", arrangement,
                     f"{arrangement.get_kind_display()} cancelled: {why} and the account has another arrangement",
                     before={"status": status}, after={"status": Status.CANCELLED}, account_id=arrangement.account_id)
        return PlanOutcome(arrangement, Status.CANCELLED, instalments, undo_write_off=settlement)
    Arrangement.objects.filter(pk=arrangement.pk).update(status=Status.ACTIVE, ended_at=None, ended_reason="")
    audit.record(actor, "arrangement.reopened", arrangement,
                 f"{arrangement.get_kind_display()} reopened: {why}, so it is no longer paid as agreed",
                 before={"status": status}, after={"status": Status.ACTIVE}, account_id=arrangement.account_id)
    return PlanOutcome(arrangement, Status.ACTIVE, instalments, undo_write_off=settlement)


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


def evaluate_arrangement(arrangement: Arrangement, paid_cents: int, actor, today: date | None = None) -> PlanOutcome:
    """Kept and broken as the days pass: an active arrangement whose posted payments come to `paid_cents` is
    kept when they pay every instalment, and broken by an instalment still unpaid after the client's grace
    days."""
    today = today or timezone.localdate()
    instalments = match_instalments(arrangement, paid_cents, today)
    missed = next((i for i in instalments if i.status == InstalmentStatus.MISSED), None)
    if all(i.status == InstalmentStatus.PAID for i in instalments):
        return _keep(arrangement, instalments, actor)
    if missed is not None:
        _break(arrangement, actor, f"instalment {missed.seq} of {format_cents(missed.amount_cents)} due "
                                   f"{missed.due_on:%m/%d/%Y} was not paid within "
                                   f"{arrangement.account.client.grace_days} days")
        return PlanOutcome(arrangement, Status.BROKEN, instalments)
    return PlanOutcome(arrangement, arrangement.status, instalments)
