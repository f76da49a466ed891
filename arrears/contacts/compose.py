"""What arrears writes into texts, emails and letters: the collector disclosures of 12 CFR 1006.18(e), the
opt-out notice of 1006.6(e), and the letters themselves from templates.

Every message carries the initial-communication disclosure, which also says it is from a debt collector, so
it is right whether or not the consumer has heard from the collector before.
"""

from django.conf import settings
from django.template.loader import render_to_string

from arrears.core.money import format_cents

from .models import Channel, MessageKind

DISCLOSURE = ("This communication is from a debt collector. This is an attempt to collect a debt, and any "
              "information obtained will be used for that purpose.")
TEXT_OPT_OUT = "Reply STOP to stop texts to this telephone number."
EMAIL_OPT_OUT = "To stop emails to this address, reply with STOP in the subject line."
LETTER_KINDS = {kind: f"contacts/letters/{kind.value}.txt" for kind in (
    MessageKind.COLLECTION, MessageKind.VALIDATION_NOTICE, MessageKind.VERIFICATION, MessageKind.ORIGINAL_CREDITOR_INFO,
    MessageKind.TERMINATION_NOTICE)}
# What each message kind may go out as; the engine decides whether it may go out at all.
KINDS_BY_CHANNEL = {
    Channel.TEXT: (MessageKind.COLLECTION, MessageKind.OPT_OUT_CONFIRMATION, MessageKind.PAYMENT_RECEIPT),
    Channel.EMAIL: (MessageKind.COLLECTION, MessageKind.OPT_OUT_CONFIRMATION, MessageKind.PAYMENT_RECEIPT,
                    MessageKind.VERIFICATION, MessageKind.ORIGINAL_CREDITOR_INFO),
    Channel.LETTER: tuple(LETTER_KINDS),
}
# The channels a message is composed for, and the kind of contact point each goes to.
MESSAGE_CHANNELS = tuple(KINDS_BY_CHANNEL)
POINT_FOR_CHANNEL = {Channel.TEXT: "phone", Channel.EMAIL: "email", Channel.LETTER: "address"}


def text_message(body: str, kind: str) -> str:
    if kind == MessageKind.OPT_OUT_CONFIRMATION:  # nothing but the confirmation (1006.14(h)(2)(i))
        return f"{settings.AGENCY_NAME}: you will get no more texts at this number from us."
    return f"{settings.AGENCY_NAME}: {body.strip()} {DISCLOSURE} {TEXT_OPT_OUT}"


def email_message(body: str, kind: str) -> str:
    if kind == MessageKind.OPT_OUT_CONFIRMATION:
        return "We have your request and will send no more emails to this address."
    return f"{body.strip()}\n\n{DISCLOSURE}\n\n{EMAIL_OPT_OUT}\n\n{settings.AGENCY_NAME}\n{settings.AGENCY_PHONE}"


def letter(kind: str, *, account, debtor, address, balances: dict, validation_period_end=None, body: str = "") -> str:
    """A letter's text, from its template, with the account's figures."""
    total = sum(balances.values())
    context = {
        "agency": settings.AGENCY_NAME, "agency_address": settings.AGENCY_ADDRESS, "agency_phone": settings.AGENCY_PHONE,
        "account": account, "debtor": debtor, "address": address, "body": body.strip(),
        "disclosure": DISCLOSURE, "total": format_cents(total),
        "itemization_amount": format_cents(account.itemization_amount_cents),
        "interest": format_cents(account.itemization_interest_cents), "fees": format_cents(account.itemization_fees_cents),
        "payments": format_cents(account.itemization_payments_cents + account.itemization_credits_cents),
        "account_last4": account.original_account_number[-4:] or account.client_account_number[-4:],
        "validation_period_end": validation_period_end,
    }
    return render_to_string(LETTER_KINDS[kind], context).strip() + "\n"
