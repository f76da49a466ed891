"""Every error names the file, the row (line) and the column, is reported with all the others, and refuses
the whole file."""

import pytest

from arrears.core.errors import ArrearsError
from arrears.payments.lockbox import ERROR, LockboxError, read_lockbox, require_clean

from . import HEADER, lockbox_csv

GOOD_ROW = "2025-06-02,B7,1,125.00,ACME-100,1042,Jane Roe"


def only_error(data: bytes, file_name: str = "june.csv"):
    errors = read_lockbox(file_name, data).errors
    assert len(errors) == 1, errors
    return errors[0]


def error_for(row_text: str, column: str, header: str | None = None):
    """The one error on row 2 of a file whose only item row is `row_text` (control row given, so it adds up)."""
    data = lockbox_csv(row_text, header=header or HEADER, control="TOTAL,1,125.00")
    lockbox = read_lockbox("june.csv", data)
    (error,) = [p for p in lockbox.errors if p.column == column]
    assert (error.file, error.row, error.severity) == ("june.csv", 2, ERROR)
    return error


@pytest.mark.parametrize(("text", "says"), [
    ("", "is blank"),
    ("June 2", "is not a date (use YYYY-MM-DD or MM/DD/YYYY)"),
    ("2025-02-30", "is not a real date"),
    ("13/02/2025", "is not a real date"),
    ("02/06/25", "is not a date"),
])
def test_a_bad_deposit_date_is_an_error_on_its_row_and_column(text, says):
    assert says in error_for(f"{text},B7,1,125.00,A1,1,P", "deposit_date").message


@pytest.mark.parametrize(("text", "says"), [
    ("", "is blank; every item needs its amount"),
    ("abc", "is not an amount in dollars"),
    ("12.345", "has more than two decimal places"),
    ("125.001", "has more than two decimal places"),
    ('"125,00"', "uses a decimal comma"),
    ('"1,25.00"', "is not an amount in dollars"),
    ("1e3", "is in scientific notation"),
    ("NaN", "is not an amount in dollars"),
    ("-125.00", "is negative"),
    ("(125.00)", "is negative"),
    ("0.00", "is zero"),
    ("$0", "is zero"),
])
def test_a_bad_negative_or_zero_amount_is_an_error_on_its_row_and_column(text, says):
    assert says in error_for(f"2025-06-02,B7,1,{text},A1,1,P", "amount").message


@pytest.mark.parametrize(("column", "row_text", "says"), [
    ("batch", "2025-06-02,,1,125.00,A1,1,P", "is blank"),
    ("batch", "2025-06-02,B 7,1,125.00,A1,1,P", "is not a batch id"),
    ("batch", "2025-06-02,B:7,1,125.00,A1,1,P", "is not a batch id"),
    ("item", "2025-06-02,B7,,125.00,A1,1,P", "is blank"),
    ("item", "2025-06-02,B7,1a,125.00,A1,1,P", "is not an item sequence number"),
    ("account_number", "2025-06-02,B7,1,125.00," + "9" * 41 + ",1,P", "is 41 characters long; at most 40 fit"),
])
def test_a_bad_batch_item_or_overlong_text_is_an_error_on_its_row_and_column(column, row_text, says):
    assert says in error_for(row_text, column).message


@pytest.mark.parametrize(("column", "value", "says"), [
    ("instrument", "wire", "is not an instrument a lockbox takes: use check or money_order"),
    ("instrument", "cash", "is not an instrument"),
    ("client", "acme corp", "is not a client code"),
    ("routing_last4", "231380104", "is not the last four digits"),
    ("account_last4", "67x9", "is not the last four digits"),
])
def test_an_unknown_instrument_or_bad_optional_value_is_an_error_not_a_guess(column, value, says):
    header = f"deposit_date,batch,item,amount,check_number,{column}"
    assert says in error_for(f"2025-06-02,B7,1,125.00,1,{value}", column, header=header).message


