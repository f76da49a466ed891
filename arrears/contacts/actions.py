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

from .models import RESULTS_BY_CHANNEL, Channel, ContactAttempt, Note, Result

_PHONE_STATUS_FROM_RESULT = {Result.WRONG_NUMBER: PhoneStatus.WRONG_NUMBER, Result.NOT_IN_SERVICE: PhoneStatus.DISCONNECTED}


def log_contact(account: Account, actor, *, channel: str, result: str, phone: Phone | None = None, email=None,
                address=None, note: str = "", occurred_at: datetime | None = None,
                duration_seconds: int | None = None) -> ContactAttempt:
    """Record one contact attempt and its outcome.

    A call needs the phone dialled (one of the account's debtors'); "wrong number" and "not in service"
    mark that phone so nobody dials it again; the first attempt on a new account puts it to work (active).
    """
    if channel not in Channel.values:
        raise InvalidInput(f"{channel!r} is not a channel", field="channel")
    if result not in RESULTS_BY_CHANNEL[channel]:
        allowed = ", ".join(Result(r).label for r in RESULTS_BY_CHANNEL[channel])
        raise InvalidInput(f"{Result(result).label if result in Result.values else result!r} is not an outcome of "
                           f"a {Channel(channel).label.lower()} (one of: {allowed})", field="result")
    debtor_ids = set(account.parties.values_list("debtor_id", flat=True))
    if channel in (Channel.CALL_OUTBOUND, Channel.CALL_INBOUND, Channel.TEXT):
        if phone is None:
            raise InvalidInput("choose the phone number", field="phone")
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
    with transaction.atomic():
        if account.status == Status.NEW:
            change_status(account, Status.ACTIVE, "first contact attempt", actor)
        when = occurred_at or timezone.now()
        attempt = ContactAttempt.objects.create(
            account=account, debtor_id=(phone or email or address).debtor_id if (phone or email or address) else None,
            channel=channel, result=result, phone=phone, email=email, address=address, occurred_at=when,
            duration_seconds=duration_seconds, note=note.strip(), by=actor if actor is not None and actor.pk else None,
        )
        audit.record(actor, "contact.logged", attempt,
                     f"{Channel(channel).label}: {Result(result).label}" + (f" — {phone.display}" if phone else ""),
                     after={"channel": channel, "result": result, "phone": phone.e164 if phone else None},
                     account_id=account.pk)
        if phone is not None and result in _PHONE_STATUS_FROM_RESULT:
            set_phone_status(phone, _PHONE_STATUS_FROM_RESULT[result], actor, reason=f"call outcome on {account}")
    return attempt


def add_note(account: Account, text: str, actor) -> Note:
    text = text.strip()
    if not text:
        raise InvalidInput("the note is empty", field="text")
    with transaction.atomic():
        note = Note.objects.create(account=account, text=text, by=actor if actor is not None and actor.pk else None)
        audit.record(actor, "note.added", note, f"Note: {text[:120]}", account_id=account.pk)
    return note
