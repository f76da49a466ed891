"""Writes of contact attempts and notes on an account.

`check_attempt` validates what is about to be recorded and `record_attempt` writes it. Outbound calls,
texts, emails and letters are recorded only through the compliance engine's gate
(`arrears.compliance.actions.log_contact` and `send_message`), which decides first and then calls
`record_attempt` in the same transaction; this app knows nothing of the engine.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from arrears.accounts.actions import put_to_work
from arrears.accounts.models import Account, Status
from arrears.audit import actions as audit
from arrears.core.errors import InvalidInput
from arrears.debtors.actions import set_phone_status
from arrears.debtors.models import Address, Email, Phone, PhoneStatus

from .models import RESULTS_BY_CHANNEL, Channel, ContactAttempt, Dialer, MessageKind, Note, Result

_PHONE_STATUS_FROM_RESULT = {Result.WRONG_NUMBER: PhoneStatus.WRONG_NUMBER, Result.NOT_IN_SERVICE: PhoneStatus.DISCONNECTED}


@dataclass
class Attempt:
    """A contact attempt checked and ready to be recorded."""

    account: Account
    channel: str
    result: str
    phone: Phone | None = None
    email: Email | None = None
    address: Address | None = None
    note: str = ""
    occurred_at: datetime | None = None
    duration_seconds: int | None = None
    message_kind: str = MessageKind.COLLECTION
    dialer: str = Dialer.MANUAL
    discussed_accounts: list[int] = field(default_factory=list)
    subject: str = ""
    body: str = ""

    @property
    def point(self):
        return self.phone or self.email or self.address

    @property
    def when(self) -> datetime:
        return self.occurred_at or timezone.now()


def check_attempt(account: Account, *, channel: str, result: str, phone: Phone | None = None,
                  email: Email | None = None, address: Address | None = None, note: str = "",
                  occurred_at: datetime | None = None, duration_seconds: int | None = None,
                  message_kind: str = MessageKind.COLLECTION, dialer: str = Dialer.MANUAL,
                  discussed_accounts: list[int] | None = None, subject: str = "", body: str = "") -> Attempt:
    """The attempt, checked: a known channel and outcome, the contact point it needs (one of the account's
    debtors', and current for a call or text), a time that is not in the future, and other accounts it was
    about that are the same debtor's. Raises InvalidInput naming the field otherwise."""
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
    return Attempt(account, channel, result, phone, email, address, note.strip(), occurred_at, duration_seconds,
                   message_kind, dialer, others, subject.strip(), body)


def record_attempt(attempt: Attempt, actor) -> ContactAttempt:
    """Write a checked attempt: the row, its audit, the phone's status after "wrong number" or "not in
    service" (so nobody dials it again), and the first attempt on a new account puts it to work (active)."""
    account, phone = attempt.account, attempt.phone
    with transaction.atomic():
        if account.status == Status.NEW:
            put_to_work(account, "first contact attempt", actor)
        point = attempt.point
        row = ContactAttempt.objects.create(
            account=account, debtor_id=point.debtor_id if point else None, channel=attempt.channel,
            result=attempt.result, phone=phone, email=attempt.email, address=attempt.address,
            occurred_at=attempt.occurred_at or timezone.now(), duration_seconds=attempt.duration_seconds,
            note=attempt.note, by=actor if actor is not None and actor.pk else None,
            message_kind=attempt.message_kind, dialer=attempt.dialer, discussed_accounts=attempt.discussed_accounts,
            subject=attempt.subject, body=attempt.body,
        )
        audit.record(actor, "contact.logged", row,
                     f"{Channel(attempt.channel).label}: {Result(attempt.result).label}"
                     + (f" — {phone.display}" if phone else ""),
                     after={"channel": attempt.channel, "result": attempt.result,
                            "phone": phone.e164 if phone else None},
                     account_id=account.pk)
        if phone is not None and attempt.result in _PHONE_STATUS_FROM_RESULT:
            set_phone_status(phone, _PHONE_STATUS_FROM_RESULT[attempt.result], actor, reason=f"call outcome on {account}")
    return row


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
