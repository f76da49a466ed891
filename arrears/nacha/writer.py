"""Writing a NACHA file from a FileSpec (spec.py): records built from the shared layouts, trace
numbers assigned, controls computed, blocked to 10 with 9-filled records.

`write_file` refuses bad input with NachaInputError listing every problem, and checks its own output
with the strict validator before returning it, so a file it returns has no known defect.
"""

from dataclasses import dataclass

from .codes import PaymentType, SecCode, service_class_for
from .layout import format_record
from .problems import NachaInputError
from .reader import PADDING_RECORD
from .records import (
    Batch,
    BatchHeader,
    Entry,
    EntryDetail,
    FileControl,
    FileHeader,
    RemittanceAddenda,
)
from .spec import BatchSpec, EntrySpec, FileSpec, InputChecker
from .totals import Totals, batch_control, block_count
from .validation import validate_file


@dataclass(frozen=True, slots=True)
class WrittenEntry:
    """Where an EntrySpec went: store `trace_number`; returns and NOCs quote it as the original trace."""

    batch_number: int
    trace_number: str
    spec: EntrySpec

    @property
    def key(self) -> str | None:
        return self.spec.key


@dataclass(frozen=True, slots=True)
class WrittenFile:
    text: str
    entries: tuple[WrittenEntry, ...]
    batch_count: int
    entry_addenda_count: int
    total_debit_cents: int
    total_credit_cents: int

    def trace_numbers_by_key(self) -> dict[str, str]:
        """{EntrySpec.key: trace number} for the entries that were given a key."""
        return {e.key: e.trace_number for e in self.entries if e.key is not None}


def _payment_type_field(payment_type: PaymentType | str | None) -> str:
    return "" if payment_type is None else PaymentType(payment_type).value.ljust(2)


def _entry(spec: EntrySpec, sec: str, trace_number: str) -> Entry:
    discretionary = _payment_type_field(spec.payment_type) if sec in (SecCode.WEB, SecCode.TEL) \
        else spec.discretionary_data
    detail = EntryDetail(
        transaction_code=int(spec.transaction_code), rdfi_id=spec.routing_number[:8],
        check_digit=spec.routing_number[8], account_number=spec.account_number, amount_cents=spec.amount_cents,
        individual_id=spec.individual_id, individual_name=spec.name[:22].rstrip(), discretionary_data=discretionary,
        addenda_indicator="1" if spec.addenda is not None else "0", trace_number=trace_number)
    addenda = [RemittanceAddenda(payment_related_information=spec.addenda, sequence_number=1,
                                 entry_detail_sequence_number=trace_number[-7:])] if spec.addenda is not None else []
    return Entry(detail, addenda)


def _batch(spec: BatchSpec, batch_number: int, first_sequence: int) -> Batch:
    odfi_id = spec.odfi_routing_number[:8]
    entries = [_entry(entry, spec.sec_code, f"{odfi_id}{first_sequence + i:07d}")
               for i, entry in enumerate(spec.entries)]
    service_class = service_class_for([int(entry.transaction_code) for entry in spec.entries])
    header = BatchHeader(
        service_class_code=service_class, company_name=spec.company_name[:16].rstrip(),
        company_discretionary_data=spec.company_discretionary_data, company_id=spec.company_id,
        sec_code=str(spec.sec_code), entry_description=spec.entry_description, descriptive_date=spec.descriptive_date,
        effective_entry_date=spec.effective_date, odfi_id=odfi_id, batch_number=batch_number)
    control = batch_control(entries, service_class_code=service_class, company_id=spec.company_id, odfi_id=odfi_id,
                            batch_number=batch_number)
    return Batch(header, entries, control)


def _file_header(spec: FileSpec) -> FileHeader:
    origin = spec.immediate_origin
    return FileHeader(
        immediate_destination=" " + spec.immediate_destination,
        immediate_origin=" " + origin if len(origin) == 9 else origin,
        creation_date=spec.created_at.date(), creation_time=spec.created_at.time(),
        file_id_modifier=spec.file_id_modifier,
        immediate_destination_name=spec.immediate_destination_name[:23].rstrip(),
        immediate_origin_name=spec.immediate_origin_name[:23].rstrip(), reference_code=spec.reference_code)


def write_file(spec: FileSpec) -> WrittenFile:
    """The text of the file `spec` describes, with the trace number of every entry.

    Raises NachaInputError naming each bad value (batch, entry, field) and writes nothing then.
    """
    checker = InputChecker()
    checker.file(spec)
    if checker.problems:
        raise NachaInputError(checker.problems)
    batches, written = [], []
    sequence = spec.first_trace_sequence
    for batch_number, batch_spec in enumerate(spec.batches, start=1):
        batch = _batch(batch_spec, batch_number, sequence)
        sequence += len(batch.entries)
        batches.append(batch)
        written += [WrittenEntry(batch_number, entry.detail.trace_number, entry_spec)
                    for entry, entry_spec in zip(batch.entries, batch_spec.entries, strict=True)]
    lines = [format_record(_file_header(spec))]
    total = Totals()
    for batch in batches:
        lines.append(format_record(batch.header))
        for entry in batch.entries:
            lines.append(format_record(entry.detail))
            lines += [format_record(addenda) for addenda in entry.addenda]
        lines.append(format_record(batch.control))
        total += Totals(batch.control.entry_addenda_count, batch.control.entry_hash,
                        batch.control.total_debit_cents, batch.control.total_credit_cents)
    record_count = len(lines) + 1
    lines.append(format_record(FileControl(
        batch_count=len(batches), block_count=block_count(record_count),
        entry_addenda_count=total.entry_addenda_count, entry_hash=total.entry_hash,
        total_debit_cents=total.total_debit_cents, total_credit_cents=total.total_credit_cents)))
    lines += [PADDING_RECORD] * (-record_count % 10)
    text = spec.line_ending.join(lines) + spec.line_ending
    _check_own_output(text)
    return WrittenFile(text, tuple(written), len(batches), total.entry_addenda_count, total.total_debit_cents,
                       total.total_credit_cents)


def _check_own_output(text: str) -> None:
    problems = validate_file(text, strict=True)
    if problems:
        raise RuntimeError("the writer produced a file its own validator rejects:\n"
                             + "\n".join(str(problem) for problem in problems))
