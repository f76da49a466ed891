"""The "arrears lockbox CSV": the file a bank's lockbox service sends for each deposit of mailed checks and
money orders. docs/lockbox.md is the contract; a test keeps its column table in step with COLUMNS.

Pure Python, no Django. `read_lockbox` turns the bytes into frozen dataclasses and a list of every problem
found; it writes nothing. A file with any error is refused as a whole: whoever posts the items calls
`require_clean` first, so a bad file is never half-posted.
"""

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from arrears.core.errors import ArrearsError
from arrears.core.money import MoneyFormatError, cents_to_decimal_text, format_cents, parse_cents

ERROR = "error"
WARNING = "warning"
Severity = Literal["error", "warning"]

CONTROL_MARK = "TOTAL"


@dataclass(frozen=True, slots=True)
class LockboxColumn:
    name: str
    required: bool
    aliases: tuple[str, ...]
    meaning: str


COLUMNS: tuple[LockboxColumn, ...] = (
    LockboxColumn("deposit_date", True, ("date", "deposited_on", "deposit_dt"),
                  "the day the bank deposited the item: YYYY-MM-DD or MM/DD/YYYY"),
    LockboxColumn("batch", True, ("batch_id", "batch_number", "batch_no", "deposit_id", "lockbox_batch"),
                  "the bank's batch or deposit id: up to 40 letters, digits, `-`, `_`, `.` or `/`"),
    LockboxColumn("item", True, ("item_number", "item_no", "sequence", "sequence_number", "seq", "seq_no"),
                  "the item's sequence number within the batch (digits)"),
    LockboxColumn("amount", True, ("item_amount", "check_amount", "check_amt", "payment_amount", "amount_paid", "amt"),
                  "dollars, e.g. 125.00 (`$` and thousands commas allowed); more than zero"),
    LockboxColumn("account_number", False, ("account", "acct", "acct_no", "account_no", "client_account_number"),
                  "the client account number written on the coupon or memo; blank when unreadable"),
    LockboxColumn("client", False, ("client_code", "creditor_code"), "the client's code in arrears"),
    LockboxColumn("instrument", False, ("instrument_type", "item_type", "payment_type"),
                  "`check` or `money_order`; blank means check"),
    LockboxColumn("check_number", False, ("check", "check_no", "check_num", "chk_no", "serial_number"),
                  "the check's number, or the money order's serial number"),
    LockboxColumn("payer_name", False, ("payer", "remitter", "remitter_name", "name"),
                  "the name printed on the check or money order"),
    LockboxColumn("routing_last4", False, ("routing_last_4", "aba_last4", "aba_last_4"),
                  "last four digits of the check's routing number"),
    LockboxColumn("account_last4", False, ("account_last_4", "acct_last4", "acct_last_4"),
                  "last four digits of the check's bank account number"),
    LockboxColumn("note", False, ("notes", "memo", "comment", "comments"), "free text from the bank's operator"),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)
HEADER_LOOKUP = {spelling: c.name for c in COLUMNS for spelling in (c.name, *c.aliases)}
_TEXT_LIMITS = {"account_number": 40, "check_number": 30, "payer_name": 120, "note": 300}

_HEADER_CLEAN = re.compile(r"[^a-z0-9]+")


