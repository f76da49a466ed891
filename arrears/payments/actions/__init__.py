"""Every money write. `taking`: a payment taken from the debtor (a card charged, or a payment posted as
received) and its receipt emailed. `posting`: payments, reversals, card charges. `adjusting`: balance
adjustments and refunds. `plans`: what payments and reversals mean for arrangements, posted, and the nightly
kept-and-broken evaluation. `ach`: NACHA debit files for scheduled payments, and the bank's returns and
notifications of change. `scheduled`: charging the cards on file on their due dates. `lockbox`: the bank's
lockbox files. `PeriodClosed` is the ledger's refusal of a date in a closed period."""

from arrears.ledger.actions import PeriodClosed

from .adjusting import accrue_interest, adjust_balance, refund_credit
from .plans import evaluate_arrangements
from .posting import ChargeDeclined, caller_key, post_payment, reverse_payment, take_card_payment
from .taking import NewCard, email_receipt, take_payment

__all__ = ["ChargeDeclined", "NewCard", "caller_key", "PeriodClosed", "accrue_interest", "adjust_balance", "email_receipt",
           "evaluate_arrangements", "post_payment", "refund_credit", "reverse_payment", "take_card_payment",
           "take_payment"]
