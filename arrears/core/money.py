"""Money is integer cents everywhere; these turn it into text and back without floats."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


class MoneyFormatError(ValueError):
    """Raised for text that is not an amount of money, e.g. "12.345" or "abc"."""


def parse_cents(text: str) -> int:
    """Parse "1,234.56", "$1234.5", "(12.00)" or "-12" into cents. More than two decimals is an error.

    Parentheses mean a negative amount, as accountants and spreadsheets write it.
    """
    raw = text.strip().replace(",", "").replace("$", "").replace(" ", "")
    negative = False
    if raw.startswith("(") and raw.endswith(")"):
        negative, raw = True, raw[1:-1]
    if raw.startswith("-"):
        negative, raw = not negative, raw[1:]
    if not raw:
        raise MoneyFormatError(f"{text!r} is not an amount")
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise MoneyFormatError(f"{text!r} is not an amount") from None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:
        raise MoneyFormatError(f"{text!r} has more than two decimal places")
    cents = int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))
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
