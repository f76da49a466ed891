"""Checks on each batch: header against control, service class against the entries, effective date,
and the control's counts, hash and totals against the entries (nacha.md §12 items 3, 5 and 6)."""

from ..banking_days import why_not_banking_day
from ..codes import SecCode, ServiceClass, is_debit_side
from ..problems import Problem, Severity
from ..records import Batch, BatchHeader
from ..totals import totals_of_entries
from .reporting import label, problem_at, shown, unreadable_problem

_SERVICE_CLASSES = frozenset(member.value for member in ServiceClass)
_SEC_CODES = frozenset(member.value for member in SecCode)


def _effective_date_problems(batch: Batch) -> list[Problem]:
    """Our own batches need a valid date. A return or NOC batch copies the original's date (moov's
    samples carry 000000), so there a bad date is only a warning: the entries are still matchable."""
    header = batch.header
    severity = Severity.WARNING if batch.is_adjustment else Severity.ERROR
    if header.is_unreadable("effective_entry_date"):
        return [unreadable_problem(header, "effective_entry_date", severity)]
    day = header.effective_entry_date
    if day is None:
        return [problem_at(header, "effective_entry_date", "effective entry date is blank", severity)]
    if why := why_not_banking_day(day):
        return [problem_at(header, "effective_entry_date", f"effective entry date {day.isoformat()} is {why}, "
                           "not a banking day; the operator will settle it on the next banking day",
                           Severity.WARNING)]
    return []


def _header_problems(header: BatchHeader, previous_batch_number: int | None) -> list[Problem]:
    found = []
    if header.service_class_code not in _SERVICE_CLASSES and not header.is_unreadable("service_class_code"):
        found.append(problem_at(header, "service_class_code", f"service class code {header.service_class_code} "
                                "must be 200 (mixed), 220 (credits only) or 225 (debits only)"))
    if header.sec_code not in _SEC_CODES:
        found.append(problem_at(header, "sec_code", f"SEC code {header.sec_code!r} is not one arrears reads "
                                "(PPD, WEB, TEL, CCD, COR); its own rules are not checked", Severity.WARNING))
    if not header.company_id.strip():
        found.append(problem_at(header, "company_id", "company identification is blank"))
    if header.originator_status_code != "1" and not header.is_unreadable("originator_status_code"):
        found.append(problem_at(header, "originator_status_code", "originator status code should be '1'; found "
                                f"{header.originator_status_code!r}", Severity.WARNING))
    if previous_batch_number is not None and header.batch_number <= previous_batch_number:
        found.append(problem_at(header, "batch_number", f"batch number {header.batch_number} does not ascend "
                                f"(the batch before is {previous_batch_number})"))
    return found


def _control_problems(batch: Batch) -> list[Problem]:
    header, control = batch.header, batch.control
    if control is None:
        return []
    found = []
    for name in ("service_class_code", "odfi_id", "batch_number"):
        if getattr(control, name) != getattr(header, name) and not control.is_unreadable(name):
            found.append(problem_at(control, name, f"{label(control, name)} {getattr(control, name)!r} differs from "
                                    f"the batch header's {getattr(header, name)!r} (line {header.line})"))
    if control.company_id != header.company_id:
        same_when_trimmed = control.company_id.strip() == header.company_id.strip()
        found.append(problem_at(
            control, "company_id",
            f"company identification {control.company_id!r} differs from the batch header's {header.company_id!r}"
            + (" in alignment only" if same_when_trimmed else ""),
            Severity.WARNING if same_when_trimmed else Severity.ERROR))
    expected = totals_of_entries(batch.entries)
    comparisons = [
        ("entry_addenda_count", expected.entry_addenda_count, "the batch's entry and addenda records"),
        ("entry_hash", expected.entry_hash, "the sum of its RDFI IDs (rightmost 10 digits)"),
        ("total_debit_cents", expected.total_debit_cents, "the sum of its debit-side entries"),
        ("total_credit_cents", expected.total_credit_cents, "the sum of its credit-side entries"),
    ]
    found += [problem_at(control, name, f"{label(control, name)} is {shown(name, getattr(control, name))} "
                                        f"but {why} gives {shown(name, value)}")
              for name, value, why in comparisons
              if getattr(control, name) != value and not control.is_unreadable(name)]
    return found


def _service_class_fit(batch: Batch) -> list[Problem]:
    service_class = batch.header.service_class_code
    if service_class not in (ServiceClass.DEBITS_ONLY, ServiceClass.CREDITS_ONLY):
        return []
    wanted_debit = service_class == ServiceClass.DEBITS_ONLY
    return [problem_at(entry.detail, "transaction_code",
                       f"transaction code {entry.detail.transaction_code} is a "
                       f"{'credit' if wanted_debit else 'debit'} in a batch of service class {service_class} "
                       f"({'debits' if wanted_debit else 'credits'} only)")
            for entry in batch.entries
            if is_debit_side(entry.detail.transaction_code) != wanted_debit
            and not entry.detail.is_unreadable("transaction_code")]


def check_batch(batch: Batch, previous_batch_number: int | None) -> list[Problem]:
    found = _header_problems(batch.header, previous_batch_number) + _effective_date_problems(batch)
    if not batch.entries:
        found.append(problem_at(batch.header, None, "the batch has no entries; a batch needs at least one"))
    return found + _control_problems(batch) + _service_class_fit(batch)


def strict_batch_problems(batch: Batch) -> list[Problem]:
    """Rules for files we send: the operator fills the settlement date."""
    header: BatchHeader = batch.header
    if header.settlement_date is not None or header.is_unreadable("settlement_date"):
        return [problem_at(header, "settlement_date", "settlement date must be blank on a file we send; the "
                                                      f"operator fills it (found {header.raw[75:78]!r})")]
    return []

