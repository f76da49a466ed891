"""Return reason codes (R01-R85) and notification-of-change codes (C01-C14, refused C61-C69), as
nacha.md §9-10 lists them, with what later code needs to reverse a payment and decide on a retry.

Unknown and custom codes (R97, C92, ...) are not in these tables: `return_reason` and `change_reason`
return None for them, and the validator reports them.
"""

from dataclasses import dataclass
from enum import Enum


class ReturnKind(Enum):
    RETURN = "return"
    """The RDFI (or the operator) returned our entry."""
    DISHONORED = "dishonored return"
    """R61-R70: an ODFI refused a return (addenda 99 with the dishonored layout)."""
    CONTESTED = "contested dishonored return"
    """R71-R77: the RDFI contests a dishonored return (addenda 99 with the contested layout)."""


class ReturnGroup(Enum):
    """Groups with their own return-rate limit per originator over about 60 days (nacha.md §9)."""

    UNAUTHORIZED = "unauthorized"
    """R05, R07, R10, R11, R29, R51: limit 0.5%."""
    ADMINISTRATIVE = "administrative"
    """R02, R03, R04: limit 3%."""
    OTHER = "other"
    """Counts only towards the overall 15%."""


class ReturnWindow(Enum):
    TWO_BANKING_DAYS = "at the ODFI by opening of the 2nd banking day after settlement"
    SIXTY_DAYS = "60 calendar days after settlement, with the consumer's written statement"
    WHEN_ODFI_AGREES = "whenever the ODFI agrees"
    OPERATOR = "returned by the ACH operator when it edits the file"
    ANY_TIME = "any time"
    NOT_STATED = "not stated in nacha.md"


class RetryRule(Enum):
    """May the same debit be presented again after this return (reinitiation, Rules 2.12.4)?"""

    MAY_RETRY = "may retry: at most 2 retries (3 presentments) within 180 days of the original settlement"
    NEEDS_NEW_AUTHORIZATION = "only with a new authorisation from the receiver"
    AFTER_CORRECTION = "only after the cause of the return has been fixed"
    STOP = "stop debiting this account"


@dataclass(frozen=True, slots=True)
class ReturnReason:
    code: str
    description: str
    kind: ReturnKind
    group: ReturnGroup
    window: ReturnWindow
    retry: RetryRule
    action: str
    """What arrears does on receiving it, from nacha.md's table ("" where it says nothing)."""
    log_only: bool = False
    """Codes nacha.md says to recognise and log only: not expected for our SEC codes."""

    @property
    def is_unauthorized(self) -> bool:
        return self.group is ReturnGroup.UNAUTHORIZED

    @property
    def is_administrative(self) -> bool:
        return self.group is ReturnGroup.ADMINISTRATIVE

    @property
    def may_retry(self) -> bool:
        """True only for R01 and R09 (subject to the 2-retry, 180-day limits)."""
        return self.retry is RetryRule.MAY_RETRY


_R, _D, _C = ReturnKind.RETURN, ReturnKind.DISHONORED, ReturnKind.CONTESTED
_U, _A, _O = ReturnGroup.UNAUTHORIZED, ReturnGroup.ADMINISTRATIVE, ReturnGroup.OTHER
_2D, _60D, _ODFI, _OP, _ANY, _NS = (ReturnWindow.TWO_BANKING_DAYS, ReturnWindow.SIXTY_DAYS,
                                    ReturnWindow.WHEN_ODFI_AGREES, ReturnWindow.OPERATOR,
                                    ReturnWindow.ANY_TIME, ReturnWindow.NOT_STATED)
_RETRY, _NEW, _FIX, _STOP = (RetryRule.MAY_RETRY, RetryRule.NEEDS_NEW_AUTHORIZATION,
                             RetryRule.AFTER_CORRECTION, RetryRule.STOP)