def canonical_header(name: str) -> str:
    """'Deposit Date', 'DEPOSIT_DATE' and 'deposit-date' are all 'deposit_date'."""
    return _HEADER_CLEAN.sub("_", name.strip().lower()).strip("_")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file. `row` is the 1-based line number (None: the file as a whole);
    `column` is the column's name in COLUMNS, the header's own text for an unknown column, or None."""

    file: str
    row: int | None
    column: str | None
    severity: Severity
    message: str

    @property
    def where(self) -> str:
        return ", ".join(part for part in (self.file, self.row and f"row {self.row}", self.column) if part)

    def __str__(self) -> str:
        return f"{self.severity} in {self.where}: {self.message}"


@dataclass(frozen=True, slots=True)
class LockboxItem:
    """One deposited check or money order. `row` is the line of the file it was read from."""

    row: int
    deposit_date: date
    batch: str
    item: str
    amount_cents: int
    account_number: str
    client_code: str
    instrument: str  # "check" or "money_order", as payments.models.Method spells them
    check_number: str
    payer_name: str
    routing_last4: str
    account_last4: str
    note: str

    @property
    def key(self) -> str:
        """The payment's idempotency key: posting the same item twice posts it once. The deposit date is part
        of it, so a bank that restarts its batch numbers every day is still posted once per item."""
        return f"lockbox:{self.deposit_date.isoformat()}:{self.batch}:{self.item}"


@dataclass(frozen=True, slots=True)
class LockboxFile:
    """What was read. When `errors` is not empty the file is refused: `items` then holds only the rows that
    read cleanly, for the report, and must not be posted (`require_clean` enforces that)."""

    file_name: str
    sha256: str
    items: tuple[LockboxItem, ...]
    deposit_dates: tuple[date, ...]  # distinct, oldest first
    batches: tuple[str, ...]  # distinct, in file order
    total_cents: int
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == WARNING)


class LockboxError(ArrearsError):
    """A lockbox file was refused. `problems` holds every error; the message lists the first few."""

    SHOWN = 10

    def __init__(self, file_name: str, problems: Iterable[Problem]):
        self.file_name = file_name
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = [f"- {p.where}: {p.message}" for p in self.problems[: self.SHOWN]]
        if count > self.SHOWN:
            lines.append(f"- and {count - self.SHOWN} more")
        heading = "1 error" if count == 1 else f"{count} errors"
        super().__init__(f"The lockbox file {file_name} is refused as a whole ({heading}):\n" + "\n".join(lines))


def require_clean(lockbox: LockboxFile) -> LockboxFile:
    """Return the file if it has no errors (warnings are fine); otherwise raise LockboxError."""
    if lockbox.errors:
        raise LockboxError(lockbox.file_name, lockbox.errors)
    return lockbox


class _Report:
    def __init__(self, file_name: str):
        self.file_name = file_name
        self.problems: list[Problem] = []

    def error(self, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.file_name, row, column, ERROR, message))

    def warn(self, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.file_name, row, column, WARNING, message))


# --- values ---------------------------------------------------------------------------------------------

class _BadValue(ValueError):
    """A cell's value is unusable; the message starts where "row 4, amount: " leaves off."""


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_BATCH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,39}")
_ITEM = re.compile(r"[0-9]{1,9}")
_CLIENT = re.compile(r"[A-Za-z0-9_-]{1,20}")
_LAST4 = re.compile(r"[0-9]{4}")
_INSTRUMENTS = {
    "check": "check", "cheque": "check", "chk": "check", "ck": "check", "personal_check": "check",
    "business_check": "check", "cashier_s_check": "check", "cashiers_check": "check", "certified_check": "check",
    "money_order": "money_order", "moneyorder": "money_order", "mo": "money_order",
}


def _parse_deposit_date(text: str) -> date:
    if not text:
        raise _BadValue("is blank; every item needs the date it was deposited")
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := _US_DATE.fullmatch(text):
        month, day, year = match.groups()
    else:
        raise _BadValue(f"{text!r} is not a date (use YYYY-MM-DD or MM/DD/YYYY)")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise _BadValue(f"{text!r} is not a real date") from None


def _parse_money_cents(text: str) -> int:
    """Dollars to cents (parse_cents refuses a decimal comma, scientific notation and the like)."""
    if not text:
        raise _BadValue("is blank")
    try:
        return parse_cents(text)
    except MoneyFormatError as exc:
        raise _BadValue(str(exc)) from None


def _parse_amount_cents(text: str) -> int:
    if not text:
        raise _BadValue("is blank; every item needs its amount")
    cents = _parse_money_cents(text)
    if cents < 0:
        raise _BadValue(f"{text!r} is negative; a deposited item is never negative")
    if cents == 0:
        raise _BadValue(f"{text!r} is zero; a deposited item is always for some money")
    return cents


def _without_leading_zeros(text: str) -> str:
    # Excel turns 0042 into 42; dropping the zeros keeps a re-saved file's idempotency keys the same.
    return (text.lstrip("0") or "0") if text.isdigit() else text


def _parse_batch(text: str) -> str:
    if not text:
        raise _BadValue("is blank; every item needs the bank's batch id")
    if not _BATCH.fullmatch(text):
        raise _BadValue(f"{text!r} is not a batch id: up to 40 letters, digits, '-', '_', '.' or '/', "
                        "starting with a letter or digit")
    return _without_leading_zeros(text)


def _parse_item_number(text: str) -> str:
    if not text:
        raise _BadValue("is blank; every item needs its sequence number within the batch")
    if not _ITEM.fullmatch(text):
        raise _BadValue(f"{text!r} is not an item sequence number (digits only, e.g. 17 or 0017)")
    return _without_leading_zeros(text)


def _parse_instrument(text: str) -> str:
    if not text:
        return "check"
    if (instrument := _INSTRUMENTS.get(canonical_header(text))) is None:
        raise _BadValue(f"{text!r} is not an instrument a lockbox takes: use check or money_order")
    return instrument


def _parse_client_code(text: str) -> str:
    if text and not _CLIENT.fullmatch(text):
        raise _BadValue(f"{text!r} is not a client code (up to 20 letters, digits, '-' or '_')")
    return text


def _parse_last4(text: str) -> str:
    if text and not _LAST4.fullmatch(text):
        raise _BadValue(f"{text!r} is not the last four digits (exactly 4 digits; never the full number)")
    return text


