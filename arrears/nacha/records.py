"""The records of a NACHA file (nacha.md §2-6), each declared once with its field positions, and the
tree a file reads into: AchFile -> Batch -> Entry -> addenda.

Field names are the attribute names problems report; labels are what messages print.
"""

from dataclasses import dataclass, field
from datetime import date, time
from typing import ClassVar

from .layout import Record, check_layout, digits, hhmm, julian_day, number, reserved, text, yymmdd


@dataclass(frozen=True, kw_only=True, slots=True)
class FileHeader(Record):
    RECORD_TYPE: ClassVar[str] = "1"

    priority_code: str = digits(2, 2, "priority code", "01")
    immediate_destination: str = text(4, 10, "immediate destination")
    immediate_origin: str = text(14, 10, "immediate origin")
    creation_date: date | None = yymmdd(24, "file creation date")
    creation_time: time | None = hhmm(30, "file creation time")
    file_id_modifier: str = text(34, 1, "file ID modifier")
    record_size: str = digits(35, 3, "record size", "094")
    blocking_factor: str = digits(38, 2, "blocking factor", "10")
    format_code: str = digits(40, 1, "format code", "1")
    immediate_destination_name: str = text(41, 23, "immediate destination name")
    immediate_origin_name: str = text(64, 23, "immediate origin name")
    reference_code: str = text(87, 8, "reference code")

    @property
    def destination_routing_number(self) -> str:
        return self.immediate_destination.strip()


@dataclass(frozen=True, kw_only=True, slots=True)
class BatchHeader(Record):
    RECORD_TYPE: ClassVar[str] = "5"

    service_class_code: int = number(2, 3, "service class code")
    company_name: str = text(5, 16, "company name")
    company_discretionary_data: str = text(21, 20, "company discretionary data")
    company_id: str = text(41, 10, "company identification")
    sec_code: str = text(51, 3, "standard entry class code")
    entry_description: str = text(54, 10, "company entry description")
    descriptive_date: str = text(64, 6, "company descriptive date")
    effective_entry_date: date | None = yymmdd(70, "effective entry date")
    settlement_date: int | None = julian_day(76, "settlement date")
    originator_status_code: str = digits(79, 1, "originator status code", "1")
    odfi_id: str = digits(80, 8, "originating DFI identification")
    batch_number: int = number(88, 7, "batch number")


@dataclass(frozen=True, kw_only=True, slots=True)
class EntryDetail(Record):
    RECORD_TYPE: ClassVar[str] = "6"

    transaction_code: int = number(2, 2, "transaction code")
    rdfi_id: str = digits(4, 8, "receiving DFI identification")
    check_digit: str = digits(12, 1, "check digit")
    account_number: str = text(13, 17, "DFI account number")
    amount_cents: int = number(30, 10, "amount")
    individual_id: str = text(40, 15, "individual identification number")
    individual_name: str = text(55, 22, "individual name")
    discretionary_data: str = text(77, 2, "discretionary data")
    addenda_indicator: str = digits(79, 1, "addenda record indicator", "0")
    trace_number: str = digits(80, 15, "trace number")

    @property
    def routing_number(self) -> str:
        return self.rdfi_id + self.check_digit

    @property
    def payment_type(self) -> str:
        """The WEB/TEL payment type code ("S", "R", "ST"), read left- or right-aligned."""
        return self.discretionary_data.strip()


@dataclass(frozen=True, kw_only=True, slots=True)
class RemittanceAddenda(Record):
    """Addenda type 05: payment related information (PPD, WEB, CCD; at most one per entry)."""

    RECORD_TYPE: ClassVar[str] = "7"

    addenda_type: str = digits(2, 2, "addenda type code", "05")
    payment_related_information: str = text(4, 80, "payment related information")
    sequence_number: int = number(84, 4, "addenda sequence number", 1)
    entry_detail_sequence_number: str = digits(88, 7, "entry detail sequence number")


@dataclass(frozen=True, kw_only=True, slots=True)
class ReturnAddenda(Record):
    """Addenda type 99 of a return (nacha.md §5, §9)."""

    RECORD_TYPE: ClassVar[str] = "7"

    addenda_type: str = digits(2, 2, "addenda type code", "99")
    return_reason_code: str = text(4, 3, "return reason code")
    original_trace_number: str = digits(7, 15, "original entry trace number")
    date_of_death: date | None = yymmdd(22, "date of death")
    original_rdfi_id: str = digits(28, 8, "original receiving DFI identification")
    addenda_information: str = text(36, 44, "addenda information")
    trace_number: str = digits(80, 15, "trace number")


