"""The functions behind the payments domain's periodic jobs (registered in `jobs.py`)."""

from datetime import date, timedelta

from arrears.accounts.models import OPEN_STATUSES, Account

from .actions import accrue_interest, evaluate_arrangements
from .actions.ach import originate_ach
from .actions.scheduled import charge_due_cards as _charge_due_cards


def evaluate_all_arrangements(on: date) -> dict:
    """Kept and broken: the arrangements' nightly job, run here because a kept settlement posts its
    write-off."""
    return evaluate_arrangements(on)


def charge_due_cards(on: date) -> dict:
    return _charge_due_cards(on)


def originate_ach_file(on: date) -> dict:
    ach_file = originate_ach(None)
    if ach_file is None:
        return {"file": None}
    return {"file": ach_file.name, "entries": ach_file.entry_count, "debit_total_cents": ach_file.debit_total_cents}


def accrue_interest_all(on: date) -> dict:
    """Interest through yesterday on every open account whose client's contract allows it."""
    through = on - timedelta(days=1)
    accrued = cents = 0
    accounts = Account.objects.filter(status__in=OPEN_STATUSES, client__interest_allowed=True,
                                      client__interest_rate_bp__gt=0).select_related("client").order_by("pk")
    for account in accounts.iterator(chunk_size=500):
        adjustment = accrue_interest(account, through, None)
        if adjustment is not None:
            accrued += 1
            cents += adjustment.amount_cents
    return {"accounts": accrued, "cents": cents, "through": through.isoformat()}
