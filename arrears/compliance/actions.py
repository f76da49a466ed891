"""Writes of the compliance domain: restrictions with their evidence, decisions kept as evidence, overrides,
and the contacts the engine gates.

`gate` is the one gate: every call, text, email, letter and dial-list row goes through it. `log_contact` and
`send_message` are how a contact attempt is recorded: they decide, then record through the contacts app. A block
is refused unless a supervisor overrides it with a rebuttal factor of Reg F cmt 14(b)(2)(ii)-2, which only
the call-frequency presumptions and the agency's or client's stricter policies allow.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import get_args

from django.db import transaction
from django.utils import timezone

from arrears.accounts.actions import change_status
from arrears.accounts.models import OPEN_STATUSES, TRANSITIONS, Account, Status
from arrears.audit import actions as audit
from arrears.clients.models import Client
from arrears.contacts import compose, outbox
from arrears.contacts.actions import Attempt, check_attempt, record_attempt
from arrears.contacts.models import Channel, ContactAttempt, Dialer, MessageKind, Result
from arrears.core.errors import ArrearsError, InvalidInput, NotAllowed
from arrears.debtors.models import Debtor, Phone
from arrears.ledger.queries import balances

from .dial_list import dial_list_csv
from .engine import decide_document
from .engine.decision import Decision
from .engine.facts import ConsentOf, Medium, Place, Weekday
from .engine.packs import PACKS
from .facts_db import Proposal, Snapshot, primary_debtor
from .models import (
    PER_CLIENT_KINDS,
    DecisionRecord,
    DialListExport,
    Kind,
    RebuttalFactor,
    ReceivedVia,
    Restriction,
)
from .portfolio import Portfolio, portfolio_verdicts


class ComplianceBlocked(ArrearsError):
    """The engine refused the contact; `decision` has the reasons, `record` the stored evidence."""

    def __init__(self, decision: Decision, record: DecisionRecord):
        super().__init__(decision.summary)
        self.decision = decision
        self.record = record


@dataclass(frozen=True)
class Override:
    factor: str
    reason: str


# -- restrictions ----------------------------------------------------------------------------------------

WEEKDAYS = get_args(Weekday)
MEDIA = get_args(Medium)
PLACES = get_args(Place)
CONSENTS_REVOCABLE = get_args(ConsentOf)
# Ending these takes a supervisor: they protect the consumer and an ended one lets collection resume.
SUPERVISOR_TO_END = {Kind.WRITTEN_CEASE, Kind.ATTORNEY, Kind.BANKRUPTCY, Kind.DECEASED, Kind.WRITTEN_DISPUTE,
                     Kind.ORIGINAL_CREDITOR_REQUEST, Kind.LIMITATIONS_EXPIRED}
# A restriction that changes the account's status, and to what.
_STATUS_FOR = {Kind.WRITTEN_CEASE: Status.CEASE, Kind.BANKRUPTCY: Status.BANKRUPT, Kind.DECEASED: Status.DECEASED,
               Kind.WRITTEN_DISPUTE: Status.DISPUTED}


def _clock(value, field: str) -> str:
    text = str(value or "").strip()
    if len(text) != 5 or text[2] != ":" or not (text[:2] + text[3:]).isdigit() or not (
            int(text[:2]) < 24 and int(text[3:]) < 60 or text == "24:00"):
        raise InvalidInput(f"{text!r} is not a time of day HH:MM", field=field)
    return text


def _date(value, field: str, required: bool = False) -> str | None:
    if value in (None, ""):
        if required:
            raise InvalidInput("a date is required", field=field)
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InvalidInput(f"{value!r} is not a date YYYY-MM-DD", field=field) from None


def _clean_details(kind: str, details: dict) -> dict:
    """The details a kind needs, checked; anything else is dropped."""
    d = details or {}
    if kind == Kind.INCONVENIENT_TIME:
        days = [x for x in (d.get("days") or WEEKDAYS)]
        if not days or any(x not in WEEKDAYS for x in days):
            raise InvalidInput("days must be some of mon, tue, wed, thu, fri, sat, sun", field="days")
        start, end = _clock(d.get("from") or "00:00", "from"), _clock(d.get("to") or "24:00", "to")
        if start >= end:
            raise InvalidInput("the inconvenient time must end after it starts", field="to")
        return {"days": days, "from": start, "to": end, "until": _date(d.get("until"), "until")}
    if kind == Kind.INCONVENIENT_PLACE:
        if d.get("place") not in PLACES:
            raise InvalidInput("the place is home or work", field="place")
        return {"place": d["place"]}
    if kind == Kind.MEDIUM_OPT_OUT:
        if d.get("medium") not in MEDIA:
            raise InvalidInput(f"the medium is one of {', '.join(MEDIA)}", field="medium")
        return {"medium": d["medium"]}
    if kind == Kind.CONSENT_ADDITIONAL_CALLS:
        days = [_date(x, "specific_days") for x in d.get("specific_days") or []]
        return {"until_date": _date(d.get("until_date"), "until_date"), "specific_days": days}
    if kind == Kind.CONSENT_INCONVENIENT_TIME:
        until = d.get("until_ts")
        return {"until_ts": until.isoformat() if isinstance(until, datetime) else until}
    if kind == Kind.CONSENT_REVOKED:
        if d.get("of") not in (None, "", *CONSENTS_REVOCABLE):
            raise InvalidInput("say which consent is withdrawn", field="of")
        return {"of": d.get("of") or None}
    if kind == Kind.REASSIGNED_NUMBER_CHECK:
        if d.get("result") not in ("not_reassigned", "reassigned", "no_data"):
            raise InvalidInput("the check's result is not_reassigned, reassigned or no_data", field="result")
        return {"result": d["result"]}
    if kind == Kind.WRITTEN_CEASE:
        return {"refuses_to_pay": bool(d.get("refuses_to_pay")), "mailed_ts": d.get("mailed_ts") or None}
    if kind == Kind.WRITTEN_DISPUTE:
        return {"portion": (d.get("portion") or "all").strip() or "all",
                "new_material_information": bool(d.get("new_material_information")),
                "repeats_earlier_dispute": bool(d.get("repeats_earlier_dispute"))}
    if kind == Kind.ATTORNEY:
        return {k: (d.get(k) or "").strip() for k in ("name", "address", "phone")}
    if kind == Kind.BANKRUPTCY:
        chapter = d.get("chapter")
        if chapter not in (7, 11, 12, 13, "7", "11", "12", "13"):
            raise InvalidInput("the chapter is 7, 11, 12 or 13", field="chapter")
        status = d.get("status") or "pending"
        if status not in ("pending", "discharged", "dismissed", "closed"):
            raise InvalidInput("the case is pending, discharged, dismissed or closed", field="status")
        return {"chapter": int(chapter), "filed": _date(d.get("filed"), "filed"),
                "case_number": (d.get("case_number") or "").strip(), "status": status}
    if kind == Kind.DECEASED:
        return {"date_of_death": _date(d.get("date_of_death"), "date_of_death"),
                "estate_representative": (d.get("estate_representative") or "").strip()}
    if kind == Kind.THIRD_PARTY_CONSENT:
        if not (d.get("person") or "").strip():
            raise InvalidInput("name the person the consumer agreed the collector may talk to", field="person")
        return {"person": d["person"].strip()}
    if kind == Kind.CREDITOR_EMAIL_NOTICE:
        return {"opt_out_deadline": _date(d.get("opt_out_deadline"), "opt_out_deadline", required=True)}
    if kind == Kind.LIMITATIONS_EXPIRED:
        return {"expired_on": _date(d.get("expired_on"), "expired_on")}
    return {}


_NEEDS_POINT = {Kind.EMAIL_CONSENT: "email", Kind.SMS_CONSENT: "phone", Kind.TCPA_CONSENT: "phone",
                Kind.TCPA_REVOCATION: "phone", Kind.REASSIGNED_NUMBER_CHECK: "phone", Kind.ESIGN_CONSENT: None,
                Kind.NUMBER_NOT_CONSUMERS: "phone", Kind.CREDITOR_EMAIL_NOTICE: "email"}


def _relationship(debtor: Debtor, account: Account | None, client: Client | None, kind: str) -> Client | None:
    """The client whose relationship the restriction was received in: the account's, the one given (the client
    of the account being worked), or the debtor's only client. A consent needs one: it counts for no other."""
    if account is not None:
        if client is not None and client.pk != account.client_id:
            raise InvalidInput("that account is not this client's", field="client")
        return account.client
    if client is not None:
        if not Account.objects.filter(client=client, parties__debtor=debtor).exists():
            raise InvalidInput("the debtor has no account at that client", field="client")
        return client
    clients = list(Client.objects.filter(accounts__parties__debtor=debtor).distinct()[:2])
    if len(clients) == 1:
        return clients[0]
    if kind in PER_CLIENT_KINDS:
        raise InvalidInput("a consent is given to one creditor: say which client's account it was given for",
                           field="client")
    return None


