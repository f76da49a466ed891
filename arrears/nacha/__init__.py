"""NACHA (ACH) files: write debit files for scheduled payments, read returns and NOCs, validate.

Pure Python (no Django), so it is fast and testable on its own. See docs/nacha.md.

Writing::

    written = write_file(FileSpec(..., batches=[BatchSpec(..., entries=[EntrySpec(...)])]))
    written.text                     # the file, blocked to 10, LF or CRLF
    written.trace_numbers_by_key()   # store these: returns and NOCs quote them

Reading a returns/NOC file from the bank::

    report = read_returns(data)      # never raises on content
    report.errors, report.returns, report.notices_of_change

Validating any file: `validate_file(text, strict=True)` for files we send, lenient for files we get.
"""

from .banking_days import (
    add_banking_days,
    banking_day_on_or_after,
    effective_entry_date,
    is_banking_day,
    next_banking_day,
    processing_day,
)
from .codes import PaymentType, SecCode, ServiceClass, TransactionCode
from .corrections import CorrectedData
from .problems import InputProblem, NachaInputError, Problem, RecordKind, Severity
from .reader import parse_file
from .reasons import (
    CHANGE_REASONS,
    RETURN_REASONS,
    ChangeReason,
    Correction,
    RetryRule,
    ReturnGroup,
    ReturnKind,
    ReturnReason,
    ReturnWindow,
    change_reason,
    return_reason,
)
from .records import AchFile, Batch, Entry
from .returns import NotificationOfChange, ReturnedEntry, ReturnsFile, notices_of_change_in, read_returns, returns_in
from .routing import check_digit_for, is_valid_routing_number
from .spec import BatchSpec, EntrySpec, FileSpec, LineEnding, prenote_for
from .validation import errors_in, validate_file
from .writer import WrittenEntry, WrittenFile, write_file

__all__ = [
    "CHANGE_REASONS", "RETURN_REASONS", "AchFile", "Batch", "BatchSpec", "ChangeReason", "CorrectedData",
    "Correction", "Entry", "EntrySpec", "FileSpec", "InputProblem", "LineEnding", "NachaInputError",
    "NotificationOfChange", "PaymentType", "Problem", "RecordKind", "RetryRule", "ReturnGroup", "ReturnKind",
    "ReturnReason", "ReturnWindow", "ReturnedEntry", "ReturnsFile", "SecCode", "ServiceClass", "Severity",
    "TransactionCode", "WrittenEntry", "WrittenFile", "add_banking_days", "banking_day_on_or_after",
    "change_reason", "check_digit_for", "effective_entry_date", "errors_in", "is_banking_day",
    "is_valid_routing_number", "next_banking_day", "notices_of_change_in", "parse_file", "prenote_for",
    "processing_day", "read_returns", "return_reason", "returns_in", "validate_file", "write_file",
]
