"""What a caller gives the writer: plain dataclasses for a file, its batches and their entries, and
the checks that refuse bad values before anything is written (every problem, each naming its
batch/entry and field).

Display names (bank names, company name, receiver name) longer than their field are shortened to fit;
every other value that does not fit is refused, because shortening an account number, an ID or a
description would change what it means.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from .banking_days import why_not_banking_day
from .codes import (
    DESCRIPTIONS_NOT_FOR_COLLECTIONS,
    ORIGINATED_SEC_CODES,
    PRENOTE_OF,
    PaymentType,
    SecCode,
    TransactionCode,
    is_debit_side,
    is_prenote,
)
from .problems import InputProblem
from .routing import routing_number_problem

MAX_AMOUNT_CENTS = 99_999_999_99
"""$99,999,999.99: what the 10-digit amount field holds."""
SAME_DAY_LIMIT_CENTS = 1_000_000_00
"""Same-day entries are limited to $1,000,000.00 each (nacha.md §8)."""
MAX_TRACE_SEQUENCE = 9_999_999


class LineEnding(StrEnum):
    LF = "\n"
    CRLF = "\r\n"


@dataclass(frozen=True, kw_only=True)
class EntrySpec:
    """One entry to write. `key` is the caller's own identifier (e.g. a scheduled payment's id): it is
    never written to the file, and comes back with the entry's trace number in `WrittenFile.entries`."""

    transaction_code: TransactionCode | int
    routing_number: str
    """The receiver's 9-digit routing number (check digit verified)."""
    account_number: str
    amount_cents: int
    name: str
    """Individual name (CCD: receiving company name); shortened to 22 characters."""
    individual_id: str = ""
    """Our reference for the receiver, e.g. the creditor's account number; up to 15 characters."""
    payment_type: PaymentType | None = None
    """WEB: required. TEL: optional. PPD/CCD: must be None (use discretionary_data)."""
    discretionary_data: str = ""
    """PPD/CCD only, up to 2 characters."""
    addenda: str | None = None
    """Payment related information for one addenda 05 (up to 80 characters); not allowed for TEL."""
    key: str | None = None


def prenote_for(entry: EntrySpec, *, key: str | None = None) -> EntrySpec:
    """The prenote of a live entry: the same receiver and account, amount 0, code 27->28, 37->38,
    22->23, 32->33."""
    code = TransactionCode(entry.transaction_code)
    if code not in PRENOTE_OF:
        raise ValueError(f"transaction code {code} has no prenote")
    return EntrySpec(transaction_code=PRENOTE_OF[code], routing_number=entry.routing_number,
                     account_number=entry.account_number, amount_cents=0, name=entry.name,
                     individual_id=entry.individual_id, payment_type=entry.payment_type,
                     discretionary_data=entry.discretionary_data, addenda=entry.addenda, key=key)


@dataclass(frozen=True, kw_only=True)
class BatchSpec:
    """One batch: one originator, SEC code, description and effective date. The service class code
    is chosen from the entries (225 debits only, 220 credits only, 200 mixed)."""

    sec_code: SecCode | str
    company_name: str
    """Shown on the receiver's statement; shortened to 16 characters."""
    company_id: str
    """'1' + EIN, or the ID the ODFI assigned; up to 10 characters."""
    entry_description: str
    """Up to 10 characters, e.g. 'PAYMENT', or 'RETRY PYMT' for a reinitiated debit."""
    effective_date: date
    """A banking day, not before the file's creation date (see banking_days.effective_entry_date)."""
    odfi_routing_number: str
    """Our ODFI's 9-digit routing number; its first 8 digits lead every trace number."""
    entries: Sequence[EntrySpec] = field(default_factory=tuple)
    company_discretionary_data: str = ""
    descriptive_date: str = ""


@dataclass(frozen=True, kw_only=True)
class FileSpec:
    immediate_destination: str
    """The 9-digit routing number the ODFI gives for the destination."""
    immediate_destination_name: str
    immediate_origin: str
    """Our 9-digit routing number (written after a blank), or the 10-character ID the ODFI assigned."""
    immediate_origin_name: str
    created_at: datetime
    """Written as the creation date and time, as given (use the ODFI's local time)."""
    batches: Sequence[BatchSpec] = field(default_factory=tuple)
    file_id_modifier: str = "A"
    """A-Z or 0-9, unique per day per destination."""
    reference_code: str = ""
    line_ending: LineEnding = LineEnding.LF
    first_trace_sequence: int = 1
    """The 7-digit sequence of the first entry's trace number; entries are numbered on from it."""


_MODIFIERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


class InputChecker:
    """Collects every problem with a FileSpec; `where` names the part being checked."""

    def __init__(self) -> None:
        self.problems: list[InputProblem] = []

    def add(self, where: str, field_name: str, message: str) -> None:
        self.problems.append(InputProblem(where, field_name, message))

    def text(self, where: str, field_name: str, value: object, length: int, *, required: bool = False,
             shorten: bool = False) -> None:
        """Printable ASCII, not longer than `length` (unless it will be shortened), present if required."""
        if not isinstance(value, str):
            self.add(where, field_name, f"must be text; got {type(value).__name__}")
            return
        printable = value.isascii() and value.isprintable()
        bad = None if printable else next((c for c in value if not " " <= c <= "~"), None)
        if bad is not None:
            self.add(where, field_name, f"{value!r} contains {bad!r} (U+{ord(bad):04X}); only printable ASCII is "
                                        "allowed in ACH files (write it without accents or symbols)")
        if required and (not value.strip() or set(value.strip()) == {"0"}):
            self.add(where, field_name, "is blank" if not value.strip() else "is all zeros")
        if not shorten and len(value) > length:
            self.add(where, field_name, f"{value!r} is {len(value)} characters; the field holds {length}")

    def routing(self, where: str, field_name: str, value: object) -> None:
        if not isinstance(value, str):
            self.add(where, field_name, f"must be text; got {type(value).__name__}")
        elif trouble := routing_number_problem(value):
            self.add(where, field_name, trouble)

    def file(self, spec: FileSpec) -> None:
        where = "file header"
        self.routing(where, "immediate_destination", spec.immediate_destination)
        origin = spec.immediate_origin
        if isinstance(origin, str) and len(origin) == 9 and origin.isdigit():
            self.routing(where, "immediate_origin", origin)
        elif not (isinstance(origin, str) and len(origin) == 10):
            self.add(where, "immediate_origin", f"{origin!r} must be a 9-digit routing number or the 10-character "
                                                "ID the ODFI assigned")
        self.text(where, "immediate_origin", origin, 10, required=True)
        self.text(where, "immediate_destination_name", spec.immediate_destination_name, 23, shorten=True)
        self.text(where, "immediate_origin_name", spec.immediate_origin_name, 23, shorten=True)
        self.text(where, "reference_code", spec.reference_code, 8)
        if spec.file_id_modifier not in _MODIFIERS:
            self.add(where, "file_id_modifier", f"{spec.file_id_modifier!r} must be one of A-Z or 0-9")
        if not isinstance(spec.created_at, datetime) or not 1970 <= spec.created_at.year <= 2069:
            self.add(where, "created_at", f"{spec.created_at!r} must be a datetime in 1970-2069")
        if spec.line_ending not in tuple(LineEnding):
            self.add(where, "line_ending", f"{spec.line_ending!r} must be LF or CRLF")
        entry_count = sum(len(batch.entries) for batch in spec.batches)
        if spec.first_trace_sequence < 1 or spec.first_trace_sequence + entry_count - 1 > MAX_TRACE_SEQUENCE:
            self.add(where, "first_trace_sequence", f"{spec.first_trace_sequence} leaves no room for {entry_count} "
                                                    f"trace numbers up to {MAX_TRACE_SEQUENCE}")
        if not spec.batches:
            self.add(where, "batches", "the file has no batches")
        created = spec.created_at.date() if isinstance(spec.created_at, datetime) else None
        for number, batch in enumerate(spec.batches, start=1):
            self.batch(f"batch {number}", batch, created)

    def batch(self, where: str, spec: BatchSpec, created: date | None) -> None:
        if spec.sec_code not in ORIGINATED_SEC_CODES:
            self.add(where, "sec_code", f"{spec.sec_code!r} is not an SEC code arrears writes (PPD, WEB, TEL, CCD)")
        self.text(where, "company_name", spec.company_name, 16, required=True, shorten=True)
        self.text(where, "company_id", spec.company_id, 10, required=True)
        self.text(where, "entry_description", spec.entry_description, 10, required=True)
        description = spec.entry_description.strip() if isinstance(spec.entry_description, str) else ""
        if description in DESCRIPTIONS_NOT_FOR_COLLECTIONS:
            self.add(where, "entry_description", f"{description!r} is reserved by NACHA for purchases or payroll, "
                                                 "not debt payments")
        self.text(where, "company_discretionary_data", spec.company_discretionary_data, 20)
        self.text(where, "descriptive_date", spec.descriptive_date, 6)
        self.routing(where, "odfi_routing_number", spec.odfi_routing_number)
        day = spec.effective_date
        if not isinstance(day, date) or isinstance(day, datetime):
            self.add(where, "effective_date", f"{day!r} must be a date")
            day = None
        elif why := why_not_banking_day(day):
            self.add(where, "effective_date", f"{day.isoformat()} is {why}, not a banking day")
        elif created is not None and day < created:
            self.add(where, "effective_date", f"{day.isoformat()} is before the file's creation date "
                                              f"{created.isoformat()}")
        if not spec.entries:
            self.add(where, "entries", "the batch has no entries")
        same_day = day is not None and day == created
        for number, entry in enumerate(spec.entries, start=1):
            key = f" (key {entry.key!r})" if entry.key is not None else ""
            self.entry(f"{where}, entry {number}{key}", entry, spec, same_day)

    def entry(self, where: str, entry: EntrySpec, batch: BatchSpec, same_day: bool) -> None:
        sec = batch.sec_code
        code = entry.transaction_code
        if not isinstance(code, int) or isinstance(code, bool) or code not in tuple(TransactionCode):
            self.add(where, "transaction_code", f"{code!r} is not a code arrears writes (27, 37 debits; 28, 38 "
                                                "debit prenotes; 22, 32 credits; 23, 33 credit prenotes)")
            code = None
        elif sec == SecCode.TEL and not is_debit_side(code) and batch.entry_description.strip() != "REVERSAL":
            self.add(where, "transaction_code", f"{code} is a credit; TEL carries debits only (credits only as "
                                                "reversals, described 'REVERSAL')")
        self.routing(where, "routing_number", entry.routing_number)
        self.text(where, "account_number", entry.account_number, 17, required=True)
        if isinstance(entry.account_number, str) and " " in entry.account_number:
            self.add(where, "account_number", f"{entry.account_number!r} contains spaces")
        self.amount(where, entry.amount_cents, code, same_day)
        self.text(where, "name", entry.name, 22, required=True, shorten=True)
        self.text(where, "individual_id", entry.individual_id, 15)
        self.text(where, "discretionary_data", entry.discretionary_data, 2)
        if entry.payment_type is not None and entry.payment_type not in tuple(PaymentType):
            self.add(where, "payment_type", f"{entry.payment_type!r} must be S, R or ST")
        elif sec == SecCode.WEB and entry.payment_type is None:
            self.add(where, "payment_type", "WEB entries need a payment type (S single, R recurring, ST standing)")
        elif sec in (SecCode.PPD, SecCode.CCD) and entry.payment_type is not None:
            self.add(where, "payment_type", f"payment type is for WEB and TEL entries, not {sec}")
        if entry.discretionary_data and sec in (SecCode.WEB, SecCode.TEL):
            self.add(where, "discretionary_data", f"{sec} entries use positions 77-78 for the payment type")
        if entry.addenda is not None:
            if sec == SecCode.TEL:
                self.add(where, "addenda", "TEL entries carry no addenda")
            self.text(where, "addenda", entry.addenda, 80, required=True)

    def amount(self, where: str, amount: object, code: int | None, same_day: bool) -> None:
        if not isinstance(amount, int) or isinstance(amount, bool):
            self.add(where, "amount_cents", f"{amount!r} must be an integer number of cents")
        elif not 0 <= amount <= MAX_AMOUNT_CENTS:
            self.add(where, "amount_cents", f"{amount} is outside 0-{MAX_AMOUNT_CENTS} cents ($99,999,999.99)")
        elif code is not None and is_prenote(code) and amount != 0:
            self.add(where, "amount_cents", f"{amount}: a prenote (transaction code {code}) must have amount 0")
        elif code is not None and not is_prenote(code) and amount == 0:
            self.add(where, "amount_cents", f"0 for a live entry (transaction code {code}); send a prenote instead")
        elif same_day and amount > SAME_DAY_LIMIT_CENTS:
            self.add(where, "amount_cents", f"{amount} is over the same-day limit of $1,000,000.00 per entry "
                                            "(the effective date is the creation date)")
