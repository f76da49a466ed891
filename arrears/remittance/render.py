"""Remittance statements, commission invoices and payment receipts as PDF (Typst) and .xlsx (xlsxwriter).

The PDFs come from the Typst templates in `templates_typst/`. Each document is turned here into one JSON
document of ready-to-print strings (money formatted from integer cents, dates spelled out) and handed to
the template through `sys.inputs`; the template only lays it out. Text from the ledger (debtor names,
references, notes) is therefore never spliced into Typst markup: "O'Brien #1 [x] *y*" prints as written.
Typst uses only the fonts it embeds, so the output does not depend on the machine's fonts and nothing is
fetched. In the workbooks every text cell is written as a string, so a name starting with "=" stays text
and never becomes a formula.

No Django: the inputs are the plain dataclasses of `statement.py`.
"""

import io
import json
import threading
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timezone
from pathlib import Path

import typst
import xlsxwriter

from arrears.core.money import format_cents
from arrears.remittance.statement import Invoice, Party, Receipt, RemittanceStatement, StatementLine

TEMPLATES = Path(__file__).parent / "templates_typst"

LINE_KINDS = {"payment": "Payment", "reversal": "Reversal", "direct": "Direct"}
BUCKET_ORDER = ("principal", "interest", "fees", "costs")
CURRENCY_SYMBOLS = {"USD": "$"}


# --- formatting --------------------------------------------------------------------------------------------


def _symbol(currency: str) -> str:
    return CURRENCY_SYMBOLS.get(currency, f"{currency} ")


def _money(cents: int, currency: str) -> str:
    return format_cents(cents, symbol=_symbol(currency))


def _date(on: date) -> str:
    return on.strftime("%m/%d/%Y")


def _datetime(at: datetime) -> str:
    """12/01/2026 9:05 AM EST; the zone is named when the datetime has one."""
    hour = at.hour % 12 or 12
    text = f"{at:%m/%d/%Y} {hour}:{at:%M} {'AM' if at.hour < 12 else 'PM'}"
    zone = at.tzname() if at.tzinfo else None
    return f"{text} {zone}" if zone else text


def _rate(basis_points: int) -> str:
    """2500 -> "25%", 2250 -> "22.5%", 1234 -> "12.34%" (integer arithmetic, no floats)."""
    whole, part = divmod(abs(basis_points), 100)
    sign = "-" if basis_points < 0 else ""
    return f"{sign}{whole}%" if part == 0 else f"{sign}{whole}.{part:02d}".rstrip("0") + "%"


def _period(statement: RemittanceStatement) -> str:
    return f"{_date(statement.period_start)} – {_date(statement.period_end)}"


def net_due_label(net_due_cents: int) -> str:
    """How the statement names its bottom line: the client is paid, owes, or neither."""
    if net_due_cents > 0:
        return "Remitted to you"
    if net_due_cents < 0:
        return "Due from you"
    return "Net due"


def _bucket_label(bucket: str) -> str:
    return bucket.replace("_", " ").capitalize()


def _ordered_buckets(by_bucket: Mapping[str, int]) -> list[tuple[str, int]]:
    """The four ledger buckets in their usual order, then any others alphabetically."""
    known = [(b, by_bucket[b]) for b in BUCKET_ORDER if b in by_bucket]
    others = sorted((b, c) for b, c in by_bucket.items() if b not in BUCKET_ORDER)
    return known + others


def _check_kinds(lines: Iterable[StatementLine]) -> None:
    for line in lines:
        if line.kind not in LINE_KINDS:
            raise ValueError(
                f"statement line {line.reference!r} on account {line.account_number!r} has kind {line.kind!r}; "
                f"expected one of {', '.join(LINE_KINDS)}"
            )


def _row(label: str, cents_text: str, style: str = "figure") -> dict:
    return {"label": label, "amount": cents_text, "style": style}


def _party(party: Party) -> dict:
    return {
        "name": party.name,
        "address_lines": list(party.address_lines),
        "phone": party.phone,
        "email": party.email,
    }


# --- Typst -------------------------------------------------------------------------------------------------

_compilers = threading.local()


def _compile(template: str, data: dict, timestamp: datetime | None) -> bytes:
    """Compile one template with `data` as its JSON input. A compiler per thread and template keeps Typst's
    parsed templates and fonts warm between documents (a compiler must not be shared across threads)."""
    cache = getattr(_compilers, "by_template", None)
    if cache is None:
        cache = _compilers.by_template = {}
    compiler = cache.get(template)
    if compiler is None:
        compiler = cache[template] = typst.Compiler(
            str(TEMPLATES / template), root=str(TEMPLATES), ignore_system_fonts=True
        )
    if timestamp is not None:  # Typst wants a fixed offset; a naive time is taken as UTC
        timestamp = timestamp.replace(tzinfo=timezone.utc) if timestamp.tzinfo is None else timestamp.astimezone(timezone.utc)
        timestamp = timestamp.replace(microsecond=0)  # Typst takes whole seconds
    return compiler.compile(format="pdf", sys_inputs={"data": json.dumps(data)}, timestamp=timestamp)


