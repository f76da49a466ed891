"""What payments and reversals mean for arrangements, told to them and carried out: the arrangements app
matches the instalments and decides kept and broken (`arrangements.actions`, which returns a `PlanOutcome`);
this posts the money the outcome names: a kept settlement's write-off and the account closed as settled, or
that write-off undone when the settlement's payment is reversed. Also the nightly evaluation of every active
arrangement, which needs both the payments made and the money posted."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from arrears.accounts.actions import change_status
from arrears.accounts.models import TRANSITIONS, Status
from arrears.arrangements import actions as arrangements
from arrears.arrangements import queries as arrangement_queries
from arrears.arrangements.actions import PlanOutcome
from arrears.arrangements.models import Arrangement, Status as ArrangementStatus
from arrears.core.money import format_cents

from .. import queries
from ..models import Adjustment, AdjustmentKind, ReversalReason
from .adjusting import adjust_balance


def _settlement_key(arrangement_id: int, bucket: str = "") -> str:
    """The prefix of the idempotency keys of a settlement's write-offs (of one bucket, when given)."""
    return f"settlement:{arrangement_id}:{bucket}"


def _write_off_key(arrangement_id: int, bucket: str) -> str:
    """The key of the settlement's next write-off of the bucket: `settlement:<id>:<bucket>` the first time;
    a settlement reopened (its payment was posted in error) and kept again writes off once more."""
    earlier = Adjustment.objects.filter(idempotency_key__startswith=_settlement_key(arrangement_id, bucket)).count()
    return _settlement_key(arrangement_id, bucket) + (f":{earlier + 1}" if earlier else "")


def count_payment(arrangement_id: int, account_id: int, actor) -> PlanOutcome:
    """Tell the arrangement a payment toward it was posted (it paid `account_id`, the arrangement's account),
    and post what that means."""
    outcome = arrangements.count_payment(arrangement_id, queries.paid_toward(arrangement_id, account_id), actor)
    carry_out(outcome, actor)
    return outcome


def count_reversal(payment, actor, *, reason: str) -> PlanOutcome | None:
    """Tell the arrangement the payment paid (if any) that it was reversed for `reason` (the payment is
    reversed already), with what its payments now come to, and post what that means."""
    if payment.arrangement_id is None:
        return None
    arrangement = Arrangement.objects.only("account_id").get(pk=payment.arrangement_id)
    outcome = arrangements.count_reversal(payment.arrangement_id,
                                          queries.paid_toward(arrangement.pk, arrangement.account_id), actor,
                                          payment_id=payment.pk, clerical=reason == ReversalReason.CORRECTION)
    carry_out(outcome, actor)
    return outcome


def carry_out(outcome: PlanOutcome, actor) -> None:
    """Post the money of an outcome: a kept settlement writes off the rest of the balance and closes the
    account as settled; a settlement that came undone has its write-off corrected back."""
    arrangement = outcome.arrangement
    account = arrangement.account
    for bucket, cents in outcome.write_off.items():
        adjust_balance(account, actor, kind=AdjustmentKind.WRITE_OFF, amount_cents=-cents, bucket=bucket,
                       reason=f"Settled for {format_cents(arrangement.total_cents)} (arrangement #{arrangement.pk})",
                       idempotency_key=_write_off_key(arrangement.pk, bucket))
    if outcome.close_as_settled:
        account.refresh_from_db()
        if Status.SETTLED in TRANSITIONS[account.status]:
            change_status(account, Status.SETTLED, f"settlement #{arrangement.pk} paid", actor)
    if outcome.undo_write_off:
        for write_off in Adjustment.objects.filter(idempotency_key__startswith=_settlement_key(arrangement.pk)):
            adjust_balance(account, actor, kind=AdjustmentKind.CORRECTION, amount_cents=-write_off.amount_cents,
                           bucket=write_off.bucket,
                           reason=f"Settlement #{arrangement.pk} undone: its payment was reversed",
                           idempotency_key=f"unsettle:{write_off.pk}")


def evaluate_arrangements(today: date | None = None, actor=None, *, account_ids=None) -> dict[str, int]:
    """Kept and broken, nightly and on demand: an instalment still unpaid after the client's grace days breaks
    its arrangement. Each arrangement in its own transaction. Returns how many were kept, broken and are
    still running."""
    today = today or timezone.localdate()
    result = {"kept": 0, "broken": 0, "running": 0}
    for arrangement in arrangement_queries.active(account_ids):
        with transaction.atomic():
            paid = queries.paid_toward(arrangement.pk, arrangement.account_id)
            outcome = arrangements.evaluate_arrangement(arrangement, paid, actor, today)
            carry_out(outcome, actor)
        result[{ArrangementStatus.KEPT: "kept", ArrangementStatus.BROKEN: "broken"}.get(outcome.status,
                                                                                        "running")] += 1
    return result
