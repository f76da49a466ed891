"""The remittance statement as an .xlsx workbook (xlsxwriter), for clients who reconcile in a spreadsheet.

Every text cell is written as a string, so a name starting with "=" stays text and never becomes a formula;
text a spreadsheet would take for one is also marked as text (Excel's leading apostrophe, not shown), so that
editing the cell does not turn it into a formula either. Amounts are numbers in the statement's currency and dates are dates. No Django: the input is the plain
`RemittanceStatement` of `records.py`.
"""

import io
from datetime import datetime, timezone

import xlsxwriter

from arrears.core.export import needs_quoting

from .formatting import LINE_KINDS, bucket_label, check_kinds, currency_symbol, ordered_buckets, summary_figures
from .records import RemittanceStatement

PAYMENT_COLUMNS = (
    # header, width
    ("Type", 10), ("Date", 11), ("Account", 16), ("Debtor", 28), ("Method", 16), ("Reference", 20),
    ("Amount", 13), ("Principal", 13), ("Interest", 12), ("Fees", 11), ("Costs", 11),
    ("Commission rate", 11), ("Commission", 13), ("Note", 30),
)


def _dollars(cents: int) -> float:
    """Excel keeps numbers as doubles: this is the one place cents become one (the nearest double to the
    exact decimal amount, which Excel shows and sums as written)."""
    return cents / 100


def _currency_format(currency: str) -> str:
    symbol = currency_symbol(currency).replace('"', "")
    return f'"{symbol}"#,##0.00;-"{symbol}"#,##0.00'


def _naive(at: datetime) -> datetime:
    """Excel has no time zones: the wall-clock time as the statement states it."""
    return at.replace(tzinfo=None)


def _text(sheet, row: int, col: int, text: str, formats: dict, style=None) -> None:
    """Text from the data (names, references, notes): risky text gets the quote-prefixed format instead."""
    sheet.write_string(row, col, text, formats["quoted"] if needs_quoting(text) else style)


def _write_summary_sheet(workbook, s: RemittanceStatement, formats: dict) -> None:
    sheet = workbook.add_worksheet("Summary")
    sheet.set_column(0, 0, 48)
    sheet.set_column(1, 1, 22)
    sheet.write_string(0, 0, "Remittance statement", formats["title"])
    facts = [
        ("Statement", s.number), ("Agency", s.agency.name), ("Client", s.client.name),
        ("Client code", s.client_code),
    ]
    row = 2
    for label, value in facts:
        sheet.write_string(row, 0, label, formats["label"])
        _text(sheet, row, 1, value, formats)
        row += 1
    for label, value in (("Period start", s.period_start), ("Period end", s.period_end)):
        sheet.write_string(row, 0, label, formats["label"])
        sheet.write_datetime(row, 1, value, formats["date"])
        row += 1
    sheet.write_string(row, 0, "Generated" + (f" ({s.generated_at.tzname()})" if s.generated_at.tzinfo else ""),
                       formats["label"])
    sheet.write_datetime(row, 1, _naive(s.generated_at), formats["datetime"])
    row += 1
    for label, value in (("Status", "Final" if s.closed else "DRAFT (period open)"), ("Currency", s.currency)):
        sheet.write_string(row, 0, label, formats["label"])
        sheet.write_string(row, 1, value)
        row += 1

    row += 1
    sheet.write_string(row, 0, "Summary", formats["heading"])
    row += 1
    for label, cents, style in summary_figures(s):
        total = style == "total"
        sheet.write_string(row, 0, label, formats["total_label"] if total else None)
        sheet.write_number(row, 1, _dollars(cents), formats["total_money" if total else "money"])
        row += 1
    row += 1

    sheet.write_string(row, 0, "By bucket", formats["heading"])
    row += 1
    buckets = ordered_buckets(s.collected_by_bucket)
    for bucket, cents in buckets:
        sheet.write_string(row, 0, bucket_label(bucket))
        sheet.write_number(row, 1, _dollars(cents), formats["money"])
        row += 1
    sheet.write_string(row, 0, "Total", formats["total_label"])
    sheet.write_number(row, 1, _dollars(sum(c for _, c in buckets)), formats["total_money"])
    for offset, note in enumerate(s.notes, start=2):
        _text(sheet, row + offset, 0, note, formats)


def _write_payments_sheet(workbook, s: RemittanceStatement, formats: dict) -> None:
    sheet = workbook.add_worksheet("Payments")
    for col, (header, width) in enumerate(PAYMENT_COLUMNS):
        sheet.write_string(0, col, header, formats["header"])
        sheet.set_column(col, col, width)
    for row, line in enumerate(s.lines, start=1):
        sheet.write_string(row, 0, LINE_KINDS[line.kind])
        sheet.write_datetime(row, 1, line.on, formats["date"])
        for col, text in ((2, line.account_number), (3, line.debtor_name), (4, line.method), (5, line.reference)):
            _text(sheet, row, col, text, formats)
        for col, cents in ((6, line.amount_cents), (7, line.principal_cents), (8, line.interest_cents),
                           (9, line.fees_cents), (10, line.costs_cents)):
            sheet.write_number(row, col, _dollars(cents), formats["money"])
        sheet.write_number(row, 11, line.commission_rate_bp / 10_000, formats["rate"])
        sheet.write_number(row, 12, _dollars(line.commission_cents), formats["money"])
        if line.note:
            _text(sheet, row, 13, line.note, formats)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(s.lines), 1), len(PAYMENT_COLUMNS) - 1)


def statement_xlsx(statement: RemittanceStatement) -> bytes:
    """The statement as a workbook: "Summary" (header facts, the summary figures and a "By bucket" block) and
    "Payments" (one row per line; amounts are numbers in the statement's currency, dates are dates)."""
    check_kinds(statement.lines)
    s = statement
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({
        "title": f"Remittance statement {s.number}",
        "author": s.agency.name,
        "created": _naive(s.generated_at.astimezone(timezone.utc) if s.generated_at.tzinfo else s.generated_at),
    })
    money = _currency_format(s.currency)
    formats = {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "heading": workbook.add_format({"bold": True, "font_size": 12}),
        "label": workbook.add_format({"font_color": "#555555"}),
        "header": workbook.add_format({"bold": True, "bg_color": "#E0E0E0", "bottom": 1}),
        "money": workbook.add_format({"num_format": money}),
        "total_label": workbook.add_format({"bold": True, "top": 1}),
        "total_money": workbook.add_format({"bold": True, "top": 1, "num_format": money}),
        "rate": workbook.add_format({"num_format": "0.00%"}),
        "date": workbook.add_format({"num_format": "mm/dd/yyyy", "align": "left"}),
        "datetime": workbook.add_format({"num_format": "mm/dd/yyyy hh:mm", "align": "left"}),
        "quoted": workbook.add_format({"quote_prefix": True}),
    }
    _write_summary_sheet(workbook, s, formats)
    _write_payments_sheet(workbook, s, formats)
    workbook.close()
    return buffer.getvalue()