def test_every_bad_field_on_a_row_is_reported_not_just_the_first():
    lockbox = read_lockbox("june.csv", lockbox_csv("2025-13-01,,x,-1,A1,1,P", control="TOTAL,1,1.00"))
    assert [(p.row, p.column) for p in lockbox.errors] == [
        (2, "deposit_date"), (2, "batch"), (2, "item"), (2, "amount")]
    assert lockbox.items == ()


def test_errors_on_several_rows_are_all_reported():
    lockbox = read_lockbox("june.csv", lockbox_csv("2025-06-02,B7,1,abc,A1,1,P", GOOD_ROW.replace(",1,", ",2,"),
                                                   "2025-06-02,B7,3,0,A1,1,P", control="TOTAL,3,125.00"))
    assert [(p.row, p.column) for p in lockbox.errors] == [(2, "amount"), (4, "amount")]
    assert [item.row for item in lockbox.items] == [3]


def test_a_duplicate_batch_and_item_is_an_error_naming_the_first_row():
    lockbox = read_lockbox("june.csv", lockbox_csv(GOOD_ROW, "2025-06-02,B7,2,1.00,A1,1,P", GOOD_ROW))
    (error,) = lockbox.errors
    assert (error.file, error.row, error.column) == ("june.csv", 4, "item")
    assert error.message == "batch 'B7' item '1' is also on row 2"


def test_a_duplicate_is_caught_even_when_leading_zeros_differ():
    lockbox = read_lockbox("june.csv", lockbox_csv("2025-06-02,0042,1,1.00,A1,1,P", "2025-06-02,42,001,1.00,A1,1,P"))
    (error,) = lockbox.errors
    assert (error.row, error.column, error.message) == (3, "item", "batch '42' item '1' is also on row 2")


def test_one_batch_with_two_deposit_dates_is_an_error():
    lockbox = read_lockbox("june.csv", lockbox_csv(GOOD_ROW, "2025-06-03,B7,2,1.00,A1,1,P"))
    (error,) = lockbox.errors
    assert (error.row, error.column) == (3, "deposit_date")
    assert "batch 'B7' is dated 2025-06-02 on row 2" in error.message


def test_a_row_with_too_many_fields_is_an_error_on_that_row_with_a_quoting_hint():
    error = only_error(lockbox_csv("2025-06-02,B7,1,1,250.00,A1,1,P", control="TOTAL,1,1250.00"))
    assert (error.file, error.row, error.column) == ("june.csv", 2, None)
    assert error.message.startswith("has 8 fields but the header has 7; a value holding a comma must be in quotes")


def test_a_row_with_too_few_fields_is_an_error_on_that_row():
    error = only_error(lockbox_csv("2025-06-02,B7,1,125.00", control="TOTAL,1,125.00"))
    assert (error.row, error.column, error.message) == (2, None, "has 4 fields but the header has 7")


@pytest.mark.parametrize("missing", ["deposit_date", "batch", "item", "amount"])
def test_a_missing_required_column_refuses_the_file_naming_the_column(missing):
    header = ",".join(name for name in ["deposit_date", "batch", "item", "amount"] if name != missing)
    error = only_error(f"{header}\n1,2,3\nTOTAL,1,1.00\n".encode())
    assert (error.file, error.row, error.column) == ("june.csv", 1, missing)
    assert error.message == "required column is missing from the header"


def test_a_column_named_twice_by_two_spellings_refuses_the_file():
    error = only_error(b"deposit_date,batch,item,amount,Check Amount\n2025-06-02,B7,1,1.00,1.00\nTOTAL,1,1.00\n")
    assert (error.row, error.column) == (1, "amount")
    assert error.message == "'Check Amount' names this column a second time (field 5)"