def _limited_text(column: str) -> Callable[[str], str]:
    limit = _TEXT_LIMITS[column]

    def parse(text: str) -> str:
        if len(text) > limit:
            raise _BadValue(f"is {len(text)} characters long; at most {limit} fit")
        return text

    return parse


_PARSERS: dict[str, Callable[[str], object]] = {
    "deposit_date": _parse_deposit_date, "batch": _parse_batch, "item": _parse_item_number,
    "amount": _parse_amount_cents, "account_number": _limited_text("account_number"), "client": _parse_client_code,
    "instrument": _parse_instrument, "check_number": _limited_text("check_number"),
    "payer_name": _limited_text("payer_name"), "routing_last4": _parse_last4, "account_last4": _parse_last4,
    "note": _limited_text("note"),
}


# --- the file -------------------------------------------------------------------------------------------

_NOT_CSV_SIGNATURES = (
    (b"PK\x03\x04", "is an Excel workbook (.xlsx) or another ZIP archive, not CSV; save the sheet as CSV UTF-8"),
    (b"\xd0\xcf\x11\xe0", "is an old Excel (.xls) or Word file, not CSV; save the sheet as CSV UTF-8"),
    (b"%PDF", "is a PDF, not CSV; ask the bank for the CSV file"),
    (b"\xff\xfe", "is UTF-16 text (Excel's 'Unicode text'), not UTF-8; save it as CSV UTF-8"),
    (b"\xfe\xff", "is UTF-16 text, not UTF-8; save it as CSV UTF-8"),
)


def _decode(data: bytes, report: _Report) -> str | None:
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        report.error(None, None, "the file is empty")
        return None
    for signature, problem in _NOT_CSV_SIGNATURES:
        if data.startswith(signature):
            report.error(None, None, f"the file {problem}")
            return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.error(line, None, f"the file is not UTF-8 text: byte 0x{data[exc.start]:02X} here is not valid "
                                 "UTF-8 (it may be Windows-1252); save or export the file as CSV UTF-8")
        return None
    if "\x00" in text:
        report.error(None, None, "the file holds NUL characters, so it is not CSV text (is it a spreadsheet?)")
        return None
    return text


