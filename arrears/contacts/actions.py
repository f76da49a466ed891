"""Logging contact attempts and notes on an account."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from arrears.accounts.actions import change_status
from arrears.accounts.models import Account, Status
from arrears.audit import actions as audit
from arrears.core.errors import InvalidInput
from arrears.debtors.actions import set_phone_status
from arrears.debtors.models import Phone, PhoneStatus

from .models import RESULTS_BY_CHANNEL, Channel, ContactAttempt, Dialer, MessageKind, Note, Result

_PHONE_STATUS_FROM_RESULT = {Result.WRONG_NUMBER: PhoneStatus.WRONG_NUMBER, Result.NOT_IN_SERVICE: PhoneStatus.DISCONNECTED}


_GATED = {  # channel -> the compliance engine's action for an outbound contact
    Channel.CALL_OUTBOUND: "call", Channel.TEXT: "sms", Channel.EMAIL: "email", Channel.LETTER: "letter",
}
_OUTBOUND_RESULTS = {Result.SENT, Result.DELIVERED}


def log_contact(account: Account, actor, *, channel: str, result: str, phone: Phone | None = None, email=None,
                address=None, note: str = "", occurred_at: datetime | None = None,
                duration_seconds: int | None = None, message_kind: str = MessageKind.COLLECTION,
                dialer: str = Dialer.MANUAL, discussed_accounts: list[int] | None = None, subject: str = "",
                body: str = "", override=None, content: dict | None = None, render=None) -> ContactAttempt:
    """Record one contact attempt and its outcome, after the compliance engine allowed it.

    Outbound calls, texts, emails and letters go through the engine at the time they happen: a blocked one is
    refused with ComplianceBlocked (its decision is kept as evidence) unless a supervisor's `override` lifts
    it. `render(decision)`, when given, writes (and sends) the message once the engine allowed it and returns
    its text. Inbound contacts are always recorded, with the engine's view kept as evidence. A call needs the
    phone dialled (one of the account's debtors'); "wrong number" and "not in service" mark that phone so
    nobody dials it again; the first attempt on a new account puts it to work (active).
    """
    from arrears.compliance.actions import gate
    from arrears.compliance.facts_db import Proposal

    if channel not in Channel.values:
        raise InvalidInput(f"{channel!r} is not a channel", field="channel")
    if result not in RESULTS_BY_CHANNEL[channel]:
        allowed = ", ".join(Result(r).label for r in RESULTS_BY_CHANNEL[channel])
        raise InvalidInput(f"{Result(result).label if result in Result.values else result!r} is not an outcome of "
                           f"a {Channel(channel).label.lower()} (one of: {allowed})", field="result")
    if message_kind not in MessageKind.values:
        raise InvalidInput(f"{message_kind!r} is not a kind of message", field="message_kind")
    if dialer not in Dialer.values:
        raise InvalidInput(f"{dialer!r} is not a way of dialling", field="dialer")
    debtor_ids = set(account.parties.values_list("debtor_id", flat=True))
    if channel in (Channel.CALL_OUTBOUND, Channel.CALL_INBOUND, Channel.TEXT) and phone is None:
        raise InvalidInput("choose the phone number", field="phone")
    if channel == Channel.EMAIL and email is None:
        raise InvalidInput("choose the email address", field="email")
    if channel == Channel.LETTER and address is None:
        raise InvalidInput("choose the address", field="address")
    for point, label in ((phone, "phone"), (email, "email"), (address, "address")):
        if point is not None and point.debtor_id not in debtor_ids:
            raise InvalidInput(f"that {label} does not belong to a debtor on this account", field=label)
    if phone is not None and not phone.active and channel in (Channel.CALL_OUTBOUND, Channel.TEXT):
        raise InvalidInput(f"{phone.display} is no longer in use ({phone.ended_reason}); choose a current number",
                           field="phone")
    if occurred_at is not None and timezone.is_naive(occurred_at):
        raise InvalidInput("the time of the contact needs a time zone", field="occurred_at")
    if occurred_at is not None and occurred_at > timezone.now() + timedelta(minutes=5):
        raise InvalidInput("a contact cannot be logged in the future", field="occurred_at")
    others = _other_accounts(account, discussed_accounts or [], debtor_ids)
    when = occurred_at or timezone.now()

    def write(decision=None) -> ContactAttempt:
        if account.status == Status.NEW:
            change_status(account, Status.ACTIVE, "first contact attempt", actor)
        point = phone or email or address
        text = render(decision) if render is not None else body
        attempt = ContactAttempt.objects.create(
            account=account, debtor_id=point.debtor_id if point else None, channel=channel, result=result,
            phone=phone, email=email, address=address, occurred_at=occurred_at or timezone.now(), duration_seconds=duration_seconds,
            note=note.strip(), by=actor if actor is not None and actor.pk else None, message_kind=message_kind,
            dialer=dialer, discussed_accounts=others, subject=subject.strip(), body=text,
        )
        audit.record(actor, "contact.logged", attempt,
                     f"{Channel(channel).label}: {Result(result).label}" + (f" — {phone.display}" if phone else ""),
                     after={"channel": channel, "result": result, "phone": phone.e164 if phone else None},
                     account_id=account.pk)
        if phone is not None and result in _PHONE_STATUS_FROM_RESULT:
            set_phone_status(phone, _PHONE_STATUS_FROM_RESULT[result], actor, reason=f"call outcome on {account}")
        return attempt

    action = _GATED.get(channel)
    if channel == Channel.LETTER and message_kind == MessageKind.VALIDATION_NOTICE:
        action = "validation_notice"
    if channel == Channel.CALL_INBOUND:
        action = "respond_on_inbound_call"
    elif action is not None and channel != Channel.CALL_OUTBOUND and result not in _OUTBOUND_RESULTS:
        action = None  # a reply received or a bounce is not a contact the collector makes
    if action is None or (channel == Channel.CALL_INBOUND and result != Result.RIGHT_PARTY):
        with transaction.atomic():
            return write()
    proposal = Proposal(action=action, at=when, phone=phone, email=email, address=address, dialer=dialer,
                        content={"kind": message_kind, **(content or {})}, also_about=others)
    if channel == Channel.CALL_INBOUND:
        return _record_inbound(account, proposal, actor, write)
    attempt, _, _ = gate(account, proposal, actor, override=override, write=write)
    return attempt


def _record_inbound(account, proposal, actor, write) -> ContactAttempt:
    """The consumer called: always recorded, with the engine's view of answering kept as evidence."""
    from arrears.compliance.actions import decide, store_decision

    with transaction.atomic():
        decision, document = decide(account, proposal)
        attempt = write()
        store_decision(account, proposal, decision, document, actor, attempt=attempt)
    return attempt