def record_restriction(debtor: Debtor, actor, *, kind: str, received_at: datetime, received_via: str, evidence: str,
                       account: Account | None = None, client: Client | None = None, phone=None, email=None,
                       address=None, details: dict | None = None) -> Restriction:
    """Record what the consumer (or an attorney, a court, the creditor) told the collector, with its evidence.

    `account` files it on one debt (else it is about every debt); `client` is the creditor relationship it
    was received in (the client of the account being worked; the account's client when one is given). A
    consent counts only for that client's accounts; what limits contact counts for every account.

    Some kinds also move the account's status (a written cease to cease, a bankruptcy to bankrupt, a death to
    deceased, a written dispute to disputed) so the queue and the badge show it.
    """
    if kind not in Kind.values:
        raise InvalidInput(f"{kind!r} is not something arrears records", field="kind")
    if received_via not in ReceivedVia.values:
        raise InvalidInput(f"{received_via!r} is not a way of receiving it", field="received_via")
    if timezone.is_naive(received_at):
        raise InvalidInput("when it was received needs a time zone", field="received_at")
    if received_at > timezone.now() + timezone.timedelta(minutes=5):
        raise InvalidInput("it cannot have been received in the future", field="received_at")
    evidence = (evidence or "").strip()
    if not evidence:
        raise InvalidInput("say what was said or received, and where the document is", field="evidence")
    for point, label in ((phone, "phone"), (email, "email"), (address, "address")):
        if point is not None and point.debtor_id != debtor.pk:
            raise InvalidInput(f"that {label} is not this debtor's", field=label)
    needed = _NEEDS_POINT.get(kind)
    if needed == "phone" and phone is None or needed == "email" and email is None:
        raise InvalidInput(f"choose the {needed} this is about", field=needed)
    if account is not None and not account.parties.filter(debtor=debtor).exists():
        raise InvalidInput("that account is not this debtor's", field="account")
    clean = _clean_details(kind, details or {})
    client = _relationship(debtor, account, client, kind)
    with transaction.atomic():
        row = Restriction.objects.create(
            debtor=debtor, account=account, client=client, kind=kind, phone=phone, email=email, address=address,
            received_at=received_at, received_via=received_via, details=clean, evidence=evidence,
            recorded_by=actor if actor is not None and actor.pk else None)
        label = Kind(kind).label
        target = phone or email or address
        summary = f"{label}" + (f" ({target})" if target else "") + f", received {received_at:%m/%d/%Y} by " \
                  f"{ReceivedVia(received_via).label.lower()}: {evidence[:120]}"
        if client is not None and kind in PER_CLIENT_KINDS:
            summary = f"{summary[:200]} (for {client.code})"
        audit.record(actor, "compliance.restriction_recorded", row, summary,
                     after={"kind": kind, "client": client.code if client else None, **clean},
                     account_id=account.pk if account else None, debtor_id=debtor.pk)
        _move_status(row, actor)
    return row


