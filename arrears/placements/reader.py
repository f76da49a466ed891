"""Reading a placement file (CSV with any common delimiter, or .xlsx) into rows of text by column name."""

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from .format import BY_NAME, HEADER_LOOKUP


class FileProblem(Exception):
    """The file as a whole cannot be imported (unreadable, no header, missing required columns). `row` and
    `column` say where, when the problem is at one place (e.g. a quote that never closes)."""

    def __init__(self, message: str, row: int | None = None, column: str = ""):
        super().__init__(message)
        self.row = row
        self.column = column


# No placement column holds more than a few hundred characters; a cell past this is a mistake (a missing
# quote or delimiter, a pasted document), reported on its row and column without echoing it.
MAX_CELL = 1000
CELL_PROBLEMS = "__cell_problems__"  # a row's key for the cells the reader could not give: {column: problem}
# The csv module refuses fields past 128 KiB with an error that names no cell; the size is checked per cell.
csv.field_size_limit(2**31 - 1)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_problem(value: str) -> str | None:
    """What is wrong with a cell's text that no column could accept, or None."""
    if len(value) > MAX_CELL:
        return f"is {len(value):,} characters long; a value is at most {MAX_CELL:,}"
    if (match := _CONTROL.search(value)) is not None:
        char = match.group()
        if char == "\x00":
            return "contains a NUL byte (\\x00), which no text holds: the file may be damaged"
        return f"contains the control character {char!r}, which no text holds: the file may be damaged"
    return None


def _checked(values: dict[str, str]) -> dict[str, str]:
    problems = {name: problem for name, value in values.items() if (problem := cell_problem(value))}
    if problems:
        for name in problems:
            values[name] = ""
        values[CELL_PROBLEMS] = problems
    return values


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


_UTF32 = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _row_of(content: bytes, position: int) -> int:
    return content.count(b"\n", 0, position) + 1


def _decode(content: bytes) -> tuple[str, list[str]]:
    """The file's text: UTF-8 (with or without a byte order mark), UTF-16/32 with its mark (Excel's "Unicode
    Text"), UTF-16 without one when the header shows it, else Windows-1252, with a note. Bytes that none of
    these can read reject the file, naming the first of them."""
    if content.startswith(_UTF32) or content.startswith(_UTF16):
        encoding = "utf-32" if content.startswith(_UTF32) else "utf-16"
        try:
            return content.decode(encoding), []
        except UnicodeDecodeError as exc:
            raise FileProblem(f"the file starts as {encoding.upper()} text but is not: the bytes at {exc.start} "
                              "cannot be read; save it as CSV UTF-8") from None
    head = content[:200]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):  # ASCII header letters each followed (or led) by a NUL
        encoding = "utf-16-le" if head[1] == 0 and head[0] != 0 else "utf-16-be"
        try:
            return content.decode(encoding), [f"the file has no byte order mark; it was read as {encoding.upper()}"]
        except UnicodeDecodeError:
            pass
    if sum(1 for byte in head if byte < 0x20 and byte not in b"\t\n\r") * 20 > len(head):
        raise FileProblem("this is not a CSV file: it starts with bytes no text holds (a PDF, an image, a "
                          "program's file?); save the sheet as CSV UTF-8 or .xlsx")
    try:
        return content.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), ["the file is not UTF-8; it was read as Windows-1252"]
    except UnicodeDecodeError as exc:
        row = _row_of(content, exc.start)
        raise FileProblem(f"the file is not text in UTF-8, UTF-16 or Windows-1252: the byte 0x{content[exc.start]:02x} "
                          f"on row {row} cannot be read; save it as CSV UTF-8", row=row) from None


def _bad_quote(record: str, delimiter: str) -> tuple[int, str]:
    """Where in a record whose quoting is broken the bad quote is: (field index, what is wrong)."""
    field, quoted, at_start, opened = 0, False, True, 0
    i, n = 0, len(record)
    while i < n:
        char = record[i]
        if quoted:
            if char == '"':
                if i + 1 < n and record[i + 1] == '"':
                    i += 2
                    continue
                quoted = False
                if i + 1 < n and record[i + 1] not in (delimiter, "\r", "\n"):
                    return opened, "closes"
        elif char == '"' and at_start:
            quoted, opened = True, field
        elif char == delimiter:
            field, at_start = field + 1, True
            i += 1
            continue
        elif char in "\r\n":
            break
        at_start = False
        i += 1
    return opened, "opens"


