"""Tests of the lockbox file reader (arrears/payments/lockbox.py): pure Python, no database.

The helpers here build small files the way a bank would send them.
"""

import csv
from datetime import date

from arrears.core.money import cents_to_decimal_text, parse_cents
from arrears.payments.lockbox import LockboxItem, Problem

HEADER = "deposit_date,batch,item,amount,account_number,check_number,payer_name"


def lockbox_csv(*rows: str, header: str = HEADER, control: str | None = None, newline: str = "\n") -> bytes:
    """A file from its item rows; the control row is computed from the amounts (4th field) unless given."""
    if control is None:
        total = sum(parse_cents(fields[3]) for fields in csv.reader(rows))
        control = f"TOTAL,{len(rows)},{cents_to_decimal_text(total)}"
    return newline.join([header, *rows, control, ""]).encode("utf-8")


def problems_at(problems: tuple[Problem, ...], row: int | None, column: str | None) -> list[Problem]:
    return [p for p in problems if p.row == row and p.column == column]


def an_item(**changes) -> LockboxItem:
    values = dict(row=2, deposit_date=date(2025, 6, 2), batch="B7", item="1", amount_cents=12_500,
                  account_number="ACME-100", client_code="acme", instrument="check", check_number="1042",
                  payer_name="Jane Roe", routing_last4="0104", account_last4="6789", note="")
    values.update(changes)
    return LockboxItem(**values)