# --- statement ---------------------------------------------------------------------------------------------


def _summary_figures(s: RemittanceStatement) -> list[tuple[str, int, str]]:
    """(label, signed cents, style) of each summary line, deductions negative, as both formats show them.
    The bottom line is the amount that changes hands, its label saying which way."""
    figures = [
        ("Gross collected", s.gross_collected_cents, "figure"),
        ("Less reversals", -s.reversals_cents, "figure"),
        ("Net collected", s.net_collected_cents, "subtotal"),
        ("Less commission", -s.commission_cents, "figure"),
        ("Direct payments received by you (for information)", s.direct_payments_cents, "info"),
        ("Less commission on direct payments", -s.direct_commission_cents, "figure"),
    ]
    if s.previous_balance_cents:
        figures.append(("Previous balance", s.previous_balance_cents, "figure"))
    figures.append((net_due_label(s.net_due_cents), abs(s.net_due_cents), "total"))
    return figures


def _summary_rows(s: RemittanceStatement) -> list[dict]:
    return [_row(label, _money(cents, s.currency), style) for label, cents, style in _summary_figures(s)]


def _bucket_rows(s: RemittanceStatement) -> list[dict]:
    buckets = _ordered_buckets(s.collected_by_bucket)
    if not buckets:
        return []
    rows = [_row(_bucket_label(b), _money(cents, s.currency)) for b, cents in buckets]
    rows.append(_row("Total", _money(sum(cents for _, cents in buckets), s.currency), "subtotal"))
    return rows


def _line_data(line: StatementLine, currency: str) -> dict:
    return {
        "date": _date(line.on),
        "account": line.account_number,
        "debtor": line.debtor_name,
        "method": line.method,
        "reference": line.reference,
        "note": line.note,
        "amount": _money(line.amount_cents, currency),
        "principal": _money(line.principal_cents, currency),
        "interest": _money(line.interest_cents, currency),
        "fees": _money(line.fees_cents, currency),
        "costs": _money(line.costs_cents, currency),
        "rate": _rate(line.commission_rate_bp),
        "commission": _money(line.commission_cents, currency),
    }


def _line_totals(lines: Iterable[StatementLine], currency: str) -> dict:
    lines = list(lines)
    return {
        name: _money(sum(getattr(line, f"{name}_cents") for line in lines), currency)
        for name in ("amount", "principal", "interest", "fees", "costs", "commission")
    }


def _section(title: str, total_label: str, lines: list[StatementLine], currency: str) -> dict:
    return {
        "title": title,
        "total_label": total_label,
        "count": f"{len(lines):,} line{'s' if len(lines) != 1 else ''}",
        "lines": [_line_data(line, currency) for line in lines],
        "totals": _line_totals(lines, currency),
    }


def _sections(s: RemittanceStatement) -> list[dict]:
    """Trust collections (payments and reversals) apart from payments made to the client directly, each
    with its total, so each part can be ticked off against the summary."""
    trust = [line for line in s.lines if line.kind != "direct"]
    direct = [line for line in s.lines if line.kind == "direct"]
    sections = []
    if trust:
        sections.append(_section("Collected in trust: payments and reversals", "Net collected", trust, s.currency))
    if direct:
        sections.append(_section("Paid to you directly", "Direct payments", direct, s.currency))
    return sections


def statement_data(statement: RemittanceStatement) -> dict:
    """The statement as the JSON document its template prints (every figure already formatted)."""
    _check_kinds(statement.lines)
    s = statement
    return {
        "number": s.number,
        "agency": _party(s.agency),
        "client": _party(s.client),
        "client_code": s.client_code,
        "period": _period(s),
        "generated": _datetime(s.generated_at),
        "closed": s.closed,
        "status": "Final" if s.closed else "DRAFT (period open)",
        "draft_message": "This period is still open: figures may change until the statement is closed.",
        "currency": s.currency,
        "summary": _summary_rows(s),
        "buckets": _bucket_rows(s),
        "sections": _sections(s),
        "notes": list(s.notes),
    }


def statement_pdf(statement: RemittanceStatement) -> bytes:
    """The remittance statement as a US Letter (landscape) PDF: header, summary, collections by bucket and
    every line, with the column header on every page and page numbers; marked DRAFT unless `closed`."""
    return _compile("statement.typ", statement_data(statement), statement.generated_at)


# --- statement workbook ------------------------------------------------------------------------------------

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
    symbol = _symbol(currency).replace('"', "")
    return f'"{symbol}"#,##0.00;-"{symbol}"#,##0.00'