def _other_accounts(account: Account, ids: list[int], debtor_ids: set[int]) -> list[int]:
    """The debtor's other accounts a contact was also about; an account of someone else is refused."""
    wanted = sorted({int(i) for i in ids} - {account.pk})
    if not wanted:
        return []
    found = set(Account.objects.filter(pk__in=wanted, parties__debtor_id__in=debtor_ids).values_list("pk", flat=True))
    missing = [i for i in wanted if i not in found]
    if missing:
        raise InvalidInput("a discussed account is not one of this debtor's", field="discussed_accounts")
    return wanted


def add_note(account: Account, text: str, actor) -> Note:
    text = text.strip()
    if not text:
        raise InvalidInput("the note is empty", field="text")
    with transaction.atomic():
        note = Note.objects.create(account=account, text=text, by=actor if actor is not None and actor.pk else None)
        audit.record(actor, "note.added", note, f"Note: {text[:120]}", account_id=account.pk)
    return note


_MESSAGE_CHANNELS = {"text": Channel.TEXT, "email": Channel.EMAIL, "letter": Channel.LETTER}


def send_message(account: Account, actor, *, channel: str, kind: str = MessageKind.COLLECTION, phone: Phone | None = None,
                 email=None, address=None, subject: str = "", body: str = "", override=None,
                 attachments=()) -> ContactAttempt:
    """Write a text, an email or a letter, pass it through the compliance engine, send it, and log it.

    Texts and emails go out with the debt-collector disclosure and an opt-out; a letter is rendered from its
    template and queued for the mail house. A validation notice gives the end of the validation period the
    engine computed. Nothing is sent, and nothing logged as sent, when the engine refuses.
    """
    from arrears.ledger.queries import balances

    from . import compose, outbox

    if channel not in _MESSAGE_CHANNELS:
        raise InvalidInput(f"{channel!r} is not text, email or letter", field="channel")
    if kind not in compose.KINDS_BY_CHANNEL[channel]:
        allowed = ", ".join(MessageKind(k).label.lower() for k in compose.KINDS_BY_CHANNEL[channel])
        raise InvalidInput(f"a {channel} can be: {allowed}", field="kind")
    if channel != "letter" and kind == MessageKind.COLLECTION and not body.strip():
        raise InvalidInput("write the message", field="body")
    if channel == "email" and not subject.strip():
        subject = f"{account.client.name} account ending {account.client_account_number[-4:]}"
    point = {"text": phone, "email": email, "letter": address}[channel]
    if point is None:
        raise InvalidInput(f"choose the {'number' if channel == 'text' else 'address'}", field="point")

    def deliver(decision) -> str:
        """Compose and hand over the message; returns what was sent."""
        if channel == "text":
            text = compose.text_message(body, kind)
            outbox.send_text(phone.e164, text)
        elif channel == "email":
            text = compose.email_message(body, kind)
            outbox.send_email(email.address, subject.strip(), text, attachments)
        else:
            debtor = address.debtor
            text = compose.letter(kind, account=account, debtor=debtor, address=address, balances=balances(account.pk),
                                  validation_period_end=decision.dates.get("validation_period_end") if decision else None,
                                  body=body)
        return text

    content = {"disclosures": ["initial", "subsequent"], "opt_out_notice": True} if channel != "letter" else {
        "disclosures": ["initial", "subsequent"]}
    if kind == "opt_out_confirmation":
        content = {}
    return log_contact(account, actor, channel=_MESSAGE_CHANNELS[channel], result=Result.SENT,
                       **{"text": {"phone": phone}, "email": {"email": email}, "letter": {"address": address}}[channel],
                       message_kind=kind, subject=subject.strip(), body="", override=override,
                       content=content, render=deliver)