def _move_status(row: Restriction, actor) -> None:
    target = _STATUS_FOR.get(row.kind)
    if target is None or (row.kind == Kind.BANKRUPTCY and row.details.get("status") not in ("pending", None)):
        return
    accounts = [row.account] if row.account else list(Account.objects.filter(parties__debtor=row.debtor))
    for account in accounts:
        if account.status in OPEN_STATUSES and target in TRANSITIONS[account.status] and account.status != target:
            change_status(account, target, f"{Kind(row.kind).label} recorded", actor)


def end_restriction(row: Restriction, reason: str, actor) -> None:
    """End a restriction (the consumer withdrew it, it was recorded in error); the row stays in the history."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("say why it no longer applies", field="reason")
    if row.kind in SUPERVISOR_TO_END and not (actor is None or actor.has_perm("compliance.override_decision")):
        raise NotAllowed(f"ending a {Kind(row.kind).label.lower()} takes a supervisor")
    with transaction.atomic():
        now = timezone.now()
        if not Restriction.objects.filter(pk=row.pk, ended_at__isnull=True).update(
                ended_at=now, ended_by=actor if actor is not None and actor.pk else None, ended_reason=reason[:300]):
            raise InvalidInput("it was already ended")
        audit.record(actor, "compliance.restriction_ended", row, f"{Kind(row.kind).label} ended: {reason}",
                     before={"kind": row.kind}, after={"ended_reason": reason},
                     account_id=row.account_id, debtor_id=row.debtor_id)
    row.ended_at, row.ended_reason = now, reason


# -- decisions -------------------------------------------------------------------------------------------

def decide(account: Account, proposal: Proposal, *, snapshot: Snapshot | None = None,
           debtor: Debtor | None = None) -> tuple[Decision, dict]:
    """The engine's decision on `proposal`, with the facts document it was made on. Nothing is written."""
    if snapshot is None:
        point = proposal.point
        debtor = debtor or (point.debtor if point is not None else primary_debtor(account))
        snapshot = Snapshot(debtor, account)
    document = snapshot.document(proposal)
    return decide_document(document), document


