"""Checks on each forward entry and its addenda 05: transaction code, check digit, amount, name,
payment type, account number, trace number, addenda (nacha.md §12 item 4). Return and NOC addenda
are checked in return_checks."""

from ..codes import (
    CONSUMER_SEC_CODES,
    PAYMENT_TYPE_CODES,
    SecCode,
    is_debit_side,
    is_known_transaction_code,
    is_live,
    is_prenote,
    is_return_or_change,
)
from ..problems import Problem, Severity
from ..records import Batch, Entry, EntryDetail, OtherAddenda, RemittanceAddenda
from ..routing import check_digit_for
from .reporting import problem_at


def _readable(detail: EntryDetail, *names: str) -> bool:
    return not detail.unreadable or not any(detail.is_unreadable(name) for name in names)


def _transaction_code_problems(batch: Batch, detail: EntryDetail) -> list[Problem]:
    code = detail.transaction_code
    if not _readable(detail, "transaction_code"):
        return []
    if not is_known_transaction_code(code):
        return [problem_at(detail, "transaction_code", f"transaction code {code:02d} is not a NACHA transaction code")]
    header = batch.header
    if header.sec_code == SecCode.COR and not is_return_or_change(code):
        return [problem_at(detail, "transaction_code", f"transaction code {code} in a COR batch; a NOC entry "
                                                       "carries 21, 26, 31 or 36")]
    if header.sec_code == SecCode.TEL and not is_debit_side(code) and not is_return_or_change(code) \
            and header.entry_description.strip() != "REVERSAL":
        return [problem_at(detail, "transaction_code", f"transaction code {code} is a credit; TEL carries debits "
                                                       "only (credits only as reversals, described 'REVERSAL')")]
    return []


def _check_digit_problems(detail: EntryDetail) -> list[Problem]:
    if not _readable(detail, "rdfi_id", "check_digit"):
        return []
    expected = check_digit_for(detail.rdfi_id)
    if detail.check_digit == expected:
        return []
    return [problem_at(detail, "check_digit", f"check digit {detail.check_digit} fails the ABA check for "
                                              f"{detail.rdfi_id}: the routing number should be {detail.rdfi_id}"
                                              f"{expected}, not {detail.routing_number}")]


def _amount_problems(batch: Batch, entry: Entry) -> list[Problem]:
    detail = entry.detail
    if not _readable(detail, "transaction_code", "amount_cents"):
        return []
    code, amount = detail.transaction_code, detail.amount_cents
    if is_prenote(code) and amount != 0:
        return [problem_at(detail, "amount_cents", f"prenote (transaction code {code}) with amount {amount}; "
                                                   "a prenote's amount must be 0")]
    if is_live(code) and amount == 0 and not batch.is_adjustment:
        return [problem_at(detail, "amount_cents", f"amount is 0 for a live entry (transaction code {code}); "
                                                   "only prenotes and zero-dollar codes carry 0")]
    return []


def _name_problems(batch: Batch, detail: EntryDetail) -> list[Problem]:
    name = detail.individual_name.strip()
    if name and set(name) != {"0"}:
        return []
    consumer = batch.header.sec_code in CONSUMER_SEC_CODES
    what = "receiving company name" if batch.header.sec_code == SecCode.CCD else "individual name"
    return [problem_at(detail, "individual_name", f"{what} is {'blank' if not name else 'all zeros'}"
                       + (f"; {batch.header.sec_code} entries must name the receiver" if consumer else ""),
                       Severity.ERROR if consumer else Severity.WARNING)]


def _payment_type_problems(batch: Batch, detail: EntryDetail) -> list[Problem]:
    sec = batch.header.sec_code
    if sec not in (SecCode.WEB, SecCode.TEL) or is_return_or_change(detail.transaction_code):
        return []
    payment_type = detail.payment_type
    if payment_type in PAYMENT_TYPE_CODES or (sec == SecCode.TEL and not payment_type):
        return []
    needed = "need" if sec == SecCode.WEB else "may carry only"
    return [problem_at(detail, "discretionary_data", f"{sec} entries {needed} a payment type code (S, R or ST) in "
                                                     f"positions 77-78; found {detail.discretionary_data!r}")]


