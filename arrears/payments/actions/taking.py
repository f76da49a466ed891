"""Taking a payment from the debtor, as a collector does on the phone: charged to a card (one on file, or a
new one, kept on file when the debtor agrees) or posted as received (a check or money order with its number,
cash, a wire, a payment the debtor made to the client directly); and emailing the debtor its receipt."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import F
from django.utils import timezone

from arrears.accounts.models import Account, Role
from arrears.compliance.actions import send_message
from arrears.contacts.models import Channel, MessageKind
from arrears.core.errors import InvalidInput
from arrears.core.money import format_cents
from arrears.debtors.queries import with_supplied
from arrears.documents.pdf import receipt_pdf

from .. import queries
from ..models import Method, Payment, PaymentMethod
from ..processors import get_processor
from .methods import add_card
from .posting import post_payment, take_card_payment

INSTRUMENTS = {Method.CHECK: "Check", Method.MONEY_ORDER: "Money order"}


@dataclass(frozen=True)
class NewCard:
    """A card the debtor reads out, not yet on file."""

    number: str
    exp_month: int
    exp_year: int
    cvc: str
    holder_name: str


def _primary_debtor(account: Account):
    party = account.parties.filter(role=Role.PRIMARY).select_related("debtor").first()
    return party.debtor if party else None


def take_payment(account: Account, actor, *, amount_cents: int, method: str, idempotency_key: str,
                 received_on: date | None = None, reference: str = "", split: dict[int, int] | None = None,
                 memo: str = "", card: PaymentMethod | None = None, new_card: NewCard | None = None,
                 keep_card: bool = False) -> Payment:
    """Charge the card (`card` on file, else `new_card`, kept on file first when `keep_card`) and post the
    payment, or post a payment received otherwise on `received_on` (default today) from the account's
    primary debtor. The idempotency key makes a retried request charge and post once. A declined card
    raises ChargeDeclined."""
    if method == Method.CARD:
        return _charge(account, actor, amount_cents=amount_cents, idempotency_key=idempotency_key, split=split,
                       memo=memo, card=card, new_card=new_card, keep_card=keep_card)
    today = timezone.localdate()
    received_on = received_on or today
    received_at = timezone.now() if received_on == today else timezone.make_aware(
        datetime.combine(received_on, time(12, 0)))
    kind = INSTRUMENTS.get(method, "")
    return post_payment(account, actor, amount_cents=amount_cents, method=method, idempotency_key=idempotency_key,
                        received_at=received_at, reference=reference,
                        instrument=f"{kind} #{reference}" if kind and reference else kind, split=split, memo=memo,
                        payer=_primary_debtor(account))


def _charge(account: Account, actor, *, amount_cents: int, idempotency_key: str, split, memo: str,
            card: PaymentMethod | None, new_card: NewCard | None, keep_card: bool) -> Payment:
    if card is None and new_card is None:
        raise InvalidInput("choose a card on file or give the card's details", field="card_number")
    debtor = _primary_debtor(account)
    if card is None and keep_card and debtor is not None:
        card = add_card(debtor, actor, number=new_card.number, exp_month=new_card.exp_month,
                        exp_year=new_card.exp_year, cvc=new_card.cvc, holder_name=new_card.holder_name,
                        authorization=f"Card kept on file with the debtor's agreement, taken by "
                                      f"{actor.get_username()} on the account screen")
    if card is not None:
        token, label = card.processor_token, card.label
    else:
        tokenized = get_processor().tokenize_card(new_card.number, new_card.exp_month, new_card.exp_year,
                                                  new_card.cvc, new_card.holder_name)
        token, label = tokenized.token, tokenized.label
    return take_card_payment(account, actor, amount_cents=amount_cents, idempotency_key=idempotency_key, token=token,
                             instrument=label, payment_method=card, split=split, memo=memo)


def email_receipt(account: Account, payment: Payment, actor):
    """Email the payment's receipt (PDF attached) to the account's primary debtor, through the compliance
    engine like any email; the contact attempt it makes. Refused when the debtor has no email address."""
    debtor = _primary_debtor(account)
    email = None
    if debtor:
        # Prefer the address the account's client's side agreed to be emailed at, then one it supplied.
        emails = with_supplied(debtor.email_set.filter(active=True), account.client_id)
        email = emails.order_by(F("supplied_consent_email").desc(nulls_last=True),
                                F("supplied_source").asc(nulls_last=True), "pk").first()
    if email is None:
        raise InvalidInput("the debtor has no email address on file", field="email")
    receipt = queries.receipt(payment)
    return send_message(account, actor, channel=Channel.EMAIL, kind=MessageKind.PAYMENT_RECEIPT, email=email,
                        subject=f"Receipt {receipt.number} for your payment of {format_cents(payment.amount_cents)}",
                        body=f"Thank you for your payment of {format_cents(payment.amount_cents)} on account "
                             f"{account.client_account_number}. Your receipt is attached.",
                        attachments=[(f"receipt-{receipt.number}.pdf", receipt_pdf(receipt), "application/pdf")])
