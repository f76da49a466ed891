"""Writes to accounts: lifecycle transitions and assignment. Placement import is in .placement."""

from django.db import transaction
from django.utils import timezone

from arrears.audit import actions as audit
from arrears.core.errors import InvalidInput, InvalidTransition
from arrears.core.money import format_cents
from arrears.ledger.queries import balances

from ..models import TRANSITIONS, Account, Status, StatusChange

OWE_NOTHING = {  # statuses that say the debt is gone, and what a person does first when a balance remains
    Status.PAID_IN_FULL: "post the payment that pays it, or a correction adjustment if the balance is wrong",
    Status.SETTLED: "agree a settlement and let it be kept, or post the settlement's write-off adjustment first",
}


def change_status(account: Account, to_status: str, reason: str, actor) -> StatusChange:
    """Move an account to `to_status` if the lifecycle allows it; record the change and audit it.

    The row is locked for the check so that two people changing one account cannot both pass it.
    """
    reason = reason.strip()
    if not reason:
        raise InvalidInput("a reason is required for a status change", field="reason")
    if to_status not in Status.values:
        raise InvalidInput(f"{to_status!r} is not a status", field="status")
    with transaction.atomic():
        locked = Account.objects.select_for_update().get(pk=account.pk)
        from_status = locked.status
        if to_status not in TRANSITIONS[from_status]:
            allowed = ", ".join(sorted(TRANSITIONS[from_status])) or "none"
            raise InvalidTransition(
                f"an account that is {Status(from_status).label.lower()} cannot become "
                f"{Status(to_status).label.lower()} (allowed: {allowed})"
            )
        if to_status in OWE_NOTHING and (owed := sum(balances(locked.pk).values())) > 0:
            raise InvalidTransition(
                f"the account still owes {format_cents(owed)}, so it cannot be marked "
                f"{Status(to_status).label.lower()}: {OWE_NOTHING[to_status]}")
        now = timezone.now()
        Account.objects.filter(pk=locked.pk).update(status=to_status, status_changed_at=now)
        change = StatusChange.objects.create(
            account=locked, from_status=from_status, to_status=to_status, reason=reason,
            by=actor if actor is not None and actor.pk else None,
        )
        audit.record(
            actor, "account.status_changed", locked,
            f"Status {Status(from_status).label} → {Status(to_status).label}: {reason}",
            before={"status": from_status}, after={"status": to_status, "reason": reason},
        )
    account.status, account.status_changed_at = to_status, now
    return change


def assign_account(account: Account, collector, actor) -> None:
    with transaction.atomic():
        before = account.assigned_to_id
        Account.objects.filter(pk=account.pk).update(assigned_to=collector)
        audit.record(
            actor, "account.assigned", account,
            f"Assigned to {collector.get_username()}" if collector else "Unassigned",
            before={"assigned_to": before}, after={"assigned_to": collector.pk if collector else None},
        )
    account.assigned_to = collector