_ACTED_ON = [
    ("R01", "Insufficient funds", _O, _2D, _RETRY, "may retry"),
    ("R02", "Account closed", _A, _2D, _FIX, "stop; need a new account"),
    ("R03", "No account, or unable to locate account / name does not match", _A, _2D, _FIX, "stop; verify"),
    ("R04", "Invalid account number structure", _A, _2D, _FIX, "stop; fix"),
    ("R05", "Unauthorised debit to a consumer account using a corporate SEC code (CCD/CTX)", _U, _60D, _NEW,
     "unauthorised; stop"),
    ("R06", "Returned at the ODFI's request", _O, _ODFI, _FIX, ""),
    ("R07", "Authorisation revoked by the consumer", _U, _60D, _NEW, "stop every debit under it"),
    ("R08", "Payment stopped", _O, _2D, _NEW, "retry only with a new authorisation"),
    ("R09", "Uncollected funds", _O, _2D, _RETRY, "may retry"),
    ("R10", "Consumer advises the originator is unknown or the debit not authorised", _U, _60D, _NEW,
     "unauthorised; stop"),
    ("R11", "Entry does not match the terms of the authorisation", _U, _60D, _FIX,
     "corrected entry allowed within 60 days, no new authorisation"),
    ("R12", "Account sold to another bank", _O, _2D, _FIX, "new routing"),
    ("R13", "Invalid ACH routing number, or bank not participating", _O, _OP, _FIX, "fix"),
    ("R14", "Representative payee deceased or unable to continue", _O, _2D, _STOP, "stop; estate"),
    ("R15", "Beneficiary or account holder deceased", _O, _2D, _STOP, "stop; estate"),
    ("R16", "Account frozen, or entry returned on OFAC instruction", _O, _2D, _STOP, "stop"),
    ("R17", "File record edit criteria: unprocessable fields, or questionable circumstances", _O, _2D, _FIX,
     "stop; review"),
    ("R18", "Improper effective entry date", _O, _OP, _FIX, "fix the writer"),
    ("R19", "Amount field error", _O, _OP, _FIX, "fix the writer"),
    ("R20", "Non-transaction account", _O, _2D, _FIX, "need another account"),
    ("R23", "Credit entry refused by the receiver", _O, _ANY, _FIX, ""),
    ("R24", "Duplicate entry", _O, _2D, _FIX, "check for a double send"),
    ("R25", "Addenda error", _O, _OP, _FIX, "fix the writer"),
    ("R26", "Mandatory field error", _O, _OP, _FIX, "fix the writer"),
    ("R27", "Trace number error", _O, _OP, _FIX, "fix the writer"),
    ("R28", "Routing number check digit error", _O, _OP, _FIX, "fix the writer"),
    ("R29", "Corporate customer advises the debit is not authorised", _U, _2D, _NEW, "unauthorised; stop"),
    ("R31", "Permissible late return of a CCD/CTX entry the ODFI agreed to accept", _O, _ODFI, _FIX, ""),
    ("R51", "Item related to an RCK entry is ineligible, or the RCK entry is improper", _U, _60D, _FIX,
     "not used for our SEC codes"),
]

_LOGGED = [
    ("R21", "Invalid company identification (CIE)", _R, _NS),
    ("R22", "Invalid individual ID number (MTE)", _R, _NS),
    ("R30", "RDFI not a participant in the check truncation programme", _R, _NS),
    ("R32", "RDFI non-settlement", _R, _NS),
    ("R33", "Return of an XCK entry", _R, _NS),
    ("R34", "Limited participation DFI", _R, _NS),
    ("R35", "Return of an improper debit entry", _R, _NS),
    ("R36", "Return of an improper credit entry", _R, _NS),
    ("R37", "Source document presented for payment", _R, _60D),
    ("R38", "Stop payment on a source document", _R, _60D),
    ("R39", "Improper source document, or source document presented for payment", _R, _NS),
    ("R40", "Return of an ENR entry by a federal government agency", _R, _NS),
    ("R41", "Invalid transaction code (ENR)", _R, _NS),
    ("R42", "Routing number or check digit error (ENR)", _R, _NS),
    ("R43", "Invalid DFI account number (ENR)", _R, _NS),
    ("R44", "Invalid individual ID number or identification number (ENR)", _R, _NS),
    ("R45", "Invalid individual name or company name (ENR)", _R, _NS),
    ("R46", "Invalid representative payee indicator (ENR)", _R, _NS),
    ("R47", "Duplicate enrolment (ENR)", _R, _NS),
    ("R50", "State law affecting RCK acceptance", _R, _NS),
    ("R52", "Stop payment on an item related to an RCK entry", _R, _60D),
    ("R53", "Item and RCK entry presented for payment", _R, _60D),
    ("R61", "Misrouted return", _D, _NS),
    ("R62", "Return of an erroneous or reversing debit", _D, _NS),
    ("R67", "Duplicate return", _D, _NS),
    ("R68", "Untimely return", _D, _NS),
    ("R69", "Field error(s) in the return", _D, _NS),
    ("R70", "Permissible return entry not accepted, or return not requested by the ODFI", _D, _NS),
    ("R71", "Misrouted dishonored return", _C, _NS),
    ("R72", "Untimely dishonored return", _C, _NS),
    ("R73", "Timely original return", _C, _NS),
    ("R74", "Corrected return", _C, _NS),
    ("R75", "Return not a duplicate", _C, _NS),
    ("R76", "No errors found", _C, _NS),
    ("R77", "Non-acceptance of an R62 dishonored return", _C, _NS),
    ("R80", "IAT entry coding error", _R, _NS),
    ("R81", "Non-participant in the IAT programme", _R, _NS),
    ("R82", "Invalid foreign receiving DFI identification", _R, _NS),
    ("R83", "Foreign receiving DFI unable to settle", _R, _NS),
    ("R84", "Entry not processed by the gateway", _R, _NS),
    ("R85", "Incorrectly coded outbound international payment", _R, _NS),
]

