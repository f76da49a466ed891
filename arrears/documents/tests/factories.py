"""Statements, invoices and receipts for the rendering tests, with figures that add up from their lines."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from arrears.documents.records import Invoice, Party, Receipt, RemittanceStatement, StatementLine

NEW_YORK = ZoneInfo("America/New_York")

AGENCY = Party(
    name="Northwind Recovery LLC",
    address_lines=("100 Main Street, Suite 400", "Albany, NY 12207"),
    phone="(518) 555-0100",
    email="remittance@northwind.example",
)
CLIENT = Party(name="Acme Bank", address_lines=("1 Acme Plaza", "Buffalo, NY 14202"), email="ap@acme.example")
SPECIAL_NAME = "O'Brien #1 [test] *x* _y_ $z$ @w"


def line(n: int, *, kind: str = "payment", amount_cents: int = 10_000, rate_bp: int = 2500,
         debtor_name: str | None = None, note: str = "") -> StatementLine:
    """A line for account ACC-<n>, split 70/20/10 between principal, interest and fees, commission at the rate."""
    principal = amount_cents * 7 // 10
    interest = amount_cents * 2 // 10
    fees = amount_cents - principal - interest
    return StatementLine(
        kind=kind,
        on=date(2026, 11, 1) + timedelta(days=n % 30),
        account_number=f"ACC-{n:05d}",
        debtor_name=debtor_name or f"Debtor Number{n}",
        method={"payment": "Card", "reversal": "ACH", "direct": "Direct to client"}[kind],
        reference=f"PAY-{n:06d}",
        amount_cents=amount_cents,
        principal_cents=principal,
        interest_cents=interest,
        fees_cents=fees,
        costs_cents=0,
        commission_rate_bp=rate_bp,
        commission_cents=amount_cents * rate_bp // 10_000,
        note=note,
    )


def statement(lines: tuple[StatementLine, ...] = (), *, closed: bool = True, previous_balance_cents: int = 0,
              net_due_cents: int | None = None) -> RemittanceStatement:
    """A statement whose every figure is the sum of its lines, as the remittance action computes it."""
    payments = [x for x in lines if x.kind == "payment"]
    reversals = [x for x in lines if x.kind == "reversal"]
    direct = [x for x in lines if x.kind == "direct"]
    trust = payments + reversals
    gross = sum(x.amount_cents for x in payments)
    reversed_ = -sum(x.amount_cents for x in reversals)
    net = gross - reversed_
    commission = sum(x.commission_cents for x in trust)
    direct_commission = sum(x.commission_cents for x in direct)
    buckets = {
        "principal": sum(x.principal_cents for x in trust),
        "interest": sum(x.interest_cents for x in trust),
        "fees": sum(x.fees_cents for x in trust),
        "costs": sum(x.costs_cents for x in trust),
    }
    return RemittanceStatement(
        number="ACME-2026-11",
        agency=AGENCY,
        client=CLIENT,
        client_code="acme",
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
        generated_at=datetime(2026, 12, 1, 9, 5, tzinfo=NEW_YORK),
        closed=closed,
        currency="USD",
        gross_collected_cents=gross,
        reversals_cents=reversed_,
        net_collected_cents=net,
        commission_cents=commission,
        direct_payments_cents=sum(x.amount_cents for x in direct),
        direct_commission_cents=direct_commission,
        net_due_cents=net - commission - direct_commission if net_due_cents is None else net_due_cents,
        collected_by_bucket=buckets,
        lines=lines,
        previous_balance_cents=previous_balance_cents,
    )


def mixed_lines(count: int) -> tuple[StatementLine, ...]:
    """`count` lines: mostly payments of varying size, every 10th a reversal, every 7th a direct payment."""
    lines = []
    for n in range(1, count + 1):
        if n % 10 == 0:
            lines.append(line(n, kind="reversal", amount_cents=-(5_000 + n), note="R01 insufficient funds"))
        elif n % 7 == 0:
            lines.append(line(n, kind="direct", amount_cents=20_000 + n * 3))
        else:
            lines.append(line(n, amount_cents=1_000 + n * 137, rate_bp=2500 if n % 3 else 2250))
    return tuple(lines)


def invoice(lines: tuple[StatementLine, ...] = ()) -> Invoice:
    return Invoice(
        number="INV-2026-0042",
        agency=AGENCY,
        client=CLIENT,
        issued_on=date(2026, 12, 2),
        due_on=date(2027, 1, 1),
        statement_number="ACME-2026-11",
        amount_cents=sum(x.commission_cents for x in lines),
        lines=lines,
    )


def receipt(*, arrangement_note: str = "", disclosure: str = "") -> Receipt:
    return Receipt(
        number="RCPT-000123",
        agency=AGENCY,
        debtor=Party(name="Jane Q. Debtor", address_lines=("12 Elm Street", "Troy, NY 12180")),
        account_number="ACC-77001",
        creditor_name="Acme Bank",
        paid_at=datetime(2026, 11, 14, 15, 42, tzinfo=NEW_YORK),
        method="Card",
        reference="ch_3QxY7",
        amount_cents=25_000,
        allocation={"principal": 20_000, "interest": 4_000, "fees": 1_000},
        balance_after_cents=123_456,
        arrangement_note=arrangement_note,
        disclosure=disclosure,
    )
