"""Validating a NACHA file: every problem found, not just the first (nacha.md §12).

`validate_file(source)` reads text or bytes (or takes an already parsed AchFile) and returns a list
of Problems ordered by line, each naming the line, record kind, field and what is wrong.

Two modes:
- lenient (the default), for files we receive: what nacha.md marks *tolerate on read* (trimmed or
  padded lines, no line breaks, missing blocking), and strictnesses moov's own samples break
  (company ID alignment, addenda 98/99 trace numbers, a non-banking effective date), are warnings.
- strict=True, for files we send: every warning is an error, and the settlement date must be blank.
"""

from ..problems import Problem
from ..reader import parse_file
from ..records import AchFile
from .batch_checks import check_batch, strict_batch_problems
from .entry_checks import check_entries
from .file_checks import check_file_control, check_file_header
from .reporting import record_problems
from .return_checks import check_returns_and_changes

_CHECKED_BY_BATCH = frozenset({"effective_entry_date"})


def validate_file(source: str | bytes | AchFile, *, strict: bool = False) -> list[Problem]:
    """All problems with a file, ordered by line (file-wide ones first). An empty list means valid."""
    ach = source if isinstance(source, AchFile) else parse_file(source)
    found: list[Problem] = list(ach.read_problems)
    for record in ach.records():
        found += record_problems(record, skip=_CHECKED_BY_BATCH if record.RECORD_TYPE == "5" else frozenset())
    if ach.header is not None:
        found += check_file_header(ach.header)
    seen_traces: dict[str, int] = {}
    previous_batch_number = None
    for batch in ach.batches:
        found += check_batch(batch, previous_batch_number)
        found += check_entries(batch, seen_traces)
        found += check_returns_and_changes(batch)
        if strict:
            found += strict_batch_problems(batch)
        if not batch.header.is_unreadable("batch_number"):
            previous_batch_number = batch.header.batch_number
    found += check_file_control(ach)
    if strict:
        found = [problem.as_error() for problem in found]
    return sorted(found, key=lambda problem: problem.line or 0)


def errors_in(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.is_error]


__all__ = ["validate_file", "errors_in"]
