"""Writes to accounts: lifecycle transitions, assignment, and the bulk paths the placement import writes through."""

from django.db import transaction
from django.utils import timezone

from arrears.audit import actions as audit
from arrears.core.bulk import insert_rows
from arrears.core.errors import InvalidInput, InvalidTransition
from arrears.core.money import format_cents
from arrears.ledger.queries import balances

from ..models import TRANSITIONS, Account, AccountDebtor, Status, StatusChange

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


def put_to_work(account: Account, reason: str, actor) -> StatusChange | None:
    """Make a new account active (its first contact attempt); an account no longer new is left as it is, even
    when the caller's copy still says new (another collector's attempt got there first)."""
    with transaction.atomic():
        current = Account.objects.select_for_update().values_list("status", flat=True).get(pk=account.pk)
        if current != Status.NEW:
            account.status = current
            return None
        return change_status(account, Status.ACTIVE, reason, actor)


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


# --- bulk paths, for imports ---------------------------------------------------------------------------------

ACCOUNT_COLUMNS = ("client_id", "client_account_number", "original_creditor", "original_account_number", "debt_type",
                   "opened_on", "delinquent_on", "charged_off_on", "last_payment_on", "placed_on", "itemization_on",
                   "itemization_basis", "itemization_amount_cents", "itemization_interest_cents",
                   "itemization_fees_cents", "itemization_payments_cents", "itemization_credits_cents", "placement_id")
PARTY_COLUMNS = ("account_id", "debtor_id", "role", "placed_first_name", "placed_middle_name", "placed_last_name",
                 "placed_suffix", "placed_business_name", "placed_name_key", "placed_tax_id_kind",
                 "placed_tax_id_last4", "placed_birth_year")


def bulk_create_accounts(rows: list[tuple]) -> list[int]:
    """Insert new accounts from tuples of ACCOUNT_COLUMNS (validated by the caller, an import in its
    transaction, which audits it; numbers already placed for the client are the database's to refuse).
    Returns the new ids in row order."""
    return insert_rows(Account, ACCOUNT_COLUMNS, rows, return_ids=True)


def bulk_add_parties(rows: list[tuple]) -> None:
    """Link debtors to new accounts from tuples of PARTY_COLUMNS, with the identity as the client placed it."""
    insert_rows(AccountDebtor, PARTY_COLUMNS, rows)
