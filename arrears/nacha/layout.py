"""Declarative record layouts: each record dataclass names its fields' positions once, and both the
writer (`format_record`) and the reader (`parse_record`) work from that declaration.

A field is declared with one of the helpers below (`number`, `digits`, `text`, `yymmdd`, `hhmm`,
`julian_day`, `reserved`), which store a `Position` in the dataclass field's metadata. Position 1 is
the record type, held by the class as `RECORD_TYPE`; the declared fields must cover 2-94 with no gap
or overlap, which `check_layout` enforces when the records module is imported.
"""

import dataclasses
from dataclasses import dataclass
from datetime import date, time
from enum import Enum
from functools import cache
from typing import Any, ClassVar

RECORD_LENGTH = 94
_METADATA_KEY = "nacha"


class Kind(Enum):
    NUMBER = "N"
    """Unsigned integer, right-justified and zero-filled; the value is an int."""
    DIGITS = "N (digits)"
    """Digits kept as text because leading zeros matter (routing numbers, trace numbers)."""
    TEXT = "AN"
    """Left-justified and space-filled; the value is read with trailing spaces removed."""
    DATE = "YYMMDD"
    """A date, or blank (value None). Years 70-99 are 1970-1999, 00-69 are 2000-2069."""
    TIME = "HHMM"
    """A time of day, or blank (value None)."""
    JULIAN_DAY = "DDD"
    """Day of the year 001-366, or blank (value None): the settlement date the operator fills."""
    RESERVED = "b"
    """Blank on write; read as text so a validator can see what is there."""


@dataclass(frozen=True, slots=True)
class Position:
    start: int
    length: int
    kind: Kind
    label: str

    @property
    def end(self) -> int:
        return self.start + self.length - 1

    def cut(self, record_text: str) -> str:
        return record_text[self.start - 1:self.end]


def _field(start: int, length: int, kind: Kind, label: str, default: Any) -> Any:
    return dataclasses.field(default=default, metadata={_METADATA_KEY: Position(start, length, kind, label)})


def number(start: int, length: int, label: str, default: int = 0) -> Any:
    return _field(start, length, Kind.NUMBER, label, default)


def digits(start: int, length: int, label: str, default: str = "") -> Any:
    return _field(start, length, Kind.DIGITS, label, default)


def text(start: int, length: int, label: str, default: str = "") -> Any:
    return _field(start, length, Kind.TEXT, label, default)


def yymmdd(start: int, label: str) -> Any:
    return _field(start, 6, Kind.DATE, label, None)


def hhmm(start: int, label: str) -> Any:
    return _field(start, 4, Kind.TIME, label, None)


def julian_day(start: int, label: str) -> Any:
    return _field(start, 3, Kind.JULIAN_DAY, label, None)


def reserved(start: int, length: int, label: str = "reserved") -> Any:
    return _field(start, length, Kind.RESERVED, label, "")


@dataclass(frozen=True, kw_only=True, slots=True)
class Record:
    """Base of every record. `line` is where the record was read (0 for records the writer built);
    `raw` is the 94 characters as read; `unreadable` holds (field, text) for fields whose text did not
    fit their kind (e.g. letters in an amount): their value is 0, the text as read, or None."""

    RECORD_TYPE: ClassVar[str] = ""

    line: int = dataclasses.field(default=0, compare=False)
    raw: str = dataclasses.field(default="", compare=False, repr=False)
    unreadable: tuple[tuple[str, str], ...] = dataclasses.field(default=(), compare=False, repr=False)

    @classmethod
    def layout(cls) -> tuple[tuple[str, Position], ...]:
        return layout_of(cls)

    @classmethod
    def label_of(cls, field_name: str) -> str:
        return dict(layout_of(cls))[field_name].label

    def is_unreadable(self, field_name: str) -> bool:
        return bool(self.unreadable) and any(name == field_name for name, _ in self.unreadable)

    def field_at(self, position: int) -> str | None:
        """The name of the field holding a 1-based character position (None for position 1)."""
        for name, where in layout_of(type(self)):
            if where.start <= position <= where.end:
                return name
        return None


