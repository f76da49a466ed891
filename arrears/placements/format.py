"""The placement file's columns: one specification drives validation, the error report and the docs.

docs/placement-format.md is checked against this table by a test, so the two cannot drift apart.
"""

from dataclasses import dataclass, field

from arrears.accounts.models import DebtType, ItemizationBasis, Role
from arrears.debtors.models import PhoneKind


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text | date | money | choice | phone | phone_kind | email | ssn | ein | state | zip | bool
    description: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    max_length: int = 0
    choices: dict[str, str] = field(default_factory=dict)  # accepted spelling -> stored value


def _choices(values: list[str], synonyms: dict[str, str] | None = None) -> dict[str, str]:
    table = {v: v for v in values}
    table.update({v.replace("_", " "): v for v in values})
    table.update({v.replace("_", "-"): v for v in values})
    table.update({v.replace("_", ""): v for v in values})
    table.update(synonyms or {})
    return table


# Each column's stored values are the models' choices; the file may also spell them as the synonyms say.
DEBT_TYPES = _choices(
    DebtType.values,
    {"cc": "credit_card", "card": "credit_card", "auto": "auto_loan", "nsf": "returned_check",
     "nsf_check": "returned_check", "check": "returned_check", "phone": "telecom", "wireless": "telecom",
     "loan": "personal_loan", "student": "student_loan", "hospital": "medical", "healthcare": "medical"},
)
ITEMIZATION_BASES = _choices(
    ItemizationBasis.values,
    {"statement": "last_statement", "chargeoff": "charge_off", "payment": "last_payment", "judgement": "judgment"},
)
PHONE_KINDS = _choices(PhoneKind.values,
                       {"cell": "mobile", "wireless": "mobile", "home": "landline", "office": "work",
                        "business": "work", "land": "landline", "": "unknown"})
PARTY_ROLES = _choices([Role.CO_OBLIGOR.value, Role.GUARANTOR.value],
                      {"coobligor": "co_obligor", "co-maker": "co_obligor", "comaker": "co_obligor",
                       "joint": "co_obligor", "cosigner": "guarantor"})
LANGUAGES = _choices(["en", "es", "zh", "vi", "ko", "tl", "ru", "ar", "fr", "ht", "pt", "pl"],
                     {"english": "en", "spanish": "es", "espanol": "es", "chinese": "zh", "vietnamese": "vi"})

MONEY = "amount in dollars, e.g. 1234.56 (commas and $ allowed)"
DATE = "date: YYYY-MM-DD or MM/DD/YYYY"


def _party_columns(prefix: str, who: str) -> list[Column]:
    p = prefix
    return [
        Column(f"{p}first_name", "text", f"{who}: first name", max_length=80),
        Column(f"{p}middle_name", "text", f"{who}: middle name", max_length=80),
        Column(f"{p}last_name", "text", f"{who}: last name (or {p}business_name)", max_length=80),
        Column(f"{p}suffix", "text", f"{who}: suffix, e.g. Jr", max_length=10),
        Column(f"{p}business_name", "text", f"{who}: business name, for a business debtor", max_length=200),
        Column(f"{p}ssn", "ssn", f"{who}: Social Security number (9 digits; encrypted on arrival)",
               aliases=(f"{p}social", f"{p}ssn_tin", f"{p}social_security_number")),
        Column(f"{p}ein", "ein", f"{who}: employer identification number, for a business"),
        Column(f"{p}dob", "date", f"{who}: date of birth ({DATE})", aliases=(f"{p}birth_date", f"{p}date_of_birth")),
        Column(f"{p}phone", "phone", f"{who}: phone number (US 10 digits, or +country...)",
               aliases=(f"{p}phone1", f"{p}home_phone", f"{p}phone_number")),
        Column(f"{p}phone_type", "phone_kind", f"{who}: mobile, landline (home), work or unknown", choices=PHONE_KINDS,
               aliases=(f"{p}phone1_type",)),
        Column(f"{p}phone_autodialer_consent", "bool",
               f"{who}: Y if the debtor gave the creditor this number with consent to autodialed calls",
               aliases=(f"{p}phone1_autodialer_consent",)),
        Column(f"{p}email", "email", f"{who}: email address", aliases=(f"{p}email_address",)),
        Column(f"{p}address1", "text", f"{who}: street address", max_length=120,
               aliases=(f"{p}address", f"{p}address_1", f"{p}address_line1", f"{p}street")),
        Column(f"{p}address2", "text", f"{who}: apartment, suite", max_length=120,
               aliases=(f"{p}address_2", f"{p}address_line2")),
        Column(f"{p}city", "text", f"{who}: city", max_length=80),
        Column(f"{p}state", "state", f"{who}: two-letter state code"),
        Column(f"{p}zip", "zip", f"{who}: ZIP or ZIP+4", aliases=(f"{p}zip_code", f"{p}zipcode", f"{p}postal_code")),
    ]


