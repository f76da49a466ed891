"""Figures as the documents print them, shared by the PDFs and the workbook: money from integer cents with its
currency, dates, rates from basis points, the statement's summary lines. No Django."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from arrears.core.money import BUCKETS, format_cents

from .records import RemittanceStatement, StatementLine

LINE_KINDS = {"payment": "Payment", "reversal": "Reversal", "direct": "Direct"}
BUCKET_ORDER = BUCKETS
CURRENCY_SYMBOLS = {"USD": "$"}


def currency_symbol(currency: str) -> str:
    return CURRENCY_SYMBOLS.get(currency, f"{currency} ")


def money_text(cents: int, currency: str) -> str:
    return format_cents(cents, symbol=currency_symbol(currency))


def date_text(on: date) -> str:
    return on.strftime("%m/%d/%Y")


def datetime_text(at: datetime) -> str:
    """12/01/2026 9:05 AM EST; the zone is named when the datetime has one."""
    hour = at.hour % 12 or 12
    text = f"{at:%m/%d/%Y} {hour}:{at:%M} {'AM' if at.hour < 12 else 'PM'}"
    zone = at.tzname() if at.tzinfo else None
    return f"{text} {zone}" if zone else text


def rate_text(basis_points: int) -> str:
    """2500 -> "25%", 2250 -> "22.5%", 1234 -> "12.34%" (integer arithmetic, no floats)."""
    whole, part = divmod(abs(basis_points), 100)
    sign = "-" if basis_points < 0 else ""
    return f"{sign}{whole}%" if part == 0 else f"{sign}{whole}.{part:02d}".rstrip("0") + "%"


def net_due_label(net_due_cents: int) -> str:
    """How the statement names its bottom line: the client is paid, owes, or neither."""
    if net_due_cents > 0:
        return "Remitted to you"
    if net_due_cents < 0:
        return "Due from you"
    return "Net due"


def bucket_label(bucket: str) -> str:
    return bucket.replace("_", " ").capitalize()


def ordered_buckets(by_bucket: Mapping[str, int]) -> list[tuple[str, int]]:
    """The four ledger buckets in their usual order, then any others alphabetically."""
    known = [(b, by_bucket[b]) for b in BUCKET_ORDER if b in by_bucket]
    others = sorted((b, c) for b, c in by_bucket.items() if b not in BUCKET_ORDER)
    return known + others


def check_kinds(lines: Iterable[StatementLine]) -> None:
    for line in lines:
        if line.kind not in LINE_KINDS:
            raise ValueError(
                f"statement line {line.reference!r} on account {line.account_number!r} has kind {line.kind!r}; "
                f"expected one of {', '.join(LINE_KINDS)}"
            )


def summary_figures(s: RemittanceStatement) -> list[tuple[str, int, str]]:
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
