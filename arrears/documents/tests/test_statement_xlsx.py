"""The remittance statement workbook, read back with openpyxl as a client's spreadsheet would see it."""

import io
from dataclasses import replace
from datetime import datetime

import pytest
from openpyxl import load_workbook

from arrears.documents.xlsx import statement_xlsx
from arrears.documents.tests import factories

COLUMNS = ("Type", "Date", "Account", "Debtor", "Method", "Reference", "Amount", "Principal", "Interest",
           "Fees", "Costs", "Commission rate", "Commission", "Note")


def workbook(statement):
    return load_workbook(io.BytesIO(statement_xlsx(statement)))


def payment_rows(book) -> list[dict]:
    sheet = book["Payments"]
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def summary_figures(book) -> dict[str, int]:
    """Label -> cents for every numeric row of the Summary sheet."""
    return {
        label: round(value * 100)
        for label, value in book["Summary"].iter_rows(min_col=1, max_col=2, values_only=True)
        if isinstance(value, (int, float))
    }


def cents(rows, column, *types) -> int:
    return sum(round(row[column] * 100) for row in rows if row["Type"] in types)


@pytest.fixture(scope="module")
def statement():
    return factories.statement(factories.mixed_lines(200), closed=False)


@pytest.fixture(scope="module")
def book(statement):
    return workbook(statement)


def test_payments_sheet_has_one_row_per_line_under_the_header(statement, book):
    assert [cell.value for cell in book["Payments"][1]] == list(COLUMNS)
    assert [(r["Account"], r["Reference"]) for r in payment_rows(book)] == [
        (x.account_number, x.reference) for x in statement.lines
    ]


def test_payments_sheet_sums_equal_the_summary_figures(statement, book):
    rows = payment_rows(book)
    summary = summary_figures(book)

    assert cents(rows, "Amount", "Payment") == summary["Gross collected"] == statement.gross_collected_cents
    assert cents(rows, "Amount", "Reversal") == summary["Less reversals"] == -statement.reversals_cents
    assert cents(rows, "Amount", "Payment", "Reversal") == summary["Net collected"] == statement.net_collected_cents
    assert cents(rows, "Commission", "Payment", "Reversal") == -summary["Less commission"]
    assert cents(rows, "Amount", "Direct") == summary["Direct payments received by you (for information)"]
    assert cents(rows, "Commission", "Direct") == -summary["Less commission on direct payments"]
    assert summary["Remitted to you"] == statement.net_due_cents > 0


def test_by_bucket_block_matches_the_payments_sheet(statement, book):
    rows = payment_rows(book)
    labels = [row[0] for row in book["Summary"].iter_rows(min_col=1, max_col=1, values_only=True)]
    block = labels[labels.index("By bucket") + 1:]
    summary = summary_figures(book)

    assert block[:5] == ["Principal", "Interest", "Fees", "Costs", "Total"]
    for bucket in ("Principal", "Interest", "Fees", "Costs"):
        assert summary[bucket] == cents(rows, bucket, "Payment", "Reversal") == \
            statement.collected_by_bucket[bucket.lower()]


def test_amounts_are_numbers_in_a_dollar_format_not_text(book):
    sheet = book["Payments"]
    for row in sheet.iter_rows(min_row=2, min_col=7, max_col=13):
        for cell in row:
            assert cell.data_type == "n" and isinstance(cell.value, (int, float)), cell.coordinate
        amount = row[0]
        assert '"$"#,##0.00' in amount.number_format
    assert sheet["L2"].number_format == "0.00%"
    assert sheet["L2"].value in (0.25, 0.225)


def test_dates_are_dates(statement, book):
    sheet = book["Payments"]
    for line, (cell,) in zip(statement.lines, sheet.iter_rows(min_row=2, min_col=2, max_col=2)):
        assert cell.is_date and isinstance(cell.value, datetime)
        assert cell.value.date() == line.on
    summary = book["Summary"]
    period = {row[0].value: row[1] for row in summary.iter_rows(min_col=1, max_col=2) if row[0].value}
    assert period["Period start"].is_date and period["Period start"].value.date() == statement.period_start
    assert period["Period end"].value.date() == statement.period_end


def test_header_row_is_frozen_filtered_and_columns_sized(statement, book):
    sheet = book["Payments"]

    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:N{len(statement.lines) + 1}"
    assert sheet.column_dimensions["D"].width > 20


def test_negative_net_due_is_labelled_due_from_you():
    statement = factories.statement((factories.line(1, kind="direct", amount_cents=40_000),))

    summary = summary_figures(workbook(statement))

    assert summary["Due from you"] == 10_000
    assert "Remitted to you" not in summary


def test_open_period_is_marked_draft_and_a_closed_one_final(statement, book):
    def status(b):
        return {r[0]: r[1] for r in b["Summary"].iter_rows(min_col=1, max_col=2, values_only=True)}["Status"]

    assert status(book).startswith("DRAFT")
    assert status(workbook(replace(statement, closed=True))) == "Final"


def test_text_that_looks_like_a_formula_or_a_number_stays_text():
    line = replace(factories.line(1, debtor_name='=HYPERLINK("http://x.example","y")'),
                   account_number="000123", reference="+1-2")
    sheet = workbook(factories.statement((line,)))["Payments"]

    assert sheet["D2"].data_type == "s" and sheet["D2"].value == '=HYPERLINK("http://x.example","y")'
    assert sheet["C2"].value == "000123"
    assert sheet["F2"].value == "+1-2"
