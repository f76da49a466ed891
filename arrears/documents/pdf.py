"""Remittance statements, commission invoices and payment receipts as PDF, typeset by Typst.

The PDFs come from the Typst templates in `templates_typst/`. Each document is turned here into one JSON
document of ready-to-print strings (money formatted from integer cents, dates spelled out) and handed to
the template through `sys.inputs`; the template only lays it out. Text from the ledger (debtor names,
references, notes) is therefore never spliced into Typst markup: "O'Brien #1 [x] *y*" prints as written.
Typst uses only the fonts it embeds, so the output does not depend on the machine's fonts and nothing is
fetched.

No Django: the inputs are the plain dataclasses of `records.py`.
"""

import json
import threading
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import typst

from .formatting import (bucket_label, check_kinds, date_text, datetime_text, money_text, ordered_buckets, rate_text,
                         summary_figures)
from .records import Invoice, Party, Receipt, RemittanceStatement, StatementLine

TEMPLATES = Path(__file__).parent / "templates_typst"


def _period(statement: RemittanceStatement) -> str:
    return f"{date_text(statement.period_start)} – {date_text(statement.period_end)}"


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


def _summary_rows(s: RemittanceStatement) -> list[dict]:
    return [_row(label, money_text(cents, s.currency), style) for label, cents, style in summary_figures(s)]


def _bucket_rows(s: RemittanceStatement) -> list[dict]:
    buckets = ordered_buckets(s.collected_by_bucket)
    if not buckets:
        return []
    rows = [_row(bucket_label(b), money_text(cents, s.currency)) for b, cents in buckets]
    rows.append(_row("Total", money_text(sum(cents for _, cents in buckets), s.currency), "subtotal"))
    return rows


def _line_data(line: StatementLine, currency: str) -> dict:
    return {
        "date": date_text(line.on),
        "account": line.account_number,
        "debtor": line.debtor_name,
        "method": line.method,
        "reference": line.reference,
        "note": line.note,
        "amount": money_text(line.amount_cents, currency),
        "principal": money_text(line.principal_cents, currency),
        "interest": money_text(line.interest_cents, currency),
        "fees": money_text(line.fees_cents, currency),
        "costs": money_text(line.costs_cents, currency),
        "rate": rate_text(line.commission_rate_bp),
        "commission": money_text(line.commission_cents, currency),
    }


def _line_totals(lines: Iterable[StatementLine], currency: str) -> dict:
    lines = list(lines)
    return {
        name: money_text(sum(getattr(line, f"{name}_cents") for line in lines), currency)
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
    check_kinds(statement.lines)
    s = statement
    return {
        "number": s.number,
        "agency": _party(s.agency),
        "client": _party(s.client),
        "client_code": s.client_code,
        "period": _period(s),
        "generated": datetime_text(s.generated_at),
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


# --- invoice and receipt -----------------------------------------------------------------------------------


def invoice_data(invoice: Invoice) -> dict:
    """The invoice as the JSON document its template prints."""
    check_kinds(invoice.lines)
    c = invoice.currency
    return {
        "number": invoice.number,
        "agency": _party(invoice.agency),
        "client": _party(invoice.client),
        "issued_on": date_text(invoice.issued_on),
        "due_on": date_text(invoice.due_on),
        "statement_number": invoice.statement_number,
        "currency": c,
        "amount": money_text(invoice.amount_cents, c),
        "terms": f"Please pay {money_text(invoice.amount_cents, c)} by {date_text(invoice.due_on)}, "
                 f"quoting invoice {invoice.number}.",
        "lines": [_line_data(line, c) for line in invoice.lines],
        "lines_amount": money_text(sum(line.amount_cents for line in invoice.lines), c),
        "lines_commission": money_text(sum(line.commission_cents for line in invoice.lines), c),
    }


def invoice_pdf(invoice: Invoice) -> bytes:
    """The commission invoice as a US Letter PDF: number, dates, amount due and the lines it charges for."""
    issued = datetime.combine(invoice.issued_on, datetime.min.time(), tzinfo=timezone.utc)
    return _compile("invoice.typ", invoice_data(invoice), issued)


def receipt_data(receipt: Receipt) -> dict:
    """The receipt as the JSON document its template prints."""
    c = receipt.currency
    allocation = ordered_buckets(receipt.allocation)
    rows = [_row(bucket_label(b), money_text(cents, c)) for b, cents in allocation]
    rows.append(_row("Total applied", money_text(sum(cents for _, cents in allocation), c), "subtotal"))
    return {
        "number": receipt.number,
        "agency": _party(receipt.agency),
        "debtor": _party(receipt.debtor),
        "account_number": receipt.account_number,
        "creditor_name": receipt.creditor_name,
        "paid_at": datetime_text(receipt.paid_at),
        "method": receipt.method,
        "reference": receipt.reference,
        "amount": money_text(receipt.amount_cents, c),
        "allocation": rows,
        "balance_after": money_text(receipt.balance_after_cents, c),
        "arrangement_note": receipt.arrangement_note,
        "disclosure": receipt.disclosure,
    }


def receipt_pdf(receipt: Receipt) -> bytes:
    """The debtor's payment receipt as a one-page US Letter PDF: amount, method, reference, how it was
    applied by bucket, the balance after it, and the arrangement note and disclosure when given."""
    return _compile("receipt.typ", receipt_data(receipt), receipt.paid_at)
