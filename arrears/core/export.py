"""Cells of files people open in a spreadsheet (CSV downloads, .xlsx workbooks).

A spreadsheet reads a cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a
formula: a debtor named `=HYPERLINK("http://...")` in a downloaded file would become a live link, or worse.
Such text is written with a leading apostrophe, which spreadsheets take as "this is text" and do not show.
Numbers, amounts such as `-12.50` and phone numbers such as `+1 555-0134` or `+16025550134` are left as they
are: they are data a client sorts and dials, and no spreadsheet runs them. Pure Python: no Django.
"""

import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Text that a spreadsheet reads as a plain number or a phone number, never as a formula.
_NUMBER = re.compile(r"-?\d[\d,]*(\.\d+)?")
_PHONE = re.compile(r"\+\d[\d ().-]*")


def needs_quoting(text: str) -> bool:
    """Whether a spreadsheet would take this text for a formula."""
    return text.startswith(FORMULA_STARTS) and not (_NUMBER.fullmatch(text) or _PHONE.fullmatch(text))


def safe_cell(value):
    """The value as a CSV cell that opens as the same text: risky text gets a leading apostrophe, anything
    else (numbers, dates, harmless text) is returned unchanged."""
    if isinstance(value, str) and needs_quoting(value):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    """A row of cells for csv.writer, each through safe_cell."""
    return [safe_cell(v) for v in values]
