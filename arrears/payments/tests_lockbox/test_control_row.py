"""The control row (TOTAL, item count, total amount) must be last and must add up, or the file is refused."""

import pytest

from arrears.payments.lockbox import read_lockbox

from . import lockbox_csv

ROWS = ("2025-06-02,B7,1,125.00,A1,1,P", "2025-06-02,B7,2,350.00,A2,2,Q")


def errors_of(control: str, *rows: str):
    return read_lockbox("june.csv", lockbox_csv(*(rows or ROWS), control=control)).errors


@pytest.mark.parametrize("control", ["TOTAL,2,475.00", "total,2,$475.00", 'Total,2,"475"', "TOTAL,2,475.00,,,,",
                                     "TOTAL,2,475.00,,,"])
def test_a_control_row_that_adds_up_is_accepted_short_or_padded(control):
    assert errors_of(control) == ()


def test_a_control_row_with_the_wrong_count_refuses_the_file():
    lockbox = read_lockbox("june.csv", lockbox_csv(*ROWS, control="TOTAL,3,475.00"))
    (error,) = lockbox.errors
    assert (error.file, error.row, error.column) == ("june.csv", 4, "item_count")
    assert error.message == "says 3 items but the file lists 2"


def test_a_control_row_with_the_wrong_total_refuses_the_file_by_even_one_cent():
    (error,) = errors_of("TOTAL,2,475.01")
    assert (error.row, error.column) == (4, "total_amount")
    assert error.message == "says $475.01 but the items add up to $475.00"


def test_a_wrong_count_and_a_wrong_total_are_both_reported():
    assert [error.column for error in errors_of("TOTAL,1,125.00")] == ["item_count", "total_amount"]


def test_the_count_counts_item_rows_that_have_errors_too():
    errors = errors_of("TOTAL,2,125.00", "2025-06-02,B7,1,125.00,A1,1,P", "2025-06-02,B7,2,oops,A2,2,Q")
    assert [(error.row, error.column) for error in errors] == [(3, "amount")]


def test_the_total_is_not_compared_when_an_amount_could_not_be_read():
    errors = errors_of("TOTAL,2,999.00", "2025-06-02,B7,1,125.00,A1,1,P", "2025-06-02,B7,2,oops,A2,2,Q")
    assert [error.column for error in errors] == ["amount"]


def test_a_missing_control_row_refuses_the_file():
    data = b"deposit_date,batch,item,amount\n2025-06-02,B7,1,125.00\n"
    (error,) = read_lockbox("june.csv", data).errors
    assert (error.file, error.row, error.column) == ("june.csv", None, None)
    assert error.message.startswith("the control row is missing")


def test_a_row_after_the_control_row_refuses_the_file():
    data = lockbox_csv(*ROWS, control="TOTAL,2,475.00\n2025-06-02,B7,3,1.00,A3,3,R")
    (error,) = read_lockbox("june.csv", data).errors
    assert (error.row, error.column) == (5, None)
    assert error.message == "comes after the control row; the TOTAL row must be the last row"


def test_a_second_control_row_refuses_the_file():
    (error,) = errors_of("TOTAL,2,475.00\nTOTAL,2,475.00")
    assert (error.row, error.message) == (5, "comes after the control row; the TOTAL row must be the last row")


@pytest.mark.parametrize("control", ["TOTAL,2", "TOTAL,2,475.00,extra,,,", "TOTAL,2,475.00,,,,,,,"])
def test_a_control_row_of_the_wrong_shape_refuses_the_file(control):
    (error,) = errors_of(control)
    assert (error.row, error.column) == (4, None)
    assert error.message.startswith("the control row must be TOTAL, the item count and the total amount")


@pytest.mark.parametrize(("control", "column", "says"), [
    ("TOTAL,two,475.00", "item_count", "'two' is not a count of items"),
    ("TOTAL,-2,475.00", "item_count", "'-2' is not a count of items"),
    ("TOTAL,2,lots", "total_amount", "'lots' is not an amount in dollars (e.g. 125.00)"),
    ("TOTAL,2,475.001", "total_amount", "'475.001' has more than two decimal places"),
])
def test_an_unreadable_count_or_total_refuses_the_file(control, column, says):
    (error,) = errors_of(control)
    assert (error.row, error.column, error.message) == (4, column, says)


def test_a_count_may_have_thousands_commas():
    rows = [f"2025-06-02,B7,{n},1.00,A1,1,P" for n in range(1, 1001)]
    assert read_lockbox("june.csv", lockbox_csv(*rows, control='TOTAL,"1,000","1,000.00"')).errors == ()
