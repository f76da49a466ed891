"""Returns and notifications of change, as later code needs them: one object per returned entry or
NOC, carrying the reason, the original trace number to join on, and (for NOCs) the corrected data
split into its parts.

`read_returns(source)` is the one call for a returns/NOC file from the bank: it parses, validates
(leniently) and extracts. It never raises on content; check `problems` (and `errors`) before trusting
the file, and handle entries whose `reason` is None (an unknown or custom code) by logging them.
"""

from dataclasses import dataclass
from datetime import date

from .corrections import CorrectedData, read_corrected_data
from .problems import Problem
from .reader import parse_file
from .reasons import ChangeReason, ReturnKind, ReturnReason, change_reason, return_reason
from .records import (
    AchFile,
    BatchHeader,
    ChangeAddenda,
    ContestedReturnAddenda,
    DishonoredReturnAddenda,
    EntryDetail,
    RefusedChangeAddenda,
    ReturnAddenda,
)
from .validation import validate_file

_KIND_OF_LAYOUT = {ReturnAddenda: ReturnKind.RETURN, DishonoredReturnAddenda: ReturnKind.DISHONORED,
                   ContestedReturnAddenda: ReturnKind.CONTESTED}


@dataclass(frozen=True, slots=True)
class ReturnedEntry:
    """An entry returned to us (or a dishonored/contested return), with the records it came in."""

    batch: BatchHeader
    entry: EntryDetail
    addenda: ReturnAddenda | DishonoredReturnAddenda | ContestedReturnAddenda
    reason: ReturnReason | None
    """None for a code NACHA does not define (e.g. a processor's R97): keep `reason_code` and log it."""

    @property
    def kind(self) -> ReturnKind:
        return _KIND_OF_LAYOUT[type(self.addenda)]

    @property
    def reason_code(self) -> str:
        return self.addenda.return_reason_code

    @property
    def original_trace_number(self) -> str:
        """The trace number we wrote on the original entry: the join key."""
        return self.addenda.original_trace_number

    @property
    def original_rdfi_id(self) -> str:
        return self.addenda.original_rdfi_id

    @property
    def date_of_death(self) -> date | None:
        """R14/R15 only; None otherwise."""
        return self.addenda.date_of_death if isinstance(self.addenda, ReturnAddenda) else None

    @property
    def addenda_information(self) -> str:
        return getattr(self.addenda, "addenda_information", "")

    @property
    def amount_cents(self) -> int:
        """The returned amount (0 for a returned prenote)."""
        return self.entry.amount_cents

    @property
    def line(self) -> int:
        return self.entry.line


@dataclass(frozen=True, slots=True)
class NotificationOfChange:
    """A NOC (or refused NOC) for one of our entries: what to correct before the next entry."""

    batch: BatchHeader
    entry: EntryDetail
    addenda: ChangeAddenda | RefusedChangeAddenda
    reason: ChangeReason | None
    """None for an unknown code (e.g. C92, or the retired C10-C12)."""
    corrected: CorrectedData
    """The corrected values; all parts None when the data is malformed (see the file's problems)."""

    @property
    def change_code(self) -> str:
        return self.addenda.change_code

    @property
    def original_trace_number(self) -> str:
        return self.addenda.original_trace_number

    @property
    def original_rdfi_id(self) -> str:
        return self.addenda.original_rdfi_id

    @property
    def is_refused(self) -> bool:
        return isinstance(self.addenda, RefusedChangeAddenda)

    @property
    def line(self) -> int:
        return self.entry.line


def returns_in(ach: AchFile) -> list[ReturnedEntry]:
    """Every entry carrying an addenda 99, in file order."""
    found = []
    for batch in ach.batches:
        for entry in batch.entries:
            addenda = entry.return_addenda
            if addenda is not None:
                reason = return_reason(addenda.return_reason_code)
                found.append(ReturnedEntry(batch.header, entry.detail, addenda, reason))
    return found


def notices_of_change_in(ach: AchFile) -> list[NotificationOfChange]:
    """Every entry carrying an addenda 98, in file order."""
    found = []
    for batch in ach.batches:
        for entry in batch.entries:
            addenda = entry.change_addenda
            if addenda is None:
                continue
            if isinstance(addenda, RefusedChangeAddenda):
                corrected = CorrectedData(raw=addenda.corrected_data)
            else:
                corrected, _ = read_corrected_data(addenda.change_code, addenda.corrected_data)
            found.append(NotificationOfChange(batch.header, entry.detail, addenda, change_reason(addenda.change_code),
                                              corrected))
    return found


@dataclass(frozen=True, slots=True)
class ReturnsFile:
    file: AchFile
    returns: list[ReturnedEntry]
    notices_of_change: list[NotificationOfChange]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]


def read_returns(source: str | bytes) -> ReturnsFile:
    """Parse, validate (leniently) and extract the returns and NOCs of a file from the bank."""
    ach = parse_file(source)
    return ReturnsFile(ach, returns_in(ach), notices_of_change_in(ach), validate_file(ach))
