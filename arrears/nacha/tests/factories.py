"""A file spec a test can start from and change one value of; and the sample files (copied byte for
byte from shared/reference/nacha-samples, moov-io/ach, Apache-2.0: see samples/README.md)."""

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from arrears.nacha import BatchSpec, EntrySpec, FileSpec, PaymentType, SecCode

SAMPLES = Path(__file__).parent / "samples"
ODFI_ROUTING = "121042882"
RECEIVER_ROUTING = "231380104"
CREATED_AT = datetime(2026, 11, 24, 15, 30)  # a Tuesday
NEXT_BANKING_DAY = date(2026, 11, 25)


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def entry(**changes) -> EntrySpec:
    base = EntrySpec(transaction_code=27, routing_number=RECEIVER_ROUTING, account_number="12345678",
                     amount_cents=12_345, name="MARIA LOPEZ", individual_id="A-1001", key="payment-1")
    return replace(base, **changes)


def web_entry(**changes) -> EntrySpec:
    return entry(**{"payment_type": PaymentType.SINGLE, **changes})


def batch(*entries: EntrySpec, **changes) -> BatchSpec:
    base = BatchSpec(sec_code=SecCode.PPD, company_name="ACME RECOVERY", company_id="1234567890",
                     entry_description="PAYMENT", effective_date=NEXT_BANKING_DAY, odfi_routing_number=ODFI_ROUTING,
                     entries=entries or (entry(),))
    return replace(base, **changes)


def file_spec(*batches: BatchSpec, **changes) -> FileSpec:
    base = FileSpec(immediate_destination=RECEIVER_ROUTING, immediate_destination_name="FEDERAL RESERVE BANK",
                    immediate_origin=ODFI_ROUTING, immediate_origin_name="ARREARS COLLECTIONS",
                    created_at=CREATED_AT, batches=batches or (batch(),))
    return replace(base, **changes)
