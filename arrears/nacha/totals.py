"""The computed fields of batch and file controls (nacha.md §6), shared by the writer and the validator."""

from collections.abc import Iterable
from dataclasses import dataclass

from .codes import is_debit_side
from .records import BatchControl, Entry

HASH_MODULUS = 10 ** 10
"""The entry hash keeps the rightmost 10 digits of the sum."""


@dataclass(frozen=True, slots=True)
class Totals:
    entry_addenda_count: int = 0
    entry_hash: int = 0
    total_debit_cents: int = 0
    total_credit_cents: int = 0

    def __add__(self, other: "Totals") -> "Totals":
        return Totals(self.entry_addenda_count + other.entry_addenda_count,
                      (self.entry_hash + other.entry_hash) % HASH_MODULUS,
                      self.total_debit_cents + other.total_debit_cents,
                      self.total_credit_cents + other.total_credit_cents)


def entry_hash(rdfi_ids: Iterable[str]) -> int:
    """Sum of the 8-digit RDFI IDs (entry positions 4-11), rightmost 10 digits. IDs that are not
    digits count 0 (the validator reports them)."""
    return sum(int(rdfi) for rdfi in rdfi_ids if rdfi.isascii() and rdfi.isdigit()) % HASH_MODULUS


def totals_of_entries(entries: Iterable[Entry]) -> Totals:
    """What a batch control should say for these entries: 6 and 7 records counted, RDFI IDs hashed,
    amounts added by side (prenotes add 0, addenda add nothing)."""
    entries = list(entries)
    debit = sum(e.detail.amount_cents for e in entries if is_debit_side(e.detail.transaction_code))
    credit = sum(e.detail.amount_cents for e in entries if not is_debit_side(e.detail.transaction_code))
    count = sum(1 + len(e.addenda) for e in entries)
    return Totals(count, entry_hash(e.detail.rdfi_id for e in entries), debit, credit)


def block_count(record_count: int) -> int:
    """Blocks of 10 needed for `record_count` records from the file header to the file control."""
    return -(-record_count // 10)


def batch_control(entries: list[Entry], *, service_class_code: str, company_id: str, odfi_id: str,
                  batch_number: int) -> BatchControl:
    """The batch control record that closes a batch of these entries."""
    totals = totals_of_entries(entries)
    return BatchControl(
        service_class_code=service_class_code, entry_addenda_count=totals.entry_addenda_count,
        entry_hash=totals.entry_hash, total_debit_cents=totals.total_debit_cents,
        total_credit_cents=totals.total_credit_cents, company_id=company_id, odfi_id=odfi_id,
        batch_number=batch_number)
