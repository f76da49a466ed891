"""Cards and bank accounts a debtor authorises for payments. A card is kept only as the processor's token; a
bank account's number is encrypted, with its last four in clear for people to recognise it."""

from django.db import transaction
from django.utils import timezone

from arrears.audit import actions as audit
from arrears.core import crypto
from arrears.core.errors import InvalidInput
from arrears.nacha import is_valid_routing_number

from ..models import InstrumentKind, PaymentMethod
from ..processors import get_processor

SEC_CODES = ("PPD", "WEB", "TEL", "CCD")


def _authorization(text: str) -> str:
    text = (text or "").strip()
    if len(text) < 10:
        raise InvalidInput("record how the debtor authorised it (the words agreed on the call, or the form)",
                           field="authorization")
    return text[:2000]


def add_card(debtor, actor, *, number: str, exp_month: int, exp_year: int, cvc: str, holder_name: str,
             authorization: str) -> PaymentMethod:
    """Tokenise a card with the processor and keep the token (the number itself is never stored)."""
    holder_name = (holder_name or "").strip()
    if not holder_name:
        raise InvalidInput("give the name on the card", field="holder_name")
    authorization = _authorization(authorization)
    token = get_processor().tokenize_card(number, exp_month, exp_year, cvc, holder_name)
    with transaction.atomic():
        method = PaymentMethod.objects.create(
            debtor=debtor, kind=InstrumentKind.CARD, label=token.label, processor_token=token.token,
            holder_name=holder_name[:120], authorized_at=timezone.now(), authorization=authorization,
            created_by=actor if actor is not None and actor.pk else None)
        audit.record(actor, "payment_method.added", method, f"Card {token.label} added for {debtor.display_name}",
                     after={"kind": "card", "label": token.label}, debtor_id=debtor.pk)
    return method


def add_bank_account(debtor, actor, *, holder_name: str, routing_number: str, account_number: str,
                     account_type: str, sec_code: str, authorization: str) -> PaymentMethod:
    """Keep a bank account the debtor authorised debits from: PPD (signed), WEB (online), TEL (recorded call)
    or CCD (a business's account)."""
    holder_name = (holder_name or "").strip()
    routing_number = (routing_number or "").strip()
    account_number = "".join((account_number or "").split()).replace("-", "")
    if not holder_name:
        raise InvalidInput("give the account holder's name", field="holder_name")
    if not is_valid_routing_number(routing_number):
        raise InvalidInput(f"{routing_number!r} is not a routing number (9 digits with a valid check digit)",
                           field="routing_number")
    if not account_number.isalnum() or not 4 <= len(account_number) <= 17:
        raise InvalidInput("the account number is 4 to 17 letters and digits", field="account_number")
    if account_type not in ("checking", "savings"):
        raise InvalidInput("the account is checking or savings", field="account_type")
    if sec_code not in SEC_CODES:
        raise InvalidInput(f"how it was authorised is one of {', '.join(SEC_CODES)}", field="sec_code")
    if (sec_code == "CCD") != (debtor.kind == "business"):
        raise InvalidInput("CCD is for a business's account; a person's account is PPD, WEB or TEL", field="sec_code")
    authorization = _authorization(authorization)
    label = f"{account_type.title()} ····{account_number[-4:]}"
    with transaction.atomic():
        method = PaymentMethod.objects.create(
            debtor=debtor, kind=InstrumentKind.ACH, label=label, holder_name=holder_name[:120],
            routing_number=routing_number, account_number_encrypted=crypto.encrypt(account_number),
            account_last4=account_number[-4:], account_type=account_type, sec_code=sec_code,
            authorized_at=timezone.now(), authorization=authorization,
            created_by=actor if actor is not None and actor.pk else None)
        audit.record(actor, "payment_method.added", method, f"Bank account {label} ({sec_code}) added for "
                     f"{debtor.display_name}", after={"kind": "ach", "label": label, "sec_code": sec_code},
                     debtor_id=debtor.pk)
    return method


def end_payment_method(method: PaymentMethod, actor, reason: str) -> None:
    """Stop using a card or bank account: the debtor revoked it, or the bank said it cannot be debited."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("say why it is no longer used", field="reason")
    if PaymentMethod.objects.filter(pk=method.pk, active=True).update(active=False, ended_at=timezone.now(),
                                                                      ended_reason=reason[:200]):
        audit.record(actor, "payment_method.ended", method, f"{method.label} no longer used: {reason}",
                     before={"active": True}, after={"active": False}, debtor_id=method.debtor_id)