def store_decision(account: Account, proposal: Proposal, decision: Decision, document: dict, actor, *,
                   attempt=None, override: Override | None = None, override_of: DecisionRecord | None = None,
                   debtor: Debtor | None = None) -> DecisionRecord:
    point = proposal.point
    record = DecisionRecord.objects.create(
        proposed_at=proposal.at, account=account,
        debtor=debtor or (point.debtor if point is not None else None), action=proposal.action,
        phone=proposal.phone, email=proposal.email, address=proposal.address, allowed=decision.allowed,
        reasons=[r.as_json() for r in decision.reasons], counts=decision.counts,
        dates=_plain(decision.dates), values=decision.values, packs=decision.packs,
        next_allowed_at=decision.next_allowed_at, facts_sha256=decision.facts_sha256, facts=document,
        overridden=override is not None, override_factor=override.factor if override else "",
        override_reason=override.reason if override else "", override_of=override_of, contact_attempt=attempt,
        decided_for=actor if actor is not None and actor.pk else None)
    if override is not None:
        audit.record(actor, "compliance.overridden", record,
                     f"Override of a blocked {proposal.action}: {RebuttalFactor(override.factor).label} — {override.reason[:120]}",
                     after={"factor": override.factor, "reason": override.reason,
                            "blocks": [r.citation for r in decision.blocks]},
                     account_id=account.pk, debtor_id=record.debtor_id)
    return record


def check_override(decision: Decision, actor, override: Override | None) -> None:
    """Raise unless `override` may lift this decision's blocks."""
    if override is None:
        return
    if not actor.has_perm("compliance.override_decision"):
        raise NotAllowed("overriding a blocked contact takes a supervisor")
    if override.factor not in RebuttalFactor.values:
        raise InvalidInput("choose the rebuttal factor (Reg F cmt 14(b)(2)(ii)-2)", field="override_factor")
    if len(override.reason.strip()) < 10:
        raise InvalidInput("describe why, in a sentence an examiner will understand", field="override_reason")
    if not decision.overridable:
        hard = [r for r in decision.blocks if not r.overridable]
        raise NotAllowed(f"this block cannot be overridden: {hard[0].message} ({hard[0].citation})")


