"""A stand-in for the bank: the returns and NOC file our ODFI would send back for a file we originated.

Tests and the demo use it the way they use a fake card processor: give it a file we sent (the text
`write_file` produced) and what the receivers' banks say about some of its entries, and it writes the
file the bank would relay back, as real NACHA records, for `read_returns` to read end to end::

    text = bank_response(
        written.text,
        returns={"121042880000001": "R01", "121042880000004": "R15"},   # {our trace number: reason code}
        changes={"121042880000002": ("C01", "55500001")},              # {trace: (change code, corrected data)}
        date_of_death={"121042880000004": date(2026, 11, 2)},          # R14/R15 only, optional
        created_at=datetime(2026, 11, 27, 6, 0),                       # the bank's local time, as written
    )
    report = read_returns(text)    # report.returns, report.notices_of_change, report.errors == []

    bank_response(sent: str, *, returns={}, changes={}, created_at, date_of_death={}) -> str

`changes` values are (change code, corrected data), the data being the content of the 29-character
field (addenda 98 positions 36-64) laid out as nacha.md §10 says: C01 the account number; C02 the
routing number; C03 routing, 3 blanks, account; C05 the transaction code; C06 account in p1-17, 3
blanks, code in p21-22; C07 routing in p1-9, account in p10-26, code in p27-28. It must split
cleanly by `corrections.read_corrected_data`; codes with no parts (C08, C13, C14) take any text.

What the file holds (nacha.md §9-10):

- **File header** from the bank to us: immediate destination = the sent file's immediate origin (when
  that is a 10-character ID rather than a routing number, our ODFI's routing number, since a file
  header is addressed to a routing number), immediate origin = the sent file's immediate destination,
  the two names swapped, creation date and time from `created_at`, file ID modifier `A`.
- **Return batches** first, then **COR batches**, numbered 1, 2, …: one per original batch with
  returned (or changed) entries and per receiving bank among them. Each copies the original batch's
  company name, discretionary data, company ID, SEC code (COR for NOCs), entry description, descriptive
  and effective date; originator status 1; its ODFI field is the returning bank's ID (the first 8
  digits of the receiver's routing number), and its **settlement date is filled**, as the operator
  does on a return: the last banking day on or before `created_at`.
- **Entries** in the original's order, routed back to our ODFI (positions 4-12 = the original trace's
  ODFI ID and its check digit), with the return code of the original's account type and side (27/28
  -> 26, 37/38 -> 36, 22/23 -> 21, 32/33 -> 31; the same codes on COR entries), the original's account
  number, individual ID, name and discretionary data (payment type), the original amount (0 on NOCs
  and returned prenotes), addenda indicator 1 and a new trace number: the returning bank's ID + a
  7-digit sequence counting from 1 across the file.
- **Addenda 99**: reason code, original trace number, date of death (R14/R15, else blank), original
  RDFI ID, blank addenda information, trace number = its entry's. **Addenda 98**: change code,
  original trace number, original RDFI ID, corrected data, trace number = its entry's.
- Batch and file controls computed as the writer does them, blocked to 10 with 9-filled records, LF.

The result passes `validate_file` with no problems at all; `validate_file(text, strict=True)` reports
only the filled settlement dates (one per batch), which a file we send must leave blank but a bank's
file carries. It is checked before it is returned.

Raises ValueError, naming every problem (the trace number, the code) in one message and writing
nothing, when: the sent file has errors; a trace number is not in it; a code is not a return reason
(`RETURN_REASONS`) or change code (`CHANGE_REASONS`), or is one a bank does not send an originator
(dishonored R61-R70 and contested R71-R77 returns travel between the banks; refused NOCs C61-C69 go
from an ODFI to an RDFI); a trace is both returned and changed; corrected data is malformed or longer
than 29 characters; a date of death is given for a trace not returned R14/R15; `created_at` is before
the sent file's creation date; or there is nothing to say: banks send no returns file when no entry is
returned or changed, so an empty answer is refused rather than written as a file with no batches
(which the strict validator rejects).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .banking_days import is_banking_day
from .codes import SecCode, is_debit_side, is_known_transaction_code, is_return_or_change, service_class_for
from .corrections import read_corrected_data
from .layout import format_record
from .reader import PADDING_RECORD, parse_file
from .reasons import CHANGE_REASONS, RETURN_REASONS, ReturnKind
from .records import (
    AchFile,
    Batch,
    BatchHeader,
    ChangeAddenda,
    Entry,
    EntryDetail,
    FileControl,
    FileHeader,
    ReturnAddenda,
)
from .routing import check_digit_for, is_valid_routing_number
from .totals import Totals, batch_control, block_count, totals_of_entries
from .validation import errors_in, validate_file

CORRECTED_DATA_LENGTH = 29
DATE_OF_DEATH_CODES = frozenset({"R14", "R15"})
RESPONSE_FILE_ID_MODIFIER = "A"


def return_transaction_code(code: int) -> int:
    """The code of a return or NOC of an entry with `code`: same account type, 6 for the debit side
    (debits, debit prenotes, zero-dollar debits) and 1 for the credit side. 27/28 -> 26, 37/38 -> 36,
    22/23 -> 21, 32/33 -> 31."""
    return code // 10 * 10 + (6 if is_debit_side(code) else 1)


@dataclass(frozen=True, slots=True)
class _Original:
    batch_index: int
    batch: Batch
    entry: Entry

    @property
    def detail(self) -> EntryDetail:
        return self.entry.detail


@dataclass(slots=True)
class _Answer:
    """What the bank says about one original entry: a return (reason code, date of death) or a NOC
    (change code, corrected data)."""

    original: _Original
    code: str
    date_of_death: date | None = None
    corrected_data: str | None = None

    @property
    def is_change(self) -> bool:
        return self.corrected_data is not None


@dataclass(slots=True)
class _Problems:
    found: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.found.append(message)

    def raise_if_any(self) -> None:
        if self.found:
            count = len(self.found)
            heading = "1 problem" if count == 1 else f"{count} problems"
            raise ValueError(f"Cannot write the bank's response, {heading}:\n"
                             + "\n".join(f"- {message}" for message in self.found))


def _index(ach: AchFile) -> dict[str, _Original]:
    return {entry.detail.trace_number: _Original(index, batch, entry)
            for index, batch in enumerate(ach.batches) for entry in batch.entries}


def _find(trace: object, index: dict[str, _Original], problems: _Problems) -> _Original | None:
    original = index.get(trace) if isinstance(trace, str) else None
    if original is None:
        shown = trace if isinstance(trace, str) else repr(trace)
        problems.add(f"trace number {shown} is not in the sent file (its entries' trace numbers are "
                     f"{_some(index)})")
        return None
    code = original.detail.transaction_code
    if is_return_or_change(code) or not is_known_transaction_code(code):
        problems.add(f"trace number {trace}: the sent entry has transaction code {code}, which is not a forward "
                     "entry a bank can return or correct")
        return None
    return original


def _some(index: dict[str, _Original]) -> str:
    traces = list(index)
    return ", ".join(traces[:5]) + (f" and {len(traces) - 5} more" if len(traces) > 5 else "")


def _code(value: object) -> str:
    return value.strip().upper() if isinstance(value, str) else ""


def _returns(returns: Mapping[str, str], date_of_death: Mapping[str, date], index: dict[str, _Original],
             problems: _Problems) -> list[_Answer]:
    answers = []
    for trace, given in returns.items():
        original = _find(trace, index, problems)
        code = _code(given)
        reason = RETURN_REASONS.get(code)
        if reason is None:
            problems.add(f"trace number {trace}: {given!r} is not a return reason code (RETURN_REASONS: R01-R53 "
                         "less R48-R49, R61, R62, R67-R85)")
        elif reason.kind is not ReturnKind.RETURN:
            problems.add(f"trace number {trace}: {code} is a {reason.kind.value} code; those travel between the "
                         "ODFI and the RDFI, a bank does not send them to the originator")
        if original is not None and reason is not None and reason.kind is ReturnKind.RETURN:
            answers.append(_Answer(original, code, date_of_death.get(trace)))
    for trace, day in date_of_death.items():
        code = _code(returns.get(trace))
        if code not in DATE_OF_DEATH_CODES:
            problems.add(f"trace number {trace}: a date of death is given but the entry is "
                         + (f"returned {code}; only R14 and R15 carry one" if code else "not returned R14 or R15"))
        elif not isinstance(day, date) or isinstance(day, datetime):
            problems.add(f"trace number {trace}: the date of death {day!r} is not a date")
        elif not 1970 <= day.year <= 2069:
            problems.add(f"trace number {trace}: the date of death {day.isoformat()} does not fit YYMMDD (1970-2069)")
    return answers


def _changes(changes: Mapping[str, tuple[str, str]], index: dict[str, _Original],
             problems: _Problems) -> list[_Answer]:
    answers = []
    for trace, change in changes.items():
        original = _find(trace, index, problems)
        if not (isinstance(change, tuple) and len(change) == 2):
            problems.add(f"trace number {trace}: {change!r} must be a (change code, corrected data) pair")
            continue
        given, data = change
        code = _code(given)
        reason = CHANGE_REASONS.get(code)
        if reason is None:
            problems.add(f"trace number {trace}: {given!r} is not a change code (CHANGE_REASONS: C01-C09, C13, "
                         "C14; C10-C12 are retired)")
        elif reason.refused:
            problems.add(f"trace number {trace}: {code} is a refused NOC code; an ODFI sends those to the RDFI, a "
                         "bank does not send them to the originator")
        if not isinstance(data, str):
            problems.add(f"trace number {trace}: the corrected data {data!r} must be text")
            continue
        if len(data) > CORRECTED_DATA_LENGTH:
            problems.add(f"trace number {trace}: the corrected data {data!r} is {len(data)} characters; the field "
                         f"holds {CORRECTED_DATA_LENGTH}")
        if not (data.isascii() and data.isprintable()):
            problems.add(f"trace number {trace}: the corrected data {data!r} has characters outside printable ASCII")
        if reason is None or reason.refused:
            continue
        _, troubles = read_corrected_data(code, data)
        problems.found += [f"trace number {trace}: {trouble}" for trouble in troubles]
        if original is not None and not troubles:
            answers.append(_Answer(original, code, corrected_data=data.rstrip(" ")))
    return answers


def _last_banking_day_on_or_before(day: date) -> date:
    while not is_banking_day(day):
        day -= timedelta(days=1)
    return day


def _routing_of(rdfi_id: str) -> str:
    return rdfi_id + check_digit_for(rdfi_id)


def _entry(answer: _Answer, trace_number: str) -> Entry:
    original = answer.original.detail
    our_odfi = original.trace_number[:8]
    detail = EntryDetail(
        transaction_code=return_transaction_code(original.transaction_code), rdfi_id=our_odfi,
        check_digit=check_digit_for(our_odfi), account_number=original.account_number,
        amount_cents=0 if answer.is_change else original.amount_cents, individual_id=original.individual_id,
        individual_name=original.individual_name, discretionary_data=original.discretionary_data,
        addenda_indicator="1", trace_number=trace_number)
    if answer.is_change:
        addenda = ChangeAddenda(change_code=answer.code, original_trace_number=original.trace_number,
                                original_rdfi_id=original.rdfi_id, corrected_data=answer.corrected_data,
                                trace_number=trace_number)
    else:
        addenda = ReturnAddenda(return_reason_code=answer.code, original_trace_number=original.trace_number,
                                date_of_death=answer.date_of_death, original_rdfi_id=original.rdfi_id,
                                trace_number=trace_number)
    return Entry(detail, [addenda])


def _groups(answers: list[_Answer]) -> list[list[_Answer]]:
    """Answers grouped by (original batch, returning bank), returns before NOCs, each in file order."""
    ordered = sorted(answers, key=lambda a: (a.is_change, a.original.batch_index, int(a.original.detail.trace_number)))
    groups: dict[tuple[bool, int, str], list[_Answer]] = {}
    for answer in ordered:
        groups.setdefault((answer.is_change, answer.original.batch_index, answer.original.detail.rdfi_id),
                          []).append(answer)
    return list(groups.values())


def _batch(group: list[_Answer], batch_number: int, first_sequence: int, settlement_day: int) -> Batch:
    original = group[0].original.batch.header
    returning_bank = group[0].original.detail.rdfi_id
    entries = [_entry(answer, f"{returning_bank}{first_sequence + i:07d}") for i, answer in enumerate(group)]
    service_class = service_class_for([entry.detail.transaction_code for entry in entries])
    header = BatchHeader(
        service_class_code=service_class, company_name=original.company_name,
        company_discretionary_data=original.company_discretionary_data, company_id=original.company_id,
        sec_code=SecCode.COR.value if group[0].is_change else original.sec_code,
        entry_description=original.entry_description, descriptive_date=original.descriptive_date,
        effective_entry_date=original.effective_entry_date, settlement_date=settlement_day,
        originator_status_code="1", odfi_id=returning_bank, batch_number=batch_number)
    control = batch_control(entries, service_class_code=service_class, company_id=original.company_id, odfi_id=returning_bank,
                            batch_number=batch_number)
    return Batch(header, entries, control)


def _file_header(sent: AchFile, created_at: datetime) -> FileHeader:
    ours = sent.header
    origin = ours.immediate_origin
    if not (len(origin) == 10 and origin[0] == " " and is_valid_routing_number(origin[1:])):
        origin = " " + _routing_of(sent.batches[0].header.odfi_id)
    return FileHeader(
        immediate_destination=origin, immediate_origin=ours.immediate_destination,
        creation_date=created_at.date(), creation_time=created_at.time(),
        file_id_modifier=RESPONSE_FILE_ID_MODIFIER, immediate_destination_name=ours.immediate_origin_name,
        immediate_origin_name=ours.immediate_destination_name)


def _render(header: FileHeader, batches: list[Batch]) -> str:
    lines = [format_record(header)]
    total = Totals()
    for batch in batches:
        lines.append(format_record(batch.header))
        for entry in batch.entries:
            lines.append(format_record(entry.detail))
            lines += [format_record(addenda) for addenda in entry.addenda]
        lines.append(format_record(batch.control))
        total += totals_of_entries(batch.entries)
    record_count = len(lines) + 1
    lines.append(format_record(FileControl(
        batch_count=len(batches), block_count=block_count(record_count),
        entry_addenda_count=total.entry_addenda_count, entry_hash=total.entry_hash,
        total_debit_cents=total.total_debit_cents, total_credit_cents=total.total_credit_cents)))
    lines += [PADDING_RECORD] * (-record_count % 10)
    return "\n".join(lines) + "\n"


def bank_response(sent: str, *, returns: Mapping[str, str] = {}, changes: Mapping[str, tuple[str, str]] = {},
                  created_at: datetime, date_of_death: Mapping[str, date] = {}) -> str:
    """The returns/NOC file the bank would send back for `sent`: `returns` {original trace number:
    reason code "R01"...}, `changes` {original trace number: (change code "C01"..., corrected data)},
    `date_of_death` {trace returned R14/R15: date}. See the module docstring for the fields and the
    ValueErrors."""
    ach = parse_file(sent)
    sent_errors = errors_in(validate_file(ach))
    if sent_errors:
        raise ValueError("Cannot answer the sent file: it is not a valid NACHA file:\n"
                         + "\n".join(f"- {problem}" for problem in sent_errors[:5]))
    problems = _Problems()
    if not isinstance(created_at, datetime) or not 1970 <= created_at.year <= 2069:
        problems.add(f"created_at {created_at!r} must be a datetime in 1970-2069")
    elif ach.header.creation_date is not None and created_at.date() < ach.header.creation_date:
        problems.add(f"created_at {created_at.date().isoformat()} is before the sent file was created "
                     f"({ach.header.creation_date.isoformat()})")
    both = [trace for trace in returns if trace in changes]
    for trace in both:
        problems.add(f"trace number {trace} is both returned ({returns[trace]!r}) and changed ({changes[trace]!r}); "
                     "a bank either returns an entry or posts it and sends a NOC")
    index = _index(ach)
    answers = _returns(returns, date_of_death, index, problems) + _changes(
        {trace: change for trace, change in changes.items() if trace not in both}, index, problems)
    if not returns and not changes:
        problems.add("nothing to say: no entry is returned or changed, and a bank sends no returns file then")
    problems.raise_if_any()

    settlement_day = _last_banking_day_on_or_before(created_at.date()).timetuple().tm_yday
    batches, sequence = [], 1
    for number, group in enumerate(_groups(answers), start=1):
        batches.append(_batch(group, number, sequence, settlement_day))
        sequence += len(group)
    text = _render(_file_header(ach, created_at), batches)
    _check_own_output(text)
    return text


def _check_own_output(text: str) -> None:
    """Lenient: no problem at all. Strict: only the settlement dates, which a bank's file carries."""
    unexpected = [problem for problem in validate_file(text, strict=True) if problem.field != "settlement_date"]
    if unexpected:
        raise RuntimeError("bank_response produced a file the validator rejects:\n"
                           + "\n".join(str(problem) for problem in unexpected))
