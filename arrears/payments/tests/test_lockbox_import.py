"""Posting a lockbox file from the bank: once per item, on the account the coupon names, the rest unapplied."""

import pytest

from arrears.audit.models import AuditEvent
from arrears.core.errors import InvalidInput
from arrears.ledger.models import Posting
from arrears.ledger.queries import balances
from arrears.payments.actions.lockbox import apply_unapplied, import_lockbox, return_unapplied
from arrears.payments.lockbox import LockboxError
from arrears.payments.models import Payment, UnappliedItem

pytestmark = pytest.mark.django_db
HEADER = "deposit_date,batch,item,amount,account_number,client,instrument,check_number,payer_name"


def lockbox(*rows: str) -> bytes:
    """A lockbox file of the rows, with the bank's control row (item count and total) at the end."""
    from decimal import Decimal

    total = sum(Decimal(row.split(",")[3].replace("$", "")) for row in rows)
    return ("\n".join([HEADER, *rows, f"TOTAL,{len(rows)},{total:.2f}"]) + "\n").encode()


JUNE_ROWS = ("2026-11-30,B7,1,100.00,A-1001,acme,check,1042,Maria Lopez",
              "2026-11-30,B7,2,$25.00,A-1002,,money_order,88-77,John Smith",
              "2026-11-30,B7,3,40.00,,,check,555,illegible coupon",
              "2026-11-30,B7,4,12.00,Z-999,acme,check,556,Someone Else")
JUNE = lockbox(*JUNE_ROWS)


def test_each_item_is_posted_once_to_the_account_on_its_coupon_and_the_rest_wait_unapplied(acme_accounts, collector):
    maria, john = acme_accounts["A-1001"], acme_accounts["A-1002"]

    result = import_lockbox("june.csv", JUNE, collector)

    assert (result.imported.posted, result.imported.unapplied, result.already_imported) == (2, 2, False)
    check = Payment.objects.get(account=maria)
    assert (check.method, check.amount_cents, check.instrument, check.idempotency_key) == (
        "lockbox", 10000, "Check #1042", "lockbox:2026-11-30:B7:1")
    assert str(check.effective_on) == "2026-11-30"
    assert Payment.objects.get(account=john).instrument == "Money order #88-77"
    assert sum(balances(john.pk).values()) == 102500 - 2500
    assert sorted(UnappliedItem.objects.values_list("why", flat=True)) == [
        "no account Z-999 for client acme", "no account number on the coupon"]
    assert AuditEvent.objects.filter(action="lockbox.imported", actor=collector).count() == 1

    again = import_lockbox("june-copy.csv", JUNE, collector)
    assert again.already_imported and Payment.objects.count() == 2
    corrected = import_lockbox("june-v2.csv", lockbox(*JUNE_ROWS, "2026-11-30,B7,5,10.00,A-1001,acme,check,1043,Maria"),
                               collector)
    assert (corrected.imported.posted, corrected.imported.unapplied) == (1, 0)
    assert Payment.objects.count() == 3


def test_a_file_with_any_error_posts_nothing_and_says_where(acme_accounts, collector):
    bad = (f"{HEADER}\n2026-11-30,B7,1,100.00,A-1001,acme,check,1042,Maria Lopez\n"
           "2026-11-30,B7,2,12.5.0,A-1002,,check,1,John\nTOTAL,2,112.50\n").encode()

    with pytest.raises(LockboxError, match="bad.csv, row 3, amount"):
        import_lockbox("bad.csv", bad, collector)
    assert not Payment.objects.exists() and not Posting.objects.exclude(entry__kind="placement").exists()


def test_an_unapplied_item_is_applied_by_hand_or_sent_back(acme_accounts, supervisor):
    import_lockbox("june.csv", JUNE, supervisor)
    illegible, unknown = UnappliedItem.objects.order_by("row")

    payment = apply_unapplied(illegible, acme_accounts["A-1002"], supervisor)
    assert payment.idempotency_key == "lockbox:2026-11-30:B7:3" and payment.amount_cents == 4000
    with pytest.raises(InvalidInput, match="already applied to A-1002"):
        apply_unapplied(illegible, acme_accounts["A-1001"], supervisor)

    return_unapplied(unknown, supervisor, "no such account: check mailed back")
    unknown.refresh_from_db()
    assert unknown.resolution == "returned: no such account: check mailed back" and unknown.payment is None


def test_an_item_whose_key_was_posted_with_other_content_waits_on_the_desk_as_a_conflict(acme_accounts, supervisor,
                                                                                          client):
    """A corrected file from the bank reuses a batch and item number for another check: it is neither skipped
    as already posted nor posted twice, but shown on the payments desk for a person to decide."""
    import_lockbox("june.csv", JUNE, supervisor)
    corrected = lockbox("2026-11-30,B7,1,150.00,A-1001,acme,check,1099,Maria Lopez",  # same key, other check
                        "2026-11-30,B7,2,$25.00,A-1002,,money_order,88-77,John Smith")  # the same item again

    result = import_lockbox("june-corrected.csv", corrected, supervisor)

    assert (result.imported.posted, result.imported.unapplied) == (0, 1)
    conflict = UnappliedItem.objects.get(lockbox_import=result.imported)
    assert conflict.amount_cents == 15000 and conflict.why.startswith("conflict: batch B7 item 1")
    assert "$100.00 there, $150.00 here" in conflict.why and Payment.objects.count() == 2
    client.force_login(supervisor)
    assert "conflict: batch B7 item 1" in client.get("/payments/").content.decode()
    assert import_lockbox("june-corrected-again.csv", corrected + b"\n", supervisor).imported.unapplied == 0
    payment = apply_unapplied(conflict, acme_accounts["A-1001"], supervisor)
    assert payment.amount_cents == 15000 and Payment.objects.count() == 3