def gate(account: Account, proposal: Proposal, actor, *, override: Override | None = None, write=None,
         debtor: Debtor | None = None):
    """Decide, and if allowed (or overridden), run `write(decision)` in the same transaction and keep the
    decision as evidence linked to what `write` returned (a contact attempt). If blocked, keep the blocked decision and
    raise ComplianceBlocked. The debtor's row is locked so two collectors cannot both pass the same limit."""
    point = proposal.point
    debtor = debtor or (point.debtor if point is not None else primary_debtor(account))
    with transaction.atomic():
        Debtor.objects.select_for_update().filter(pk=debtor.pk).first()
        decision, document = decide(account, proposal, debtor=debtor)
        if decision.allowed or override is not None:
            if not decision.allowed:
                check_override(decision, actor, override)
            attempt = write(decision) if write is not None else None
            record = store_decision(account, proposal, decision, document, actor, attempt=attempt,
                                    override=override if not decision.allowed else None, debtor=debtor)
            return attempt, decision, record
    with transaction.atomic():
        record = store_decision(account, proposal, decision, document, actor, debtor=debtor)
        audit.record(actor, "compliance.blocked", record, f"Blocked {proposal.action}: {decision.summary}"[:300],
                     after={"blocks": [r.citation for r in decision.blocks]}, account_id=account.pk,
                     debtor_id=debtor.pk)
    raise ComplianceBlocked(decision, record)


def _plain(dates: dict) -> dict:
    return {k: (_plain(v) if isinstance(v, dict) else (v.isoformat() if hasattr(v, "isoformat") else v))
            for k, v in dates.items()}


def export_dial_list(actor, *, at: datetime, client_code: str | None = None) -> DialListExport:
    """Decide the portfolio (or one client's accounts) at `at` and keep the callable ones as a dial list."""
    client = None
    if client_code:
        client = Client.objects.filter(code=client_code).first()
        if client is None:
            raise InvalidInput(f"no client with code {client_code!r}", field="client")
    stats = Portfolio()
    callable_rows = [v for v in portfolio_verdicts(at, client_id=client.pk if client else None, stats=stats)
                     if v.callable]
    text = dial_list_csv(callable_rows)
    with transaction.atomic():
        export = DialListExport.objects.create(
            created_by=actor if actor is not None and actor.pk else None, decided_at=at, client=client,
            accounts_considered=stats.considered, rows=len(callable_rows), decided_by_engine=stats.decided_by_engine,
            packs=[p.label for p in PACKS], csv=text, csv_sha256=hashlib.sha256(text.encode()).hexdigest())
        audit.record(actor, "compliance.dial_list_exported", export,
                     f"Dial list of {len(callable_rows)} callable accounts of {stats.considered}"
                     + (f" for {client.code}" if client else ""),
                     after={"decided_at": at.isoformat(), "rows": len(callable_rows)})
    return export


# -- contacts through the gate -------------------------------------------------------------------------------

_GATED = {  # channel -> the compliance engine's action for an outbound contact
    Channel.CALL_OUTBOUND: "call", Channel.TEXT: "sms", Channel.EMAIL: "email", Channel.LETTER: "letter",
}
_OUTBOUND_RESULTS = {Result.SENT, Result.DELIVERED}


def _engine_action(attempt: Attempt) -> str | None:
    """The engine's action for an attempt, or None when it is not a contact the collector makes (a reply
    received, a bounce, a visit, an inbound call that did not reach the debtor)."""
    if attempt.channel == Channel.CALL_INBOUND:
        return "respond_on_inbound_call" if attempt.result == Result.RIGHT_PARTY else None
    if attempt.channel == Channel.LETTER and attempt.message_kind == MessageKind.VALIDATION_NOTICE:
        return "validation_notice" if attempt.result in _OUTBOUND_RESULTS else None
    action = _GATED.get(attempt.channel)
    if action is not None and attempt.channel != Channel.CALL_OUTBOUND and attempt.result not in _OUTBOUND_RESULTS:
        return None
    return action