COLUMNS: list[Column] = [
    Column("account_number", "text", "the client's account number; unique per client", required=True, max_length=40,
           aliases=("account", "acct", "acct_no", "account_no", "client_account_number")),
    *_party_columns("", "Primary debtor"),
    Column("phone2", "phone", "Primary debtor: second phone number", aliases=("work_phone", "cell_phone")),
    Column("phone2_type", "phone_kind", "mobile, landline (home), work or unknown", choices=PHONE_KINDS),
    Column("phone2_autodialer_consent", "bool", "Y if consent to autodialed calls to phone2 was given"),
    Column("email_consent", "bool", "Y if the debtor agreed to be emailed about the debt"),
    Column("language", "choice", "preferred language, ISO 639-1 code (en, es, ...)", choices=LANGUAGES),
    Column("co_role", "choice", "role of the second party: co_obligor or guarantor", choices=PARTY_ROLES),
    *_party_columns("co_", "Co-obligor or guarantor"),
    Column("original_creditor", "text", "who first extended the credit", max_length=200),
    Column("original_account_number", "text", "the original creditor's account number", max_length=40),
    Column("debt_type", "choice", "credit_card, medical, utility, telecom, auto_loan, personal_loan, student_loan, "
           "rent, returned_check, damage_claim or other (blank = other)", choices=DEBT_TYPES),
    Column("open_date", "date", f"contract or open date ({DATE})", aliases=("contract_date", "opened_on")),
    Column("delinquency_date", "date", f"date of first delinquency ({DATE})", aliases=("delinquent_on",)),
    Column("charge_off_date", "date", f"charge-off date ({DATE})", aliases=("chargeoff_date", "charged_off_on")),
    Column("last_payment_date", "date", f"date of the last payment to the creditor ({DATE})"),
    Column("placement_date", "date", f"date placed with the agency ({DATE}); blank = the import date"),
    Column("principal", "money", f"principal owed now, {MONEY}", required=True, aliases=("principal_balance",)),
    Column("interest", "money", f"interest owed now, {MONEY}; blank = 0", aliases=("interest_balance",)),
    Column("fees", "money", f"fees owed now, {MONEY}; blank = 0", aliases=("fee_balance", "fees_balance")),
    Column("costs", "money", f"costs owed now (e.g. court costs), {MONEY}; blank = 0"),
    Column("itemization_date", "date", f"Reg F itemization date ({DATE})", required=True),
    Column("itemization_basis", "choice", "what the itemization date is: last_statement, charge_off, last_payment, "
           "transaction or judgment", required=True, choices=ITEMIZATION_BASES),
    Column("itemization_amount", "money", f"amount owed on the itemization date, {MONEY}; blank = the current total "
           "less interest and fees since"),
    Column("interest_since", "money", f"interest charged since the itemization date, {MONEY}; blank = 0"),
    Column("fees_since", "money", f"fees charged since the itemization date, {MONEY}; blank = 0"),
    Column("payments_since", "money", f"payments made since the itemization date, {MONEY}; blank = 0"),
    Column("credits_since", "money", f"credits applied since the itemization date, {MONEY}; blank = 0"),
]

BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
HEADER_LOOKUP: dict[str, str] = {}
for _column in COLUMNS:
    for _spelling in (_column.name, *_column.aliases):
        HEADER_LOOKUP.setdefault(_spelling, _column.name)
REQUIRED = [c.name for c in COLUMNS if c.required]
SENSITIVE = {"ssn", "ein", "dob", "co_ssn", "co_ein", "co_dob"}  # never echoed in reports
