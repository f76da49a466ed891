"""What the reader and validator report about a file, and what the writer raises for bad input."""

from dataclasses import dataclass
from enum import Enum

from arrears.core.errors import InvalidInput


class Severity(Enum):
    ERROR = "error"
    """The file breaks a NACHA rule: the operator or the ODFI would reject it, or we cannot trust it."""
    WARNING = "warning"
    """Tolerated on read (nacha.md §12), or a strictness moov skips; a file we send must have none."""


class RecordKind(Enum):
    """The kinds of 94-character record; the value is the name used in messages."""

    FILE_HEADER = "file header"
    BATCH_HEADER = "batch header"
    ENTRY_DETAIL = "entry detail"
    ADDENDA = "addenda"
    BATCH_CONTROL = "batch control"
    FILE_CONTROL = "file control"
    PADDING = "padding"
    UNKNOWN = "unknown record"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file.

    `line` is the line the record starts on (1-based; in an unbroken stream of records without line
    breaks, the record's position as if each 94 characters were a line), or None for the file as a whole.
    `field` is the record's attribute name (e.g. "entry_hash"), or None when the record as a whole is meant.
    """

    line: int | None
    record: RecordKind | None
    field: str | None
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_error(self) -> "Problem":
        return Problem(self.line, self.record, self.field, self.message, Severity.ERROR)

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else "file"
        what = ", ".join(part for part in (self.record.value if self.record else None, self.field) if part)
        return f"{where} ({what}) {self.severity.value}: {self.message}" if what else \
            f"{where} {self.severity.value}: {self.message}"


@dataclass(frozen=True, slots=True)
class InputProblem:
    """One bad value given to the writer: `where` names the batch/entry ("batch 2, entry 5 (key 'p-17')")."""

    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}, {self.field}: {self.message}"


class NachaInputError(InvalidInput):
    """The writer refused its input. `problems` lists every bad value found, not just the first;
    `field` (from InvalidInput) is the first one's path, e.g. "batch 1, entry 2, routing_number"."""

    def __init__(self, problems: list[InputProblem]):
        self.problems = list(problems)
        count = len(self.problems)
        heading = "1 problem" if count == 1 else f"{count} problems"
        lines = "\n".join(f"- {p}" for p in self.problems)
        first = self.problems[0]
        super().__init__(f"Cannot write the ACH file, {heading}:\n{lines}", field=f"{first.where}, {first.field}")
