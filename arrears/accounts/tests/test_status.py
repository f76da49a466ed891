"""An account's lifecycle: which status may follow which, and the record every change leaves."""

import pytest

from arrears.accounts.actions import OWE_NOTHING, assign_account, change_status
from arrears.accounts.models import TRANSITIONS, Account, Status, StatusChange
from arrears.audit.models import AuditEvent
from arrears.core.errors import InvalidInput, InvalidTransition
from arrears.payments.actions import adjust_balance

ROW = ("S-1,Ana,Reyes,,1985-03-03,(602) 555-0150,mobile,,1 First St,Phoenix,AZ,85004,credit card,500.00,0,0,"
       "2025-06-30,charge_off,2025-06-30,Big Bank")

ALLOWED = sorted((str(a), str(b)) for a, targets in TRANSITIONS.items() for b in targets)


@pytest.fixture
def new_account(client_acme, place):
    batch = place(client_acme, ROW)
    return batch.accounts.get()


def owing_nothing(account: Account, actor) -> Account:
    """The account with its balance written off, as paid in full or settled need."""
    adjust_balance(account, actor, kind="write_off", amount_cents=-50000, bucket="principal", reason="settled")
    return account


def account_in(account: Account, status: str, actor) -> Account:
    """The account moved from new to `status` (every status can be reached from new in one step)."""
    if status in OWE_NOTHING:
        owing_nothing(account, actor)
    if status != Status.NEW:
        change_status(account, status, f"set up as {status}", actor)
    return account


def records(account: Account) -> tuple[int, int]:
    return (StatusChange.objects.filter(account=account).count(),
            AuditEvent.objects.filter(account_id=account.pk, action="account.status_changed").count())


def test_every_status_can_be_reached_from_new():
    assert set(TRANSITIONS[Status.NEW]) == set(Status.values) - {Status.NEW}


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED, ids=[f"{a}-{b}" for a, b in ALLOWED])
def test_every_allowed_transition_is_made_recorded_and_audited(new_account, senior, from_status, to_status):
    account = account_in(new_account, from_status, senior)
    if to_status in OWE_NOTHING and from_status not in OWE_NOTHING:
        owing_nothing(account, senior)

    change = change_status(account, to_status, "  debtor called in  ", senior)

    account.refresh_from_db()
    assert account.status == to_status and account.status_changed_at is not None
    assert (change.from_status, change.to_status, change.reason, change.by) == (
        from_status, to_status, "debtor called in", senior)
    assert StatusChange.objects.filter(account=account).first() == change
    event = AuditEvent.objects.filter(account_id=account.pk, action="account.status_changed").first()
    assert (event.actor, event.actor_label) == (senior, senior.username)
    assert (event.object_type, event.object_id) == ("accounts.account", str(account.pk))
    assert event.before == {"status": from_status}
    assert event.after == {"status": to_status, "reason": "debtor called in"}


@pytest.mark.parametrize("from_status", Status.values)
def test_every_transition_not_allowed_raises_and_writes_nothing(new_account, senior, from_status):
    account = account_in(new_account, from_status, senior)
    refused = [s for s in Status.values if s not in TRANSITIONS[from_status]]
    assert from_status in refused  # staying put is never a transition
    before = records(account)

    for to_status in refused:
        with pytest.raises(InvalidTransition):
            change_status(account, to_status, "try it", senior)

    account.refresh_from_db()
    assert account.status == from_status
    assert records(account) == before


def test_a_closed_account_cannot_become_active_again(new_account, supervisor):
    account = account_in(new_account, Status.CLOSED, supervisor)

    with pytest.raises(InvalidTransition, match="an account that is closed cannot become active"):
        change_status(account, Status.ACTIVE, "debtor called back", supervisor)


@pytest.mark.parametrize("to_status", Status.values)
def test_a_recalled_account_cannot_become_anything(new_account, supervisor, to_status):
    account = account_in(new_account, Status.RECALLED, supervisor)

    with pytest.raises(InvalidTransition, match=r"\(allowed: none\)"):
        change_status(account, to_status, "client changed its mind", supervisor)


def test_a_paid_account_is_reopened_when_the_payment_that_paid_it_bounces(new_account, senior):
    account = account_in(new_account, Status.PAID_IN_FULL, senior)

    change_status(account, Status.ACTIVE, "payment returned R01", senior)

    assert Account.objects.get(pk=account.pk).status == Status.ACTIVE
    assert list(StatusChange.objects.filter(account=account).values_list("from_status", "to_status")) == [
        ("paid_in_full", "active"), ("new", "paid_in_full")]


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_status_change_needs_a_reason(new_account, senior, reason):
    with pytest.raises(InvalidInput, match="reason is required") as refused:
        change_status(new_account, Status.ACTIVE, reason, senior)

    assert refused.value.field == "reason"
    assert Account.objects.get(pk=new_account.pk).status == Status.NEW
    assert records(new_account) == (0, 0)


def test_an_unknown_status_is_refused(new_account, senior):
    with pytest.raises(InvalidInput, match="'on_hold' is not a status"):
        change_status(new_account, "on_hold", "waiting", senior)

    assert records(new_account) == (0, 0)


def test_a_change_made_by_the_system_is_audited_as_the_system(new_account):
    change = change_status(new_account, Status.ACTIVE, "first letter mailed", None)

    event = AuditEvent.objects.get(account_id=new_account.pk, action="account.status_changed")
    assert change.by is None
    assert (event.actor, event.actor_label) == (None, "system")


def test_a_status_change_works_on_a_stale_copy_of_the_account(new_account, senior):
    stale = Account.objects.get(pk=new_account.pk)
    change_status(new_account, Status.CLOSED, "settled elsewhere", senior)

    # The stale copy still says "new"; the check is made against the row as it is now.
    with pytest.raises(InvalidTransition, match="closed cannot become active"):
        change_status(stale, Status.ACTIVE, "first call", senior)


def test_assigning_an_account_is_audited_with_before_and_after(new_account, collector, supervisor):
    assign_account(new_account, collector, supervisor)
    assign_account(new_account, None, supervisor)

    assert Account.objects.get(pk=new_account.pk).assigned_to is None
    events = list(AuditEvent.objects.filter(account_id=new_account.pk, action="account.assigned").order_by("id"))
    assert [(e.before, e.after) for e in events] == [
        ({"assigned_to": None}, {"assigned_to": collector.pk}),
        ({"assigned_to": collector.pk}, {"assigned_to": None}),
    ]
    assert {e.actor for e in events} == {supervisor}
