"""SEC codes, service class codes, transaction codes and payment type codes (nacha.md §3, §4)."""

from enum import IntEnum, StrEnum


class SecCode(StrEnum):
    """Standard entry class codes arrears reads; the first four are the ones it writes."""

    PPD = "PPD"
    """Consumer account, written (or e-signed) authorisation."""
    WEB = "WEB"
    """Consumer account, authorised online or on a mobile device; payment type required."""
    TEL = "TEL"
    """Consumer account, oral authorisation by phone; debits only, no addenda."""
    CCD = "CCD"
    """Business account."""
    COR = "COR"
    """Notification of change or refused NOC (read only)."""


ORIGINATED_SEC_CODES = frozenset({SecCode.PPD, SecCode.WEB, SecCode.TEL, SecCode.CCD})
CONSUMER_SEC_CODES = frozenset({SecCode.PPD, SecCode.WEB, SecCode.TEL})


class ServiceClass(IntEnum):
    MIXED = 200
    CREDITS_ONLY = 220
    DEBITS_ONLY = 225


class TransactionCode(IntEnum):
    """The codes arrears writes. Reading accepts every code `is_known_transaction_code` allows."""

    CHECKING_CREDIT = 22
    """Refund to a checking account."""
    CHECKING_CREDIT_PRENOTE = 23
    CHECKING_DEBIT = 27
    CHECKING_DEBIT_PRENOTE = 28
    SAVINGS_CREDIT = 32
    SAVINGS_CREDIT_PRENOTE = 33
    SAVINGS_DEBIT = 37
    SAVINGS_DEBIT_PRENOTE = 38


PRENOTE_OF = {
    TransactionCode.CHECKING_DEBIT: TransactionCode.CHECKING_DEBIT_PRENOTE,
    TransactionCode.SAVINGS_DEBIT: TransactionCode.SAVINGS_DEBIT_PRENOTE,
    TransactionCode.CHECKING_CREDIT: TransactionCode.CHECKING_CREDIT_PRENOTE,
    TransactionCode.SAVINGS_CREDIT: TransactionCode.SAVINGS_CREDIT_PRENOTE,
}

# First digit: 2 checking, 3 savings, 4 general ledger, 5 loan. Loans have no prenote/zero-dollar
# debit codes; 55 is the loan debit (reversals only).
_SECOND_DIGITS = {2: "12346789", 3: "12346789", 4: "12346789", 5: "123456"}


def is_known_transaction_code(code: int) -> bool:
    return str(code % 10) in _SECOND_DIGITS.get(code // 10, "") and 21 <= code <= 56


def is_debit_side(code: int) -> bool:
    """Debit side in totals and service class: second digit 5-9 (debit, prenote, zero, return of a debit)."""
    return code % 10 >= 5


def is_prenote(code: int) -> bool:
    return code % 10 in (3, 8)


def is_zero_dollar(code: int) -> bool:
    return code % 10 in (4, 9)


def is_return_or_change(code: int) -> bool:
    """21, 26, 31, 36, ...: the code of a returned entry or of a notification of change."""
    return code % 10 in (1, 6)


def is_live(code: int) -> bool:
    """A code that moves money: its amount must be above zero."""
    return code % 10 in (2, 5, 7)


def service_class_for(codes: list[int]) -> ServiceClass:
    """225 if every code is on the debit side, 220 if every one is on the credit side, else 200."""
    sides = {is_debit_side(code) for code in codes}
    if sides == {True}:
        return ServiceClass.DEBITS_ONLY
    if sides == {False}:
        return ServiceClass.CREDITS_ONLY
    return ServiceClass.MIXED


class PaymentType(StrEnum):
    """WEB (required) and TEL (optional) payment type code, written in entry positions 77-78."""

    SINGLE = "S"
    RECURRING = "R"
    STANDING_AUTHORIZATION = "ST"
    """One advance consent covering later debits the consumer starts (from 2021-09)."""


PAYMENT_TYPE_CODES = frozenset(member.value for member in PaymentType)

RESERVED_DESCRIPTIONS = {
    "RETRY PYMT": "reinitiated entries (after R01/R09, at most twice within 180 days)",
    "RETURN FEE": "return fee entries",
    "REVERSAL": "reversals",
    "RECLAIM": "reclamation entries",
    "NONSETTLED": "non-settled entries",
    "PURCHASE": "WEB debits for goods bought online, not debt payments (from 2026-03-20)",
    "PAYROLL": "wage credits (from 2026-03-20)",
}
"""Company entry descriptions NACHA reserves for one meaning."""

DESCRIPTIONS_NOT_FOR_COLLECTIONS = frozenset({"PURCHASE", "PAYROLL"})