def _records(text: str, report: _Report) -> list[tuple[int, list[str]]] | None:
    """Non-blank records as (line the record starts on, trimmed fields); None after a CSV syntax error,
    since nothing read after one can be trusted."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, line = [], 1
    try:
        for fields in reader:
            if any(field.strip() for field in fields):
                records.append((line, [field.strip() for field in fields]))
            line = reader.line_num + 1
    except csv.Error as exc:
        report.error(line, None, f"cannot be read as CSV ({exc}); a quote (\") opened here may never close")
        return None
    return records


def _header_positions(line: int, header: list[str], report: _Report) -> dict[str, int] | None:
    """Column name -> field index; None when the file cannot be read further (a required column missing
    or a column named twice)."""
    if len(header) == 1 and any(mark in header[0] for mark in ";\t|"):
        report.error(line, None, "the header has no commas; arrears lockbox CSV is comma-separated")
        return None
    positions: dict[str, int] = {}
    usable = True
    for index, raw in enumerate(header):
        name = HEADER_LOOKUP.get(canonical_header(raw))
        if name is None:
            if raw:
                report.warn(line, raw, "unknown column, ignored")
        elif name in positions:
            report.error(line, name, f"{raw!r} names this column a second time (field {index + 1})")
            usable = False
        else:
            positions[name] = index
    for column in COLUMNS:
        if column.required and column.name not in positions:
            report.error(line, column.name, "required column is missing from the header")
            usable = False
    return positions if usable else None


def _read_item(line: int, fields: list[str], positions: dict[str, int], width: int,
               report: _Report) -> tuple[int | None, LockboxItem | None]:
    """(amount in cents if readable, the item if the whole row is clean)."""
    if len(fields) != width:
        hint = "; a value holding a comma must be in quotes, e.g. \"$1,250.00\"" if len(fields) > width else ""
        report.error(line, None, f"has {len(fields)} fields but the header has {width}{hint}")
        return None, None
    values: dict[str, object] = {}
    clean = True
    for name, parse in _PARSERS.items():
        try:
            values[name] = parse(fields[positions[name]] if name in positions else "")
        except _BadValue as exc:
            report.error(line, name, str(exc))
            clean = False
    if values.get("account_number") == "":
        report.warn(line, "account_number", "is blank: the item cannot be matched to an account automatically "
                                            "and goes to the unapplied-cash list")
    if values.get("instrument") == "check" and values.get("check_number") == "":
        report.warn(line, "check_number", "is blank for a check")
    amount = values.get("amount")
    if not clean:
        return amount, None
    client_code = values.pop("client")
    return amount, LockboxItem(row=line, amount_cents=values.pop("amount"), client_code=client_code, **values)


def _check_control(line: int, fields: list[str], width: int, item_count: int, items_total: int | None,
                   report: _Report) -> None:
    if len(fields) < 3 or len(fields) > width or any(fields[3:]):
        report.error(line, None, "the control row must be TOTAL, the item count and the total amount, "
                                 f"then only empty fields (at most {width} fields in all)")
        return
    count_text, total_text = fields[1], fields[2]
    if not re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})*|[0-9]+", count_text):
        report.error(line, "item_count", f"{count_text!r} is not a count of items")
    elif (count := int(count_text.replace(",", ""))) != item_count:
        report.error(line, "item_count", f"says {count} items but the file lists {item_count}")
    try:
        total = _parse_money_cents(total_text)
    except _BadValue as exc:
        report.error(line, "total_amount", str(exc))
        return
    if items_total is not None and total != items_total:
        report.error(line, "total_amount", f"says {format_cents(total)} but the items add up to "
                                           f"{format_cents(items_total)}")


def _read_body(body: list[tuple[int, list[str]]], positions: dict[str, int], width: int,
               report: _Report) -> list[LockboxItem]:
    controls = [i for i, (_, fields) in enumerate(body) if fields[0].upper() == CONTROL_MARK]
    item_rows = body[: controls[0]] if controls else body
    if not item_rows:
        report.error(None, None, "the file has no items")
    items: list[LockboxItem] = []
    amounts: list[int | None] = []
    first_row_of_key: dict[str, int] = {}
    batch_dates: dict[str, tuple[date, int]] = {}
    for line, fields in item_rows:
        amount, item = _read_item(line, fields, positions, width, report)
        amounts.append(amount)
        if item is None:
            continue
        if (earlier := first_row_of_key.setdefault(item.key, line)) != line:
            report.error(line, "item", f"batch {item.batch!r} item {item.item!r} is also on row {earlier}")
            continue
        batch_date, batch_row = batch_dates.setdefault(item.batch, (item.deposit_date, line))
        if batch_date != item.deposit_date:
            report.error(line, "deposit_date", f"batch {item.batch!r} is dated {batch_date.isoformat()} on row "
                                               f"{batch_row}; one batch is one deposit, on one day")
            continue
        items.append(item)
    if not controls:
        report.error(None, None, "the control row is missing: the last row must be TOTAL, the item count and "
                                 "the total amount (e.g. TOTAL,3,475.00)")
        return items
    control_line, control_fields = body[controls[0]]
    for line, _ in body[controls[0] + 1:]:
        report.error(line, None, "comes after the control row; the TOTAL row must be the last row")
    items_total = None if None in amounts else sum(amounts)
    _check_control(control_line, control_fields, width, len(item_rows), items_total, report)
    return items


def read_lockbox(file_name: str, data: bytes) -> LockboxFile:
    """Read an arrears lockbox CSV file. Never raises for bad content: every problem is in `problems`."""
    report = _Report(file_name)
    items: list[LockboxItem] = []
    text = _decode(data, report)
    records = _records(text, report) if text is not None else None
    if records:
        header_line, header = records[0]
        positions = _header_positions(header_line, header, report)
        if positions is not None:
            items = _read_body(records[1:], positions, len(header), report)
    elif records is not None:
        report.error(None, None, "the file is empty")
    problems = sorted(report.problems, key=lambda p: (p.row is not None, p.row or 0))
    return LockboxFile(
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        items=tuple(items),
        deposit_dates=tuple(sorted({item.deposit_date for item in items})),
        batches=tuple(dict.fromkeys(item.batch for item in items)),
        total_cents=sum(item.amount_cents for item in items),
        problems=tuple(problems),
    )


def _item_fields(item: LockboxItem) -> list[str]:
    return [item.deposit_date.isoformat(), item.batch, item.item, cents_to_decimal_text(item.amount_cents),
            item.account_number, item.client_code, item.instrument, item.check_number, item.payer_name,
            item.routing_last4, item.account_last4, item.note]


def to_csv(lockbox_items: Iterable[LockboxItem]) -> bytes:
    """Write items as an arrears lockbox CSV file (UTF-8, CRLF, every column, the control row last).
    The `row` of each item is ignored. Raises LockboxError if the result would not read back cleanly."""
    items = tuple(lockbox_items)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    writer.writerows(_item_fields(item) for item in items)
    total = cents_to_decimal_text(sum(item.amount_cents for item in items))
    writer.writerow([CONTROL_MARK, str(len(items)), total] + [""] * (len(COLUMN_NAMES) - 3))
    data = out.getvalue().encode("utf-8")
    require_clean(read_lockbox("to_csv output", data))
    return data
