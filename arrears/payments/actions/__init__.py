"""Every money write. `posting`: payments, reversals, adjustments, refunds, card charges. `ach`: NACHA debit
files for scheduled payments, and the bank's returns and notifications of change. `scheduled`: charging the
cards and bank accounts on file on their due dates. `lockbox`: the bank's lockbox files."""

from .posting import (ChargeDeclined, PeriodClosed, accrue_interest, adjust_balance, post_payment, refund_credit,
                      reverse_payment, take_card_payment)

__all__ = ["ChargeDeclined", "PeriodClosed", "accrue_interest", "adjust_balance", "post_payment", "refund_credit",
           "reverse_payment", "take_card_payment"]
