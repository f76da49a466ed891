"""Reading a placement file (CSV with any common delimiter, or .xlsx) into rows of text by column name."""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from .format import BY_NAME, HEADER_LOOKUP


class FileProblem(Exception):
    """The file as a whole cannot be imported (unreadable, no header, missing required columns)."""


@dataclass
class Table:
    columns: list[str]                      # canonical names, in file order
    rows: Iterator[tuple[int, dict[str, str]]]  # (row number as a spreadsheet shows it, values)
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # file-level warnings (e.g. text decoded as Windows-1252)


_HEADER_CLEAN = re.compile(r"[^a-z0-9]+")


def canonical_header(name: str) -> str:
    return _HEADER_CLEAN.sub("_", name.strip().lower()).strip("_")


def _map_header(raw_header: list[str]) -> tuple[list[str | None], list[str], list[str]]:
    mapped: list[str | None] = []
    seen: set[str] = set()
    ignored, duplicated = [], []
    for raw in raw_header:
        name = HEADER_LOOKUP.get(canonical_header(str(raw or "")))
        if name is None:
            if str(raw or "").strip():
                ignored.append(str(raw).strip())
            mapped.append(None)
        elif name in seen:
            duplicated.append(str(raw).strip())
            mapped.append(None)
        else:
            seen.add(name)
            mapped.append(name)
    if duplicated:
        raise FileProblem(f"the header names these columns twice: {', '.join(duplicated)}")
    return mapped, ignored, [m for m in mapped if m]


def _decode(content: bytes) -> tuple[str, list[str]]:
    try:
        return content.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace"), ["the file is not UTF-8; it was read as Windows-1252"]


def read_csv(content: bytes) -> Table:
    text, notes = _decode(content)
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise FileProblem("the file is empty or its first line (the header) is blank")
    delimiter = max(",|\t;", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader)
    mapped, ignored, columns = _map_header(header)
    width = len(header)
    named = [(i, name) for i, name in enumerate(mapped) if name]

    def rows():
        number = 1
        try:
            for number, values in enumerate(reader, start=2):
                if not any(v.strip() for v in values):
                    continue
                if len(values) > width and any(v.strip() for v in values[width:]):
                    yield number, {"__shape__": f"has {len(values)} fields but the header has {width}"}
                    continue
                if len(values) >= width:
                    yield number, {name: values[i].strip() for i, name in named}
                else:
                    yield number, {name: values[i].strip() for i, name in named if i < len(values)}
        except csv.Error as exc:
            # Typically a quote opened and never closed: the reader swallows the rest of the file into one field.
            raise FileProblem(f"row {number + 1} cannot be read ({exc}); a quote (\") opened there may never close") from None

    return Table(columns, rows(), ignored, notes)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # Excel stores numbers as floats: 1234.5 is "1234.5", an account number 12345.0 is "12345".
        return str(int(value)) if value.is_integer() else str(Decimal(repr(value)))
    return str(value).strip()


# A ZIP, SSN or EIN typed into a spreadsheet cell becomes a number and loses its leading zeros
# (02134 -> 2134). Those columns are never numbers, so a number in one is given its digits back.
_DIGIT_WIDTHS = {"zip": (5, 9), "ssn": (9,), "ein": (9,)}


def _digits_text(value, kind: str) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or kind not in _DIGIT_WIDTHS:
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    digits = str(int(value))
    width = next((w for w in _DIGIT_WIDTHS[kind] if len(digits) <= w), None)
    return digits.zfill(width) if width else None


def _xlsx_text(value, kind: str) -> str:
    digits = _digits_text(value, kind)
    return _cell_text(value) if digits is None else digits


def read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for corrupt files
        raise FileProblem(f"the workbook cannot be opened: {exc}") from None
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        header = [_cell_text(v) for v in next(values)]
    except StopIteration:
        raise FileProblem("the first sheet is empty") from None
    mapped, ignored, columns = _map_header(header)
    kinds = [BY_NAME[name].kind if name else "" for name in mapped]

    def rows():
        for number, cells in enumerate(values, start=2):
            texts = [_xlsx_text(v, kinds[i] if i < len(kinds) else "") for i, v in enumerate(cells)]
            if not any(texts):
                continue
            yield number, {name: texts[i] for i, name in enumerate(mapped) if name and i < len(texts)}
        workbook.close()

    return Table(columns, rows(), ignored, [])


def read_table(file_name: str, content: bytes) -> Table:
    if not content:
        raise FileProblem("the file is empty")
    if file_name.lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        return read_xlsx(content)
    if file_name.lower().endswith(".xls") or content[:4] == b"\xd0\xcf\x11\xe0":
        raise FileProblem("old Excel .xls files are not read; save the sheet as .xlsx or CSV")
    return read_csv(content)
