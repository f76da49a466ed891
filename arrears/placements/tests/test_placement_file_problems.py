"""Every problem of a placement file gets its own accurate message naming file, row and column; every problem
of a row is reported; nothing is written from a bad file."""

import csv
import io
import zipfile

from openpyxl import Workbook

from arrears.accounts.models import Account
from arrears.placements.actions import import_placement_file
from arrears.debtors.models import Debtor
from conftest import MARIA, PLACEMENT_HEADER, placement_csv

JOHN = ("A-1002,John,Smith,,1975-01-15,212-555-0199,,john@example.org,45 Elm St Apt 3,New York,NY,10001,medical,"
        "1000.00,0,25,2025-08-01,last_statement,,City Hospital")


def report(batch) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(batch.report_csv)))


def errors(batch) -> list[tuple[str, str, str, str]]:
    return [(i["file"], i["row"], i["column"], i["problem"]) for i in report(batch) if i["severity"] == "error"]


def nothing_written() -> bool:
    return not Account.objects.exists() and not Debtor.objects.exists()


def test_a_megabyte_in_one_cell_is_an_error_naming_its_row_and_column_and_is_not_echoed(client_acme):
    huge = MARIA.replace("Big Bank", "B" * 1_000_000)
    content = placement_csv(JOHN, huge, MARIA.replace("A-1001", "A-1003").replace("1200.00", "9" * 300_000))

    batch = import_placement_file(client_acme, "june.csv", content, None)

    assert batch.status == "rejected", batch.message
    assert errors(batch) == [
        ("june.csv", "3", "original_creditor", "is 1,000,000 characters long; a value is at most 1,000"),
        ("june.csv", "4", "principal", "is 300,000 characters long; a value is at most 1,000"),
    ]
    assert len(batch.report_csv) < 1000
    assert nothing_written()


def test_a_nul_byte_in_a_cell_is_an_error_on_its_row_and_column(client_acme):
    content = placement_csv(MARIA, JOHN).replace(b"Smith", b"Sm\x00ith")

    batch = import_placement_file(client_acme, "june.csv", content, None)

    assert batch.status == "rejected", batch.message
    assert errors(batch) == [("june.csv", "3", "last_name",
                              "contains a NUL byte (\\x00), which no text holds: the file may be damaged")]
    assert nothing_written()


def test_a_utf16_file_with_a_byte_order_mark_is_read_as_the_text_it_is(client_acme):
    # Excel's "Unicode Text" export: UTF-16 with a byte order mark, tab-separated.
    text = placement_csv(MARIA.replace("Maria", "María"), JOHN).decode().replace(",", "\t")
    for encoding in ("utf-16", "utf-16-be"):
        if encoding == "utf-16-be":
            text = text.replace("A-100", "B-100")
        content = text.encode(encoding) if encoding == "utf-16" else b"\xfe\xff" + text.encode(encoding)
        batch = import_placement_file(client_acme, f"{encoding}.txt", content, None)
        assert batch.status == "imported", batch.report_csv
        assert batch.warnings == 0, batch.report_csv
    assert Debtor.objects.get(last_name="Lopez").first_name == "María"
    assert Account.objects.count() == 4


def test_a_file_in_no_known_encoding_is_rejected_with_a_clear_message(client_acme):
    content = placement_csv(MARIA) + b"A-1009,Bad\x81\x8d,Bytes\n"

    batch = import_placement_file(client_acme, "june.csv", content, None)

    assert batch.status == "rejected"
    [issue] = report(batch)
    assert issue["row"] == "3"
    assert issue["problem"] == ("the file is not text in UTF-8, UTF-16 or Windows-1252: the byte 0x81 on row 3 "
                                "cannot be read; save it as CSV UTF-8")
    assert nothing_written()


def test_a_binary_file_sent_as_csv_is_rejected_as_not_a_csv(client_acme):
    content = b"%PDF-1.7\n" + bytes(range(256)) * 4

    batch = import_placement_file(client_acme, "june.csv", content, None)

    assert batch.status == "rejected"
    assert "is not a CSV file" in batch.message
    assert nothing_written()


def test_an_unclosed_quote_is_named_by_row_and_column(client_acme):
    content = placement_csv(MARIA, JOHN.replace("City Hospital", '"City Hospital'), MARIA.replace("A-1001", "A-1003"))

    batch = import_placement_file(client_acme, "june.csv", content, None)

    assert batch.status == "rejected"
    [issue] = report(batch)
    assert (issue["row"], issue["column"]) == ("3", "original_creditor")
    assert issue["problem"] == ('row 3, column original_creditor: a quote (") opens this cell and never closes, so '
                                "the rows after it cannot be read; close the quote, or remove it")
    assert nothing_written()


def test_a_quote_that_closes_before_its_cell_ends_is_named_by_row_and_column(client_acme):
    content = placement_csv(MARIA, JOHN.replace("City Hospital", '"City" Hospital'))

    batch = import_placement_file(client_acme, "june.csv", content, None)

    assert batch.status == "rejected"
    [issue] = report(batch)
    assert (issue["row"], issue["column"]) == ("3", "original_creditor")
    assert "a quote (\") closes this cell before it ends" in issue["problem"]
    assert nothing_written()


def _workbook_with_uncached_formula() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    header = PLACEMENT_HEADER.split(",")
    sheet.append(header)
    sheet.append(next(csv.reader([MARIA])))
    values = next(csv.reader([JOHN]))
    values[header.index("principal")] = "=900+100"  # written by a program, never opened in Excel: no value stored
    values[header.index("fees")] = "=20+5"
    sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_formula_without_a_stored_value_is_an_error_on_its_row_and_column(client_acme):
    content = _workbook_with_uncached_formula()
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        assert b"<v>" not in z.read("xl/worksheets/sheet1.xml").split(b"<f>")[1]  # the formula has no cached value

    batch = import_placement_file(client_acme, "june.xlsx", content, None)

    assert batch.status == "rejected"
    message = "is a formula without a value (=900+100): save the file in Excel so the value is stored"
    assert errors(batch) == [
        ("june.xlsx", "3", "principal", message),
        ("june.xlsx", "3", "fees", message.replace("=900+100", "=20+5")),
    ]
    assert nothing_written()


def test_amounts_a_person_would_misread_and_an_absurd_balance_are_errors_on_their_rows(client_acme):
    content = placement_csv(MARIA.replace("1200.00", "\"100,00\""), JOHN.replace("1000.00", "1e5"),
                            MARIA.replace("A-1001", "A-1003").replace("1200.00", '"1,000,000.01"'))

    batch = import_placement_file(client_acme, "june.csv", content, None)

    assert batch.status == "rejected"
    assert [(r, c) for _, r, c, _ in errors(batch)] == [("2", "principal"), ("3", "principal"), ("4", "principal")]
    problems = [p for *_, p in errors(batch)]
    assert "uses a decimal comma" in problems[0]
    assert "scientific notation" in problems[1]
    assert "largest accepted amount ($1,000,000.00)" in problems[2]
    assert nothing_written()


def test_every_problem_of_a_row_is_reported_including_the_ones_the_reader_finds(client_acme):
    bad = MARIA.replace("Maria", "Ma\x00ria").replace("Big Bank", "B" * 5000).replace("1200.00", "\"12,00\"")

    batch = import_placement_file(client_acme, "june.csv", placement_csv(bad), None)

    assert [(r, c) for _, r, c, _ in errors(batch)] == [("2", "first_name"), ("2", "original_creditor"),
                                                         ("2", "principal")]