@dataclass(frozen=True, kw_only=True, slots=True)
class DishonoredReturnAddenda(Record):
    """Addenda type 99 of a dishonored return (R61-R70), sent by the ODFI that got the return."""

    RECORD_TYPE: ClassVar[str] = "7"

    addenda_type: str = digits(2, 2, "addenda type code", "99")
    return_reason_code: str = text(4, 3, "dishonored return reason code")
    original_trace_number: str = digits(7, 15, "original entry trace number")
    reserved_22: str = reserved(22, 6)
    original_rdfi_id: str = digits(28, 8, "original receiving DFI identification")
    reserved_36: str = reserved(36, 3)
    return_trace_number: str = digits(39, 15, "return trace number")
    return_settlement_date: int | None = julian_day(54, "return settlement date")
    return_reason: str = digits(57, 2, "return reason code")
    addenda_information: str = text(59, 21, "addenda information")
    trace_number: str = digits(80, 15, "trace number")


@dataclass(frozen=True, kw_only=True, slots=True)
class ContestedReturnAddenda(Record):
    """Addenda type 99 of a contested dishonored return (R71-R77), sent by the RDFI."""

    RECORD_TYPE: ClassVar[str] = "7"

    addenda_type: str = digits(2, 2, "addenda type code", "99")
    return_reason_code: str = text(4, 3, "contested dishonored return reason code")
    original_trace_number: str = digits(7, 15, "original entry trace number")
    date_original_returned: date | None = yymmdd(22, "date original entry returned")
    original_rdfi_id: str = digits(28, 8, "original receiving DFI identification")
    original_settlement_date: int | None = julian_day(36, "original settlement date")
    return_trace_number: str = digits(39, 15, "return trace number")
    return_settlement_date: int | None = julian_day(54, "return settlement date")
    return_reason: str = digits(57, 2, "return reason code")
    dishonored_return_trace_number: str = digits(59, 15, "dishonored return trace number")
    dishonored_return_settlement_date: int | None = julian_day(74, "dishonored return settlement date")
    dishonored_return_reason: str = digits(77, 2, "dishonored return reason code")
    reserved_79: str = reserved(79, 1)
    trace_number: str = digits(80, 15, "trace number")


@dataclass(frozen=True, kw_only=True, slots=True)
class ChangeAddenda(Record):
    """Addenda type 98 of a notification of change (nacha.md §10)."""

    RECORD_TYPE: ClassVar[str] = "7"

    addenda_type: str = digits(2, 2, "addenda type code", "98")
    change_code: str = text(4, 3, "change code")
    original_trace_number: str = digits(7, 15, "original entry trace number")
    reserved_22: str = reserved(22, 6)
    original_rdfi_id: str = digits(28, 8, "original receiving DFI identification")
    corrected_data: str = text(36, 29, "corrected data")
    reserved_65: str = reserved(65, 15)
    trace_number: str = digits(80, 15, "trace number")


@dataclass(frozen=True, kw_only=True, slots=True)
class RefusedChangeAddenda(Record):
    """Addenda type 98 of a refused notification of change (C61-C69), sent by an ODFI."""

    RECORD_TYPE: ClassVar[str] = "7"

    addenda_type: str = digits(2, 2, "addenda type code", "98")
    change_code: str = text(4, 3, "refused NOC code")
    original_trace_number: str = digits(7, 15, "original entry trace number")
    reserved_22: str = reserved(22, 6)
    original_rdfi_id: str = digits(28, 8, "original receiving DFI identification")
    corrected_data: str = text(36, 29, "corrected data")
    refused_change_code: str = text(65, 3, "change code refused")
    refused_trace_sequence_number: str = digits(68, 7, "trace sequence number of the refused NOC")
    reserved_75: str = reserved(75, 5)
    trace_number: str = digits(80, 15, "trace number")


@dataclass(frozen=True, kw_only=True, slots=True)
class OtherAddenda(Record):
    """An addenda type arrears does not read (02 POS, 10-18 IAT, ...), kept as text."""

    RECORD_TYPE: ClassVar[str] = "7"

    addenda_type: str = digits(2, 2, "addenda type code")
    content: str = text(4, 91, "addenda content")


