"""Checks on return (addenda 99) and notification-of-change (addenda 98) entries (nacha.md §12 item 7):
known reason codes, the transaction code of a return, one addenda per entry, well-formed corrected data,
and trace numbers that join back to the original entry."""

from ..codes import SecCode, is_return_or_change
from ..corrections import read_corrected_data
from ..problems import Problem, Severity
from ..reasons import ReturnKind, change_reason, return_reason
from ..records import (
    CHANGE_ADDENDA,
    RETURN_ADDENDA,
    Batch,
    ChangeAddenda,
    ContestedReturnAddenda,
    DishonoredReturnAddenda,
    Entry,
    RefusedChangeAddenda,
    ReturnAddenda,
)
from .reporting import problem_at

_KIND_OF_LAYOUT = {ReturnAddenda: ReturnKind.RETURN, DishonoredReturnAddenda: ReturnKind.DISHONORED,
                   ContestedReturnAddenda: ReturnKind.CONTESTED}


def _reason_problems(addenda) -> list[Problem]:
    code = addenda.return_reason_code
    reason = return_reason(code)
    kind = _KIND_OF_LAYOUT[type(addenda)]
    if reason is None or reason.kind is not kind:
        return [problem_at(addenda, "return_reason_code", f"{code!r} is not a NACHA {kind.value} reason code; "
                                                          "custom codes need an agreement with the ODFI")]
    return []


def _change_code_problems(batch: Batch, addenda: ChangeAddenda | RefusedChangeAddenda) -> list[Problem]:
    found = []
    reason = change_reason(addenda.change_code)
    refused = isinstance(addenda, RefusedChangeAddenda)
    if reason is None or reason.refused is not refused:
        what = "refused NOC code (C61-C69)" if refused else "NOC change code (C01-C09, C13, C14)"
        found.append(problem_at(addenda, "change_code", f"{addenda.change_code!r} is not a {what}"))
    if refused:
        original = change_reason(addenda.refused_change_code)
        if original is None or original.refused:
            found.append(problem_at(addenda, "refused_change_code", f"{addenda.refused_change_code!r} is not a "
                                                                    "NOC change code that can be refused"))
    elif reason is not None:
        _, troubles = read_corrected_data(addenda.change_code, addenda.corrected_data)
        found += [problem_at(addenda, "corrected_data", trouble) for trouble in troubles]
    if batch.header.sec_code != SecCode.COR:
        found.append(problem_at(addenda, None, f"addenda 98 in a {batch.header.sec_code!r} batch; notifications of "
                                               "change come in COR batches"))
    return found


def _join_problems(entry: Entry, addenda, routed_to_originator: bool) -> list[Problem]:
    """moov checks neither of these, and its own samples break both, so they are warnings."""
    found = []
    detail = entry.detail
    if addenda.trace_number != detail.trace_number and not addenda.is_unreadable("trace_number"):
        found.append(problem_at(addenda, "trace_number", f"addenda trace number {addenda.trace_number} differs from "
                                f"its entry's trace number {detail.trace_number}", Severity.WARNING))
    original_prefix = addenda.original_trace_number[:8]
    readable = not addenda.is_unreadable("original_trace_number")
    if routed_to_originator and original_prefix != detail.rdfi_id and readable:
        found.append(problem_at(addenda, "original_trace_number", f"original trace number "
                                f"{addenda.original_trace_number} starts with {original_prefix}, not with "
                                f"{detail.rdfi_id}, the ODFI this entry is routed back to", Severity.WARNING))
    return found


def _entry_problems(batch: Batch, entry: Entry) -> list[Problem]:
    detail = entry.detail
    returns = [a for a in entry.addenda if isinstance(a, RETURN_ADDENDA)]
    changes = [a for a in entry.addenda if isinstance(a, CHANGE_ADDENDA)]
    code = detail.transaction_code
    if len(returns) + len(changes) > 1:
        return [problem_at((returns + changes)[1], None, "more than one addenda 98/99 follows one entry")]
    if not returns and not changes:
        if is_return_or_change(code) and not detail.is_unreadable("transaction_code"):
            return [problem_at(detail, "transaction_code", f"transaction code {code} is the code of a return or NOC, "
                                                           "but no addenda 99 or 98 follows the entry")]
        return []
    addenda = (returns + changes)[0]
    found = []
    plain = isinstance(addenda, (ReturnAddenda, ChangeAddenda))
    if plain and not is_return_or_change(code) and not detail.is_unreadable("transaction_code"):
        found.append(problem_at(detail, "transaction_code", f"transaction code {code} is not a return/NOC code "
                                                            "(21, 26, 31, 36, ...) though the entry carries an "
                                                            f"addenda {addenda.addenda_type}"))
    if changes:
        found += _change_code_problems(batch, addenda)
        if detail.amount_cents != 0 and not detail.is_unreadable("amount_cents"):
            found.append(problem_at(detail, "amount_cents", f"a notification of change carries amount 0; found "
                                                            f"{detail.amount_cents}"))
    else:
        found += _reason_problems(addenda)
    return found + _join_problems(entry, addenda, routed_to_originator=not isinstance(addenda, DishonoredReturnAddenda))


def check_returns_and_changes(batch: Batch) -> list[Problem]:
    found: list[Problem] = []
    for entry in batch.entries:
        found += _entry_problems(batch, entry)
    return found
