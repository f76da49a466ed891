"""The ledger lines of each money event, and the commission on a payment. Pure functions over cents.

A payment into trust of A applied to an account, with commission C and an overpayment credit K:
    receivable  -A (by bucket)   client_placed +A          (the debt and the client's claim both fall)
    trust_cash  +A+K             client_payable -(A-C)     agency_trust -C     debtor_credit -K
A payment made to the client directly: the same inventory lines, and due_from_client +C, billed_to_client -C.
Every entry sums to zero and so does each group of books, which is what keeps the trust account reconciled.
"""

from decimal import ROUND_HALF_UP, Decimal

from arrears.ledger.actions import Line
from arrears.ledger.models import Book


def commission_cents(amount_cents: int, rate_bp: int) -> int:
    """`rate_bp` basis points of the amount, rounded half up to the cent."""
    return int((Decimal(amount_cents) * rate_bp / Decimal(10000)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def payment_lines(account_id: int, by_bucket: dict[str, int], commission: int, *, credit: int = 0,
                  direct: bool = False) -> list[Line]:
    applied = sum(by_bucket.values())
    lines = [Line(Book.RECEIVABLE, -cents, account_id, bucket) for bucket, cents in by_bucket.items() if cents]
    if applied:
        lines.append(Line(Book.CLIENT_PLACED, applied, account_id))
    if direct:
        if commission:
            lines += [Line(Book.DUE_FROM_CLIENT, commission), Line(Book.BILLED_TO_CLIENT, -commission)]
        return lines
    lines.append(Line(Book.TRUST_CASH, applied + credit))
    if applied - commission:
        lines.append(Line(Book.CLIENT_PAYABLE, -(applied - commission)))
    if commission:
        lines.append(Line(Book.AGENCY_TRUST, -commission))
    if credit:
        lines.append(Line(Book.DEBTOR_CREDIT, -credit, account_id))
    return lines


def adjustment_lines(account_id: int, bucket: str, amount_cents: int) -> list[Line]:
    """A change of what the debtor owes (interest, a fee, a write-off, a correction): receivable against the
    client's claim. Positive raises the balance."""
    return [Line(Book.RECEIVABLE, amount_cents, account_id, bucket), Line(Book.CLIENT_PLACED, -amount_cents, account_id)]


def refund_lines(account_id: int, amount_cents: int) -> list[Line]:
    return [Line(Book.DEBTOR_CREDIT, amount_cents, account_id), Line(Book.TRUST_CASH, -amount_cents)]
