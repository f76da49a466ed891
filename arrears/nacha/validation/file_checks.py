"""Checks on the file header and the file control (nacha.md §12 items 2 and 5)."""

from ..problems import Problem
from ..records import AchFile, BatchControl, FileControl, FileHeader
from ..routing import routing_number_problem
from ..totals import Totals, block_count, totals_of_entries
from .reporting import label, problem_at, shown

_FIXED_HEADER_VALUES = {"priority_code": "01", "record_size": "094", "blocking_factor": "10", "format_code": "1"}
_MODIFIERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def check_file_header(header: FileHeader) -> list[Problem]:
    found = [problem_at(header, name, f"{label(header, name)} must be {expected!r}; found {getattr(header, name)!r}")
             for name, expected in _FIXED_HEADER_VALUES.items()
             if getattr(header, name) != expected and not header.is_unreadable(name)]
    destination = header.immediate_destination
    routing = destination.strip()
    if not destination.startswith(" ") or len(destination) != 10:
        found.append(problem_at(header, "immediate_destination", "immediate destination must be a blank followed "
                                f"by the 9-digit routing number; found {destination!r}"))
    elif trouble := routing_number_problem(routing):
        found.append(problem_at(header, "immediate_destination", f"immediate destination {trouble}"))
    if not header.immediate_origin.strip():
        found.append(problem_at(header, "immediate_origin", "immediate origin is blank"))
    if header.creation_date is None and not header.is_unreadable("creation_date"):
        found.append(problem_at(header, "creation_date", "file creation date is blank"))
    if header.file_id_modifier not in _MODIFIERS:
        found.append(problem_at(header, "file_id_modifier", "file ID modifier must be one of A-Z or 0-9; found "
                                f"{header.file_id_modifier!r}"))
    return found


def _declared_batch_totals(ach: AchFile) -> Totals:
    """The sum of what the batch controls say (recomputed where a batch has no control): the file
    control must agree with its batch controls, as operators check it."""
    total = Totals()
    for batch in ach.batches:
        control: BatchControl | None = batch.control
        total += (Totals(control.entry_addenda_count, control.entry_hash, control.total_debit_cents,
                         control.total_credit_cents) if control else totals_of_entries(batch.entries))
    return total


def check_file_control(ach: AchFile) -> list[Problem]:
    control: FileControl | None = ach.control
    if control is None:
        return []
    expected = _declared_batch_totals(ach)
    comparisons = [
        ("batch_count", len(ach.batches), "the number of batches in the file"),
        ("block_count", block_count(ach.record_count),
         f"the {ach.record_count} records from header to file control, in blocks of 10"),
        ("entry_addenda_count", expected.entry_addenda_count, "the sum of the batch controls"),
        ("entry_hash", expected.entry_hash, "the sum of the batch hashes (rightmost 10 digits)"),
        ("total_debit_cents", expected.total_debit_cents, "the sum of the batch debit totals"),
        ("total_credit_cents", expected.total_credit_cents, "the sum of the batch credit totals"),
    ]
    return [problem_at(control, name, f"{label(control, name)} is {shown(name, getattr(control, name))} "
                                        f"but {why} gives {shown(name, value)}")
            for name, value, why in comparisons
            if getattr(control, name) != value and not control.is_unreadable(name)]

