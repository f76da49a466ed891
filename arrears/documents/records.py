"""What a remittance statement, a commission invoice and a payment receipt say: plain data, filled in by the
remittance and payments apps from the ledger, rendered to PDF by `pdf.py` and to .xlsx by `xlsx.py`. No
Django."""

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Party:
    """Who a document is from or to."""

    name: str
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class StatementLine:
    """One payment, reversal or direct payment behind the statement's figures.

    `kind` is "payment" (collected into trust), "reversal" (a returned check, ACH return, chargeback or
    correction of an earlier payment; amounts are negative), or "direct" (the debtor paid the client directly).
    """

    kind: str
    on: date
    account_number: str
    debtor_name: str
    method: str                    # "Card", "ACH", "Check", "Money order", "Lockbox", "Direct to client", ...
    reference: str                 # payment number, check number, processor reference
    amount_cents: int              # signed: reversals negative
    principal_cents: int
    interest_cents: int
    fees_cents: int
    costs_cents: int
    commission_rate_bp: int        # basis points: 2500 = 25%
    commission_cents: int          # signed like the amount
    note: str = ""                 # e.g. "R01 insufficient funds" on a reversal


@dataclass(frozen=True)
class RemittanceStatement:
    """A client's statement for one remittance period.

    gross_collected - reversals = net_collected; net_collected - commission = due on trust collections;
    net_due_cents = that - direct_commission_cents + previous_balance_cents: positive is remitted to the
    client, negative is due from the client (commission on payments made to the client directly, or
    reversals of remitted money). `previous_balance_cents` is what earlier periods left: negative when the
    client still owes the agency, positive when collections were left unremitted; net due includes it.
    """

    number: str                    # e.g. "ACME-2026-11"
    agency: Party
    client: Party
    client_code: str
    period_start: date
    period_end: date
    generated_at: datetime
    closed: bool                   # False: a preview of an open period, to be marked DRAFT
    currency: str
    gross_collected_cents: int
    reversals_cents: int           # positive figure (money reversed)
    net_collected_cents: int
    commission_cents: int          # on net trust collections
    direct_payments_cents: int     # gross paid to the client directly
    direct_commission_cents: int   # commission due on direct payments
    net_due_cents: int
    collected_by_bucket: dict[str, int] = field(default_factory=dict)  # principal, interest, fees, costs (net)
    lines: tuple[StatementLine, ...] = ()
    previous_balance_cents: int = 0  # carried from the last period when it ended due from the client
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Invoice:
    """Commission due from a client (on direct payments, or a negative statement)."""

    number: str
    agency: Party
    client: Party
    issued_on: date
    due_on: date
    statement_number: str
    amount_cents: int
    lines: tuple[StatementLine, ...] = ()
    currency: str = "USD"


@dataclass(frozen=True)
class Receipt:
    """A payment receipt for the debtor."""

    number: str
    agency: Party
    debtor: Party
    account_number: str
    creditor_name: str
    paid_at: datetime
    method: str
    reference: str
    amount_cents: int
    allocation: dict[str, int]     # bucket -> cents applied
    balance_after_cents: int
    arrangement_note: str = ""     # e.g. "Instalment 3 of 12 of your payment plan"
    disclosure: str = ""           # the debt-collector disclosure, when the agency is one
    currency: str = "USD"


def statement_from_dict(data: dict) -> RemittanceStatement:
    """A statement back from the JSON it was frozen as when its period closed (dates as ISO text)."""

    def day(value):
        return value if isinstance(value, date) else date.fromisoformat(value)

    def party(value: dict) -> Party:
        return Party(value["name"], tuple(value.get("address_lines", ())), value.get("phone", ""),
                     value.get("email", ""))

    lines = tuple(StatementLine(**{**line, "on": day(line["on"])}) for line in data.get("lines", ()))
    fields = {**data, "agency": party(data["agency"]), "client": party(data["client"]),
              "period_start": day(data["period_start"]), "period_end": day(data["period_end"]),
              "generated_at": data["generated_at"] if isinstance(data["generated_at"], datetime)
              else datetime.fromisoformat(data["generated_at"]),
              "lines": lines, "notes": tuple(data.get("notes", ())),
              "collected_by_bucket": dict(data.get("collected_by_bucket", {}))}
    return RemittanceStatement(**fields)