def log_contact(account: Account, actor, *, channel: str, result: str, phone: Phone | None = None, email=None,
                address=None, note: str = "", occurred_at: datetime | None = None,
                duration_seconds: int | None = None, message_kind: str = MessageKind.COLLECTION,
                dialer: str = Dialer.MANUAL, discussed_accounts: list[int] | None = None, subject: str = "",
                body: str = "", override: Override | None = None, content: dict | None = None,
                render=None) -> ContactAttempt:
    """Record one contact attempt and its outcome, after the compliance engine allowed it.

    Outbound calls, texts, emails and letters go through the engine at the time they happen: a blocked one is
    refused with ComplianceBlocked (its decision is kept as evidence) unless a supervisor's `override` lifts
    it. `render(decision)`, when given, writes (and sends) the message once the engine allowed it and returns
    its text. Inbound contacts are always recorded, with the engine's view kept as evidence. The checks of
    `contacts.actions.check_attempt` apply first.
    """
    attempt = check_attempt(account, channel=channel, result=result, phone=phone, email=email, address=address,
                            note=note, occurred_at=occurred_at, duration_seconds=duration_seconds,
                            message_kind=message_kind, dialer=dialer, discussed_accounts=discussed_accounts,
                            subject=subject, body=body)

    def write(decision=None) -> ContactAttempt:
        if render is not None:
            attempt.body = render(decision)
        return record_attempt(attempt, actor)

    action = _engine_action(attempt)
    if action is None:
        with transaction.atomic():
            return write()
    proposal = Proposal(action=action, at=attempt.when, phone=attempt.phone, email=attempt.email,
                        address=attempt.address, dialer=attempt.dialer,
                        content={"kind": attempt.message_kind, **(content or {})},
                        also_about=attempt.discussed_accounts)
    if attempt.channel == Channel.CALL_INBOUND:
        # The consumer called: always recorded, with the engine's view of answering kept as evidence.
        with transaction.atomic():
            decision, document = decide(account, proposal)
            row = write()
            store_decision(account, proposal, decision, document, actor, attempt=row)
        return row
    row, _, _ = gate(account, proposal, actor, override=override, write=write)
    return row


def send_message(account: Account, actor, *, channel: str, kind: str = MessageKind.COLLECTION,
                 phone: Phone | None = None, email=None, address=None, subject: str = "", body: str = "",
                 override: Override | None = None, attachments=()) -> ContactAttempt:
    """Write a text, an email or a letter, pass it through the compliance engine, send it, and log it.

    Texts and emails go out with the debt-collector disclosure and an opt-out; a letter is rendered from its
    template and queued for the mail house. A validation notice gives the end of the validation period the
    engine computed. Nothing is sent, and nothing logged as sent, when the engine refuses.
    """
    if channel not in compose.MESSAGE_CHANNELS:
        raise InvalidInput(f"{channel!r} is not text, email or letter", field="channel")
    if kind not in compose.KINDS_BY_CHANNEL[channel]:
        allowed = ", ".join(MessageKind(k).label.lower() for k in compose.KINDS_BY_CHANNEL[channel])
        raise InvalidInput(f"a {channel} can be: {allowed}", field="kind")
    if channel != Channel.LETTER and kind == MessageKind.COLLECTION and not body.strip():
        raise InvalidInput("write the message", field="body")
    if channel == Channel.EMAIL and not subject.strip():
        subject = f"{account.client.name} account ending {account.client_account_number[-4:]}"
    given = {"phone": phone, "email": email, "address": address}
    point_kind = compose.POINT_FOR_CHANNEL[channel]
    if given[point_kind] is None:
        raise InvalidInput(f"choose the {'number' if point_kind == 'phone' else 'address'}", field="point")

    def deliver(decision) -> str:
        """Compose and hand over the message; returns what was sent."""
        if channel == Channel.TEXT:
            text = compose.text_message(body, kind)
            outbox.send_text(phone.e164, text)
        elif channel == Channel.EMAIL:
            text = compose.email_message(body, kind)
            outbox.send_email(email.address, subject.strip(), text, attachments)
        else:
            text = compose.letter(kind, account=account, debtor=address.debtor, address=address,
                                  balances=balances(account.pk),
                                  validation_period_end=decision.dates.get("validation_period_end") if decision else None,
                                  body=body)
        return text

    content = {"disclosures": ["initial", "subsequent"], "opt_out_notice": True} if channel != Channel.LETTER else {
        "disclosures": ["initial", "subsequent"]}
    if kind == MessageKind.OPT_OUT_CONFIRMATION:
        content = {}
    return log_contact(account, actor, channel=Channel(channel), result=Result.SENT,
                       **{point_kind: given[point_kind]},
                       message_kind=kind, subject=subject.strip(), body="", override=override,
                       content=content, render=deliver)
