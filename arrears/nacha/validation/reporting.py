"""How checks word a problem about one record, and the checks every record gets (readable fields,
printable ASCII)."""

from arrears.core.money import format_cents

from ..layout import Kind, Record, layout_of
from ..problems import Problem, RecordKind, Severity
from ..records import BatchControl, BatchHeader, EntryDetail, FileControl, FileHeader

_KINDS = {FileHeader: RecordKind.FILE_HEADER, BatchHeader: RecordKind.BATCH_HEADER,
          EntryDetail: RecordKind.ENTRY_DETAIL, BatchControl: RecordKind.BATCH_CONTROL,
          FileControl: RecordKind.FILE_CONTROL}


def kind_of(record: Record) -> RecordKind:
    return _KINDS.get(type(record), RecordKind.ADDENDA)


def problem_at(record: Record, field: str | None, message: str, severity: Severity = Severity.ERROR) -> Problem:
    """A problem about `record` (and its `field`, an attribute name), at the line it was read from."""
    return Problem(record.line or None, kind_of(record), field, message, severity)


def label(record: Record, field: str) -> str:
    return type(record).label_of(field)


def shown(field: str, value: object) -> str:
    """A control value as a person reads it: money as dollars and cents, the hash as its 10 digits."""
    if field.endswith("_cents") and isinstance(value, int):
        return f"{format_cents(value)} ({value} cents)"
    if field == "entry_hash" and isinstance(value, int):
        return f"{value:010d}"
    return str(value)


_UNREADABLE = {
    Kind.NUMBER: "must be digits",
    Kind.DIGITS: "must be digits",
    Kind.DATE: "is not a date (YYMMDD)",
    Kind.TIME: "is not a time (HHMM)",
    Kind.JULIAN_DAY: "is not a day of the year (001-366)",
}


def unreadable_problem(record: Record, field: str, severity: Severity = Severity.ERROR) -> Problem:
    raw = dict(record.unreadable)[field]
    kind = dict(layout_of(type(record)))[field].kind
    return problem_at(record, field, f"{label(record, field)} {_UNREADABLE[kind]}; found {raw!r}", severity)


def record_problems(record: Record, *, skip: frozenset[str] = frozenset()) -> list[Problem]:
    """Fields whose text does not fit their kind, and characters outside printable ASCII (one
    problem per field). Fields in `skip` are left to a check that knows their context."""
    found = [unreadable_problem(record, name) for name, _ in record.unreadable if name not in skip]
    if record.raw.isascii() and record.raw.isprintable():
        return found
    reported: set[str | None] = set()
    for index, character in enumerate(record.raw):
        if " " <= character <= "~":
            continue
        field = record.field_at(index + 1)
        if field in reported:
            continue
        reported.add(field)
        where = label(record, field) if field else "record type"
        found.append(problem_at(record, field, f"{where} contains {character!r} (U+{ord(character):04X}) at "
                                               f"position {index + 1}; only printable ASCII is allowed"))
    return found
