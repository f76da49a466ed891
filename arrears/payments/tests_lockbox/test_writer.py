"""to_csv writes files that read back to the same items; it refuses to write a file that would be refused."""

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arrears.payments.lockbox import COLUMN_NAMES, LockboxError, read_lockbox, to_csv

from . import an_item


def test_to_csv_round_trips_items_exactly():
    items = (an_item(), an_item(item="2", amount_cents=125_005, instrument="money_order", check_number="2233445566",
                                payer_name='Smith, "Jack"\nJr', note="coupon torn"),
             an_item(batch="B8", item="1", amount_cents=1, account_number="", deposit_date=date(2025, 6, 3)))
    lockbox = read_lockbox("written.csv", to_csv(items))
    assert lockbox.errors == ()
    assert [replace(item, row=0) for item in lockbox.items] == [replace(item, row=0) for item in items]
    assert lockbox.total_cents == 137_506


def test_to_csv_writes_every_column_crlf_and_a_padded_control_row():
    lines = to_csv([an_item(amount_cents=125_000)]).decode("utf-8").split("\r\n")
    assert lines[0] == ",".join(COLUMN_NAMES)
    assert lines[1] == "2025-06-02,B7,1,1250.00,ACME-100,acme,check,1042,Jane Roe,0104,6789,"
    assert lines[2] == "TOTAL,1,1250.00" + "," * (len(COLUMN_NAMES) - 3)
    assert lines[3:] == [""]


def test_to_csv_refuses_items_that_would_not_read_back_cleanly():
    with pytest.raises(LockboxError, match="is also on row 2"):
        to_csv([an_item(), an_item()])
    with pytest.raises(LockboxError, match="is zero"):
        to_csv([an_item(amount_cents=0)])
    with pytest.raises(LockboxError, match="the file has no items"):
        to_csv([])


printable = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30).map(str.strip)


@settings(database=None)  # nothing written to the shared .hypothesis directory
@given(st.lists(st.tuples(st.integers(1, 10**11), st.sampled_from(["check", "money_order"]), printable,
                          st.dates(date(2000, 1, 1), date(2099, 12, 31))), min_size=1, max_size=20))
def test_any_valid_items_round_trip_through_to_csv(rows):
    items = [an_item(item=str(n), amount_cents=cents, instrument=instrument, payer_name=payer, note=payer,
                     batch=f"D{day:%Y%m%d}", deposit_date=day)
             for n, (cents, instrument, payer, day) in enumerate(rows, start=1)]
    lockbox = read_lockbox("written.csv", to_csv(items))
    assert lockbox.errors == ()
    assert [replace(item, row=0) for item in lockbox.items] == [replace(item, row=0) for item in items]
    assert lockbox.total_cents == sum(cents for cents, *_ in rows)