def _account_problems(detail: EntryDetail) -> list[Problem]:
    account = detail.account_number.strip()
    if not account:
        return [problem_at(detail, "account_number", "DFI account number is blank")]
    if " " in account:
        return [problem_at(detail, "account_number", f"DFI account number {account!r} has embedded spaces")]
    return []


def _addenda_problems(batch: Batch, entry: Entry) -> list[Problem]:
    detail = entry.detail
    found = []
    if detail.addenda_indicator not in ("0", "1") and _readable(detail, "addenda_indicator"):
        found.append(problem_at(detail, "addenda_indicator", f"addenda record indicator must be 0 or 1; found "
                                                             f"{detail.addenda_indicator!r}"))
    elif (detail.addenda_indicator == "1") != bool(entry.addenda):
        found.append(problem_at(detail, "addenda_indicator", f"addenda record indicator is {detail.addenda_indicator} "
                                f"but {len(entry.addenda)} addenda records follow the entry"))
    remittances = entry.remittance_addenda
    if remittances and batch.header.sec_code == SecCode.TEL:
        found.append(problem_at(remittances[0], None, "TEL entries carry no addenda records"))
    elif len(remittances) > 1:
        found.append(problem_at(remittances[1], None, f"{len(remittances)} addenda 05 follow one entry; "
                                                      f"{batch.header.sec_code or 'this SEC code'} allows at most 1"))
    for expected_sequence, addenda in enumerate(remittances, start=1):
        found += _remittance_problems(addenda, expected_sequence, detail)
    found += [problem_at(a, "addenda_type", f"addenda type {a.addenda_type!r} is not one arrears reads; its content "
                                            "is not checked", Severity.WARNING)
              for a in entry.addenda if isinstance(a, OtherAddenda)]
    return found


def _remittance_problems(addenda: RemittanceAddenda, expected_sequence: int, detail: EntryDetail) -> list[Problem]:
    found = []
    if addenda.sequence_number != expected_sequence and not addenda.is_unreadable("sequence_number"):
        found.append(problem_at(addenda, "sequence_number", f"addenda sequence number is {addenda.sequence_number}; "
                                                            f"expected {expected_sequence:04d}"))
    suffix = detail.trace_number[-7:]
    if addenda.entry_detail_sequence_number != suffix:
        found.append(problem_at(addenda, "entry_detail_sequence_number", "entry detail sequence number "
                                f"{addenda.entry_detail_sequence_number!r} differs from the last 7 digits of the "
                                f"entry's trace number {detail.trace_number!r}"))
    return found


def _trace_problems(batch: Batch, detail: EntryDetail, previous: int | None, seen: dict[str, int]) -> list[Problem]:
    trace = detail.trace_number
    if not _readable(detail, "trace_number"):
        return []
    found = []
    odfi = batch.header.odfi_id
    if trace[:8] != odfi:
        found.append(problem_at(detail, "trace_number", f"trace number {trace} does not start with the batch's "
                                                        f"ODFI ID {odfi}"))
    if previous is not None and int(trace) <= previous:
        found.append(problem_at(detail, "trace_number", f"trace number {trace} does not ascend within the batch"))
    if trace in seen:
        found.append(problem_at(detail, "trace_number", f"trace number {trace} is also used at line {seen[trace]}; "
                                                        "trace numbers must be unique in the file"))
    else:
        seen[trace] = detail.line
    return found


def check_entries(batch: Batch, seen_traces: dict[str, int]) -> list[Problem]:
    """Every entry of `batch`; `seen_traces` (trace -> line) carries trace numbers across batches."""
    found: list[Problem] = []
    previous: int | None = None
    for entry in batch.entries:
        detail = entry.detail
        found += _transaction_code_problems(batch, detail)
        found += _check_digit_problems(detail)
        found += _amount_problems(batch, entry)
        found += _name_problems(batch, detail)
        found += _payment_type_problems(batch, detail)
        found += _account_problems(detail)
        found += _trace_problems(batch, detail, previous, seen_traces)
        found += _addenda_problems(batch, entry)
        if _readable(detail, "trace_number"):
            previous = int(detail.trace_number)
    return found