def test_a_file_that_is_not_utf8_is_refused_naming_the_encoding_and_the_line():
    data = lockbox_csv(GOOD_ROW, "2025-06-02,B7,2,1.00,A1,1,Jos\u00e9").replace("Jos\u00e9".encode(), b"Jos\xe9")
    error = only_error(data)
    assert (error.file, error.row, error.column) == ("june.csv", 3, None)
    assert "not UTF-8" in error.message and "0xE9" in error.message and "CSV UTF-8" in error.message


@pytest.mark.parametrize(("data", "says"), [
    (b"PK\x03\x04\x14\x00rest of a zip", "is an Excel workbook (.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel (.xls)"),
    (b"%PDF-1.7\n", "is a PDF"),
    ("deposit_date,batch\n".encode("utf-16"), "is UTF-16 text"),
    (b"deposit_date,batch,item,amount\n\x00\x00\x00", "NUL characters"),
])
def test_a_file_that_is_not_csv_text_is_refused_as_a_whole(data, says):
    error = only_error(data)
    assert (error.row, error.column) == (None, None)
    assert says in error.message


def test_a_semicolon_separated_file_is_refused_as_not_comma_separated():
    error = only_error(b"deposit_date;batch;item;amount\n2025-06-02;B7;1;1.00\nTOTAL;1;1.00\n")
    assert (error.row, error.column) == (1, None)
    assert "comma-separated" in error.message


def test_a_quote_that_never_closes_is_an_error_on_the_row_where_it_opens():
    data = lockbox_csv(GOOD_ROW, '2025-06-02,B7,2,1.00,A1,1,"Jane Roe', "2025-06-02,B7,3,1.00,A1,1,P",
                       control="TOTAL,3,127.00")
    error = only_error(data)
    assert (error.row, error.column) == (3, None)
    assert "cannot be read as CSV" in error.message


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b" \n"])
def test_an_empty_file_is_refused_as_a_whole(data):
    error = only_error(data)
    assert (error.row, error.column, error.message) == (None, None, "the file is empty")


def test_a_file_with_no_items_is_refused_as_a_whole():
    error = only_error(lockbox_csv(control="TOTAL,0,0.00"))
    assert (error.row, error.column, error.message) == (None, None, "the file has no items")


def test_a_file_refused_for_errors_still_reports_its_warnings():
    lockbox = read_lockbox("june.csv", lockbox_csv("2025-06-02,B7,1,abc,,1,P", control="TOTAL,1,1.00"))
    assert [(p.column, p.severity) for p in lockbox.problems] == [("amount", "error"), ("account_number", "warning")]


def test_require_clean_raises_an_arrears_error_listing_the_first_problems_and_the_count():
    rows = [f"2025-06-02,B7,{n},0,A1,1,P" for n in range(1, 13)]
    lockbox = read_lockbox("june.csv", lockbox_csv(*rows, control="TOTAL,12,0.00"))
    with pytest.raises(LockboxError) as raised:
        require_clean(lockbox)
    error = raised.value
    assert isinstance(error, ArrearsError)
    assert error.file_name == "june.csv" and len(error.problems) == 12
    message = str(error)
    assert message.startswith("The lockbox file june.csv is refused as a whole (12 errors):")
    assert "- june.csv, row 2, amount: '0' is zero" in message
    assert "row 11, amount" in message and "row 12, amount" not in message
    assert message.endswith("- and 2 more")


def test_require_clean_says_one_error_in_the_singular():
    with pytest.raises(LockboxError, match=r"\(1 error\):\n- june.csv: the file is empty$"):
        require_clean(read_lockbox("june.csv", b""))


def test_a_problem_reads_as_a_sentence_naming_file_row_and_column():
    (error,) = read_lockbox("june.csv", lockbox_csv("2025-06-02,B7,1,abc,A1,1,P", control="TOTAL,1,1.00")).errors
    assert str(error) == "error in june.csv, row 2, amount: 'abc' is not an amount in dollars (e.g. 125.00)"