def _naive(at: datetime) -> datetime:
    """Excel has no time zones: the wall-clock time as the statement states it."""
    return at.replace(tzinfo=None)


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
        sheet.write_string(row, 1, value)
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
    for label, cents, style in _summary_figures(s):
        total = style == "total"
        sheet.write_string(row, 0, label, formats["total_label"] if total else None)
        sheet.write_number(row, 1, _dollars(cents), formats["total_money" if total else "money"])
        row += 1
    row += 1

    sheet.write_string(row, 0, "By bucket", formats["heading"])
    row += 1
    buckets = _ordered_buckets(s.collected_by_bucket)
    for bucket, cents in buckets:
        sheet.write_string(row, 0, _bucket_label(bucket))
        sheet.write_number(row, 1, _dollars(cents), formats["money"])
        row += 1
    sheet.write_string(row, 0, "Total", formats["total_label"])
    sheet.write_number(row, 1, _dollars(sum(c for _, c in buckets)), formats["total_money"])
    for offset, note in enumerate(s.notes, start=2):
        sheet.write_string(row + offset, 0, note)


def _write_payments_sheet(workbook, s: RemittanceStatement, formats: dict) -> None:
    sheet = workbook.add_worksheet("Payments")
    for col, (header, width) in enumerate(PAYMENT_COLUMNS):
        sheet.write_string(0, col, header, formats["header"])
        sheet.set_column(col, col, width)
    for row, line in enumerate(s.lines, start=1):
        sheet.write_string(row, 0, LINE_KINDS[line.kind])
        sheet.write_datetime(row, 1, line.on, formats["date"])
        for col, text in ((2, line.account_number), (3, line.debtor_name), (4, line.method), (5, line.reference)):
            sheet.write_string(row, col, text)
        for col, cents in ((6, line.amount_cents), (7, line.principal_cents), (8, line.interest_cents),
                           (9, line.fees_cents), (10, line.costs_cents)):
            sheet.write_number(row, col, _dollars(cents), formats["money"])
        sheet.write_number(row, 11, line.commission_rate_bp / 10_000, formats["rate"])
        sheet.write_number(row, 12, _dollars(line.commission_cents), formats["money"])
        if line.note:
            sheet.write_string(row, 13, line.note)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(s.lines), 1), len(PAYMENT_COLUMNS) - 1)


def statement_xlsx(statement: RemittanceStatement) -> bytes:
    """The statement as a workbook: "Summary" (header facts, the summary figures and a "By bucket" block) and
    "Payments" (one row per line; amounts are numbers in the statement's currency, dates are dates)."""
    _check_kinds(statement.lines)
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
    }
    _write_summary_sheet(workbook, s, formats)
    _write_payments_sheet(workbook, s, formats)
    workbook.close()
    return buffer.getvalue()


# --- invoice and receipt -----------------------------------------------------------------------------------


def invoice_data(invoice: Invoice) -> dict:
    """The invoice as the JSON document its template prints."""
    _check_kinds(invoice.lines)
    c = invoice.currency
    return {
        "number": invoice.number,
        "agency": _party(invoice.agency),
        "client": _party(invoice.client),
        "issued_on": _date(invoice.issued_on),
        "due_on": _date(invoice.due_on),
        "statement_number": invoice.statement_number,
        "currency": c,
        "amount": _money(invoice.amount_cents, c),
        "terms": f"Please pay {_money(invoice.amount_cents, c)} by {_date(invoice.due_on)}, "
                 f"quoting invoice {invoice.number}.",
        "lines": [_line_data(line, c) for line in invoice.lines],
        "lines_amount": _money(sum(line.amount_cents for line in invoice.lines), c),
        "lines_commission": _money(sum(line.commission_cents for line in invoice.lines), c),
    }


def invoice_pdf(invoice: Invoice) -> bytes:
    """The commission invoice as a US Letter PDF: number, dates, amount due and the lines it charges for."""
    issued = datetime.combine(invoice.issued_on, datetime.min.time(), tzinfo=timezone.utc)
    return _compile("invoice.typ", invoice_data(invoice), issued)


def receipt_data(receipt: Receipt) -> dict:
    """The receipt as the JSON document its template prints."""
    c = receipt.currency
    allocation = _ordered_buckets(receipt.allocation)
    rows = [_row(_bucket_label(b), _money(cents, c)) for b, cents in allocation]
    rows.append(_row("Total applied", _money(sum(cents for _, cents in allocation), c), "subtotal"))
    return {
        "number": receipt.number,
        "agency": _party(receipt.agency),
        "debtor": _party(receipt.debtor),
        "account_number": receipt.account_number,
        "creditor_name": receipt.creditor_name,
        "paid_at": _datetime(receipt.paid_at),
        "method": receipt.method,
        "reference": receipt.reference,
        "amount": _money(receipt.amount_cents, c),
        "allocation": rows,
        "balance_after": _money(receipt.balance_after_cents, c),
        "arrangement_note": receipt.arrangement_note,
        "disclosure": receipt.disclosure,
    }


def receipt_pdf(receipt: Receipt) -> bytes:
    """The debtor's payment receipt as a one-page US Letter PDF: amount, method, reference, how it was
    applied by bucket, the balance after it, and the arrangement note and disclosure when given."""
    return _compile("receipt.typ", receipt_data(receipt), receipt.paid_at)