@cache
def layout_of(cls: type[Record]) -> tuple[tuple[str, Position], ...]:
    """The (field name, position) pairs of a record class, in position order."""
    pairs = [(f.name, f.metadata[_METADATA_KEY]) for f in dataclasses.fields(cls) if _METADATA_KEY in f.metadata]
    return tuple(sorted(pairs, key=lambda pair: pair[1].start))


def check_layout(cls: type[Record]) -> None:
    """Raise if the declared fields do not cover positions 2-94 exactly once."""
    expected = 2
    for name, position in layout_of(cls):
        if position.start != expected:
            raise TypeError(f"{cls.__name__}.{name} starts at {position.start}; expected {expected}")
        expected = position.end + 1
    if expected != RECORD_LENGTH + 1 or len(cls.RECORD_TYPE) != 1:
        raise TypeError(f"{cls.__name__} layout ends at {expected - 1}; expected {RECORD_LENGTH}")


class FieldValueError(ValueError):
    """A value the writer passed does not fit its field; a bug in the writer's checks if it happens."""


def _format_value(value: Any, position: Position) -> str:
    kind, length = position.kind, position.length
    if kind is Kind.NUMBER:
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 10 ** length:
            raise FieldValueError(f"{position.label}: {value!r} does not fit {length} digits")
        return str(value).zfill(length)
    if kind is Kind.DIGITS:
        if not (isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= length):
            raise FieldValueError(f"{position.label}: {value!r} is not up to {length} digits")
        return value.zfill(length)
    if kind is Kind.DATE:
        return "      " if value is None else f"{value.year % 100:02d}{value.month:02d}{value.day:02d}"
    if kind is Kind.TIME:
        return "    " if value is None else f"{value.hour:02d}{value.minute:02d}"
    if kind is Kind.JULIAN_DAY:
        return "   " if value is None else f"{value:03d}"
    if kind is Kind.RESERVED:
        return " " * length
    if not isinstance(value, str) or len(value) > length:
        raise FieldValueError(f"{position.label}: {value!r} is longer than {length} characters")
    return value.ljust(length)


def format_record(record: Record) -> str:
    """The 94-character text of a record."""
    return record.RECORD_TYPE + "".join(
        _format_value(getattr(record, name), position) for name, position in layout_of(type(record))
    )


def _two_digit_year(yy: int) -> int:
    return 1900 + yy if yy >= 70 else 2000 + yy


def _parse_value(raw: str, kind: Kind) -> tuple[Any, bool]:
    """(value, readable) for the text of one field."""
    plain = raw.isascii() and raw.isdigit()
    if kind is Kind.NUMBER:
        return (int(raw), True) if plain else (0, False)
    if kind is Kind.DIGITS:
        return raw, plain
    if kind in (Kind.TEXT, Kind.RESERVED):
        return raw.rstrip(" "), True
    if not raw.strip():
        return None, True
    if not plain:
        return None, False
    try:
        if kind is Kind.DATE:
            return date(_two_digit_year(int(raw[:2])), int(raw[2:4]), int(raw[4:6])), True
        if kind is Kind.TIME:
            return time(int(raw[:2]), int(raw[2:4])), True
    except ValueError:
        return None, False
    day = int(raw)
    return (day, True) if 1 <= day <= 366 else (None, False)


def parse_record[R: Record](cls: type[R], record_text: str, line: int) -> R:
    """Read a 94-character record into `cls`. Never raises for bad content: unreadable fields are
    listed in the result's `unreadable` for the validator to report."""
    values: dict[str, Any] = {}
    unreadable = []
    for name, position in layout_of(cls):
        raw = position.cut(record_text)
        value, readable = _parse_value(raw, position.kind)
        values[name] = value
        if not readable:
            unreadable.append((name, raw))
    return cls(line=line, raw=record_text, unreadable=tuple(unreadable), **values)