@dataclass(frozen=True, kw_only=True, slots=True)
class BatchControl(Record):
    RECORD_TYPE: ClassVar[str] = "8"

    service_class_code: int = number(2, 3, "service class code")
    entry_addenda_count: int = number(5, 6, "entry/addenda count")
    entry_hash: int = number(11, 10, "entry hash")
    total_debit_cents: int = number(21, 12, "total debit entry dollar amount")
    total_credit_cents: int = number(33, 12, "total credit entry dollar amount")
    company_id: str = text(45, 10, "company identification")
    message_authentication_code: str = text(55, 19, "message authentication code")
    reserved_74: str = reserved(74, 6)
    odfi_id: str = digits(80, 8, "originating DFI identification")
    batch_number: int = number(88, 7, "batch number")


@dataclass(frozen=True, kw_only=True, slots=True)
class FileControl(Record):
    RECORD_TYPE: ClassVar[str] = "9"

    batch_count: int = number(2, 6, "batch count")
    block_count: int = number(8, 6, "block count")
    entry_addenda_count: int = number(14, 8, "entry/addenda count")
    entry_hash: int = number(22, 10, "entry hash")
    total_debit_cents: int = number(32, 12, "total debit entry dollar amount")
    total_credit_cents: int = number(44, 12, "total credit entry dollar amount")
    reserved_56: str = reserved(56, 39)


Addenda = (RemittanceAddenda | ReturnAddenda | DishonoredReturnAddenda | ContestedReturnAddenda
           | ChangeAddenda | RefusedChangeAddenda | OtherAddenda)
RETURN_ADDENDA = (ReturnAddenda, DishonoredReturnAddenda, ContestedReturnAddenda)
CHANGE_ADDENDA = (ChangeAddenda, RefusedChangeAddenda)

for _record_class in (FileHeader, BatchHeader, EntryDetail, RemittanceAddenda, ReturnAddenda,
                      DishonoredReturnAddenda, ContestedReturnAddenda, ChangeAddenda, RefusedChangeAddenda,
                      OtherAddenda, BatchControl, FileControl):
    check_layout(_record_class)


@dataclass(slots=True)
class Entry:
    """An entry detail record and the addenda records that follow it."""

    detail: EntryDetail
    addenda: list[Addenda] = field(default_factory=list)

    @property
    def return_addenda(self) -> ReturnAddenda | DishonoredReturnAddenda | ContestedReturnAddenda | None:
        return next((a for a in self.addenda if isinstance(a, RETURN_ADDENDA)), None)

    @property
    def change_addenda(self) -> ChangeAddenda | RefusedChangeAddenda | None:
        return next((a for a in self.addenda if isinstance(a, CHANGE_ADDENDA)), None)

    @property
    def remittance_addenda(self) -> list[RemittanceAddenda]:
        return [a for a in self.addenda if isinstance(a, RemittanceAddenda)]


@dataclass(slots=True)
class Batch:
    """A batch header, its entries, and its control (None when the file lacks it)."""

    header: BatchHeader
    entries: list[Entry] = field(default_factory=list)
    control: BatchControl | None = None

    @property
    def is_adjustment(self) -> bool:
        """A batch of returns or NOCs: COR, or any entry carrying an addenda 98/99. Its header copies
        the original's fields (e.g. the effective date), so defects there are the originator's."""
        return self.header.sec_code == "COR" or any(
            entry.return_addenda or entry.change_addenda for entry in self.entries)


@dataclass(slots=True)
class AchFile:
    """A file as read. `read_problems` are what the reader saw about its shape (record order, lengths,
    line breaks, blocking); `validate_file` adds the rest. Records the reader could not place (an
    entry outside a batch, a record after the file control) are reported and left out of the tree."""

    header: FileHeader | None = None
    batches: list[Batch] = field(default_factory=list)
    control: FileControl | None = None
    record_count: int = 0
    """Records from the header to the file control (padding excluded), as read."""
    padding_count: int = 0
    line_ending: str = "\n"
    read_problems: list = field(default_factory=list)

    def records(self):
        """Every record in the tree, in file order."""
        if self.header:
            yield self.header
        for batch in self.batches:
            yield batch.header
            for entry in batch.entries:
                yield entry.detail
                yield from entry.addenda
            if batch.control:
                yield batch.control
        if self.control:
            yield self.control