RETURN_REASONS: dict[str, ReturnReason] = dict(sorted(
    [(code, ReturnReason(code, text, _R, group, window, retry, action))
     for code, text, group, window, retry, action in _ACTED_ON]
    + [(code, ReturnReason(code, text, kind, _O, window, _FIX, "recognise and log", log_only=True))
       for code, text, kind, window in _LOGGED]
))
"""Every return reason code nacha.md lists, by code."""


def return_reason(code: str) -> ReturnReason | None:
    """The reason for "R01" etc.; None for an unknown or custom code (keep the code and log it)."""
    return RETURN_REASONS.get(code.strip().upper())


def return_kind_of_code(code: str) -> ReturnKind:
    """Which addenda 99 layout a code uses: R61-R70 dishonored, R71-R77 contested, else a plain return.
    Works for codes the table does not know (e.g. the retired R63-R66 still use the dishonored layout)."""
    number = code.strip().upper()
    if len(number) == 3 and number[0] == "R" and number[1:].isdigit():
        if 61 <= int(number[1:]) <= 70:
            return ReturnKind.DISHONORED
        if 71 <= int(number[1:]) <= 77:
            return ReturnKind.CONTESTED
    return ReturnKind.RETURN


class Correction(Enum):
    """What a notification of change corrects; the names match `CorrectedData`'s attributes."""

    ROUTING_NUMBER = "routing_number"
    ACCOUNT_NUMBER = "account_number"
    TRANSACTION_CODE = "transaction_code"
    INDIVIDUAL_NAME = "individual_name"
    INDIVIDUAL_ID = "individual_id"


@dataclass(frozen=True, slots=True)
class ChangeReason:
    code: str
    description: str
    corrects: tuple[Correction, ...]
    refused: bool = False
    """C61-C69: an ODFI refused a NOC; nothing in our records changes."""


_RT, _AC, _TC, _NAME, _ID = (Correction.ROUTING_NUMBER, Correction.ACCOUNT_NUMBER, Correction.TRANSACTION_CODE,
                             Correction.INDIVIDUAL_NAME, Correction.INDIVIDUAL_ID)

CHANGE_REASONS: dict[str, ChangeReason] = {reason.code: reason for reason in [
    ChangeReason("C01", "Incorrect DFI account number", (_AC,)),
    ChangeReason("C02", "Incorrect routing number", (_RT,)),
    ChangeReason("C03", "Incorrect routing number and DFI account number", (_RT, _AC)),
    ChangeReason("C04", "Incorrect individual name / receiving company name", (_NAME,)),
    ChangeReason("C05", "Incorrect transaction code (checking/savings)", (_TC,)),
    ChangeReason("C06", "Incorrect DFI account number and transaction code", (_AC, _TC)),
    ChangeReason("C07", "Incorrect routing number, DFI account number and transaction code", (_RT, _AC, _TC)),
    ChangeReason("C08", "Incorrect foreign receiving DFI identification (IAT only)", ()),
    ChangeReason("C09", "Incorrect individual identification number", (_ID,)),
    ChangeReason("C13", "Addenda format error (the entry itself was fine; fix the addenda 05)", ()),
    ChangeReason("C14", "Outbound international payment should be coded IAT", ()),
    ChangeReason("C61", "Misrouted notification of change", (), refused=True),
    ChangeReason("C62", "Incorrect trace number", (), refused=True),
    ChangeReason("C63", "Incorrect company identification number", (), refused=True),
    ChangeReason("C64", "Incorrect individual identification number", (), refused=True),
    ChangeReason("C65", "Incorrectly formatted corrected data", (), refused=True),
    ChangeReason("C66", "Incorrect discretionary data", (), refused=True),
    ChangeReason("C67", "Routing number not from the original entry detail record", (), refused=True),
    ChangeReason("C68", "DFI account number not from the original entry detail record", (), refused=True),
    ChangeReason("C69", "Incorrect transaction code", (), refused=True),
]}
"""C01-C09, C13, C14 and the refused C61-C69. C10-C12 are retired and so unknown."""


def change_reason(code: str) -> ChangeReason | None:
    """The reason for "C01" etc.; None for an unknown code (C10-C12 are retired)."""
    return CHANGE_REASONS.get(code.strip().upper())


def is_refused_change_code(code: str) -> bool:
    """C61-C69 use the refused-NOC addenda layout, whether or not the table knows the code."""
    number = code.strip().upper()
    return len(number) == 3 and number[0] == "C" and number[1:].isdigit() and 61 <= int(number[1:]) <= 69