def _quote_problem(text: str, start_line: int, row: int, delimiter: str, header: list[str],
                   mapped: list[str | None]) -> FileProblem:
    record = text.split("\n", start_line - 1)[-1] if start_line > 1 else text
    index, what = _bad_quote(record, delimiter)
    column = (mapped[index] if index < len(mapped) else None) or (header[index].strip() if index < len(header) else "")
    where = f"row {row}, column {column}" if column else f"row {row}"
    if what == "closes":
        problem = (f'{where}: a quote (") closes this cell before it ends; put the whole value in quotes and '
                   'write a quote inside it twice ("")')
    else:
        problem = f'{where}: a quote (") opens this cell and never closes, so the rows after it cannot be read; ' \
                  "close the quote, or remove it"
    return FileProblem(problem, row=row, column=column)


def read_csv(content: bytes) -> Table:
    text, notes = _decode(content)
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise FileProblem("the file is empty or its first line (the header) is blank")
    if _CONTROL.search(first_line):
        raise FileProblem("the first line (the header) holds control characters: this is not a CSV file "
                          "(save the sheet as CSV UTF-8 or .xlsx)", row=1)
    delimiter = max(",|\t;", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise FileProblem(f"row 1 (the header) cannot be read ({exc})", row=1) from None
    mapped, ignored, columns = _map_header(header)
    width = len(header)
    named = [(i, name) for i, name in enumerate(mapped) if name]

    def rows():
        number, line = 1, reader.line_num
        try:
            for number, values in enumerate(reader, start=2):
                line = reader.line_num
                if not any(v.strip() for v in values):
                    continue
                if len(values) > width and any(v.strip() for v in values[width:]):
                    yield number, {"__shape__": f"has {len(values)} fields but the header has {width}"}
                    continue
                if len(values) >= width:
                    yield number, _checked({name: values[i].strip() for i, name in named})
                else:
                    yield number, _checked({name: values[i].strip() for i, name in named if i < len(values)})
        except csv.Error:
            # A quote opened and never closed (the reader swallows the rest of the file), or one that closes
            # inside a cell: nothing after it can be read with certainty, so the file is refused, naming the cell.
            raise _quote_problem(text, line + 1, number + 1, delimiter, header, mapped) from None

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


_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def _has_formulas(content: bytes) -> bool:
    """Whether any sheet holds a formula; a cheap look at the sheets' XML, so most files are read once."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return any(_FORMULA.search(archive.read(name)) for name in archive.namelist()
                       if name.startswith("xl/worksheets/") and name.endswith(".xml"))
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _formula_problem(formula) -> str:
    shown = formula if len(formula) <= 60 else formula[:57] + "..."
    return f"is a formula without a value ({shown}): save the file in Excel so the value is stored"


def read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        # A program that writes a workbook may store a formula without its value (Excel stores both when it
        # saves). Such a cell reads as blank; the formulas' view of the sheet tells it from a blank cell.
        formulas = load_workbook(io.BytesIO(content), read_only=True) if _has_formulas(content) else None
    except Exception as exc:  # openpyxl raises many types for corrupt files
        raise FileProblem(f"the workbook cannot be opened: {exc}") from None
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    formula_rows = formulas.worksheets[0].iter_rows(values_only=True) if formulas else None
    try:
        header = [_cell_text(v) for v in next(values)]
        if formula_rows is not None:
            next(formula_rows)
    except StopIteration:
        raise FileProblem("the first sheet is empty") from None
    mapped, ignored, columns = _map_header(header)
    kinds = [BY_NAME[name].kind if name else "" for name in mapped]

    def rows():
        for number, cells in enumerate(values, start=2):
            written = next(formula_rows, ()) if formula_rows is not None else ()
            uncached = {mapped[i]: _formula_problem(f) for i, (v, f) in enumerate(zip(cells, written))
                        if v is None and isinstance(f, str) and f.startswith("=") and i < len(mapped) and mapped[i]}
            texts = [_xlsx_text(v, kinds[i] if i < len(kinds) else "") for i, v in enumerate(cells)]
            if not any(texts) and not uncached:
                continue
            row = _checked({name: texts[i] for i, name in enumerate(mapped) if name and i < len(texts)})
            if uncached:
                row.setdefault(CELL_PROBLEMS, {}).update(uncached)
            yield number, row
        workbook.close()
        if formulas is not None:
            formulas.close()

    return Table(columns, rows(), ignored, [])


def read_table(file_name: str, content: bytes) -> Table:
    if not content:
        raise FileProblem("the file is empty")
    if file_name.lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        return read_xlsx(content)
    if file_name.lower().endswith(".xls") or content[:4] == b"\xd0\xcf\x11\xe0":
        raise FileProblem("old Excel .xls files are not read; save the sheet as .xlsx or CSV")
    return read_csv(content)
