"""Money is integer cents everywhere; these turn it into text and back without floats."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Digits with optional thousands commas and cents, once the sign, "$", spaces and parentheses are off.
_AMOUNT_DIGITS = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+")
_DECIMAL_COMMA = re.compile(r"[0-9]+,[0-9]{1,2}")
# The buckets a debt's balance is kept in, in the order statements and screens show them. The ledger's
# postings, the payment waterfall, remittance and the documents all name them from here.
PRINCIPAL, INTEREST, FEES, COSTS = "principal", "interest", "fees", "costs"
BUCKETS = (PRINCIPAL, INTEREST, FEES, COSTS)
LARGEST_CENTS = 10**15  # ten trillion dollars: beyond any amount a file or a form can mean


class MoneyFormatError(ValueError):
    """Raised for text that is not an amount of money, e.g. "12.345" or "abc"."""


def parse_cents(text: str) -> int:
    """Parse "1,234.56", "$1234.5", "(12.00)" or "-12" into cents. More than two decimals is an error.

    Parentheses mean a negative amount, as accountants and spreadsheets write it. What would be misread is
    refused, not reinterpreted: a decimal comma ("100,00" is not ten thousand dollars), scientific notation
    ("1E5"), commas that are not thousands separators, and amounts past `LARGEST_CENTS`.
    """
    raw = text.strip().replace("$", "").replace(" ", "")
    negative = False
    if raw.startswith("(") and raw.endswith(")"):
        negative, raw = True, raw[1:-1]
    if raw.startswith("-"):
        negative, raw = not negative, raw[1:]
    if not raw:
        raise MoneyFormatError(f"{text!r} is not an amount")
    if _DECIMAL_COMMA.fullmatch(raw):
        raise MoneyFormatError(f"{text!r} uses a decimal comma; write dollars and cents with a point, e.g. 125.00")
    if "e" in raw.lower() and not raw.lower().strip("0123456789.,e+-"):
        raise MoneyFormatError(f"{text!r} is in scientific notation; write the amount out, e.g. 125000.00")
    if not _AMOUNT_DIGITS.fullmatch(raw):
        raise MoneyFormatError(f"{text!r} is not an amount in dollars (e.g. 125.00)")
    raw = raw.replace(",", "")
    if len(raw) > 24:
        raise MoneyFormatError(f"{text[:30]!r}… is far too large to be an amount")
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise MoneyFormatError(f"{text!r} is not an amount") from None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:
        raise MoneyFormatError(f"{text!r} has more than two decimal places")
    cents = int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))
    if cents > LARGEST_CENTS:
        raise MoneyFormatError(f"{text!r} is far too large to be an amount")
    return -cents if negative else cents


def format_cents(cents: int, *, symbol: str = "$") -> str:
    """12345 -> "$123.45"; -5 -> "-$0.05"."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(int(cents)), 100)
    return f"{sign}{symbol}{whole:,}.{part:02d}"


def cents_to_decimal_text(cents: int) -> str:
    """12345 -> "123.45", the form files and the API carry."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(int(cents)), 100)
    return f"{sign}{whole}.{part:02d}"
