"""What the restrictions on file mean for a manually dialled call, read for a whole portfolio at once.

Most restrictions either do not bear on such a call (consents to email, texts or robocalls, notices the
collector sent), or stop it outright with no time that cures it (a cease, a death, a pending bankruptcy, an
attorney whose name and address are known, "stop calling", a timely written dispute not yet answered), or
make certain times inconvenient. Those the batch path applies itself, each to the collectors it binds (a
creditor collecting in its own name is not bound by Regulation F: only by the bankruptcy rules, and in
California by the Rosenthal Act). Debtors with anything else on file go to the full engine.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings

from arrears.contacts.models import Channel, MessageKind, Result

from .engine.clock import local_date
from .engine.packs import REG_F
from .engine.rules.validation import period_end
from .facts_db import agency_zone
from .models import Kind, ReceivedVia
from .rows import aware, db_time, json_value, rows
from .vocabulary import ANSWER_CHANNELS, ANSWER_EVENT, ELECTRONIC_MEDIA, OUTGOING, SPOKEN, written_medium

# Kinds that do not bear on a manually dialled call to the consumer (they concern texts, emails, robocalls,
# third parties or lawsuits; or answer a dispute, which only matters with the dispute).
IGNORED_FOR_CALLS = {
    Kind.EMAIL_CONSENT, Kind.SMS_CONSENT, Kind.ESIGN_CONSENT, Kind.REASSIGNED_NUMBER_CHECK, Kind.CREDITOR_EMAIL_NOTICE,
    Kind.TCPA_CONSENT, Kind.TCPA_REVOCATION, Kind.THIRD_PARTY_CONSENT, Kind.LIMITATIONS_EXPIRED, Kind.ORAL_DISPUTE,
    Kind.CONSENT_REVOKED,
}
ANSWERS = {Kind.VERIFICATION_SENT, Kind.ORIGINAL_CREDITOR_INFO_SENT, Kind.DUPLICATIVE_DISPUTE_NOTICE_SENT}
DISPUTES = {Kind.WRITTEN_DISPUTE, Kind.ORIGINAL_CREDITOR_REQUEST}
ATTORNEY_KINDS = {Kind.ATTORNEY, Kind.ATTORNEY_CONSENT, Kind.ATTORNEY_CONTACTED, Kind.ATTORNEY_RESPONDED}
# Kinds decided here (some only in their simple forms: the others send the debtor to the engine). A kind not
# named here always sends the debtor to the full engine.
HANDLED = frozenset(IGNORED_FOR_CALLS | ANSWERS | DISPUTES | ATTORNEY_KINDS | {
    Kind.CONSENT_ADDITIONAL_CALLS, Kind.WRITTEN_CEASE, Kind.DECEASED, Kind.BANKRUPTCY, Kind.MEDIUM_OPT_OUT,
    Kind.INCONVENIENT_TIME})
STALE_CONSENT = timedelta(days=17)  # a consent covers seven days of calls; the calls read go back nine more
# Ways a cease may arrive that every collector accepts (the electronic ones count where the collector accepts them).
_ACCEPTED_ALWAYS = {via for via in ReceivedVia if written_medium(via) not in ELECTRONIC_MEDIA}
_WEEKDAY = {name: n for n, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}

# Which collectors a block binds: everyone (bankruptcy, death), Regulation F and California's Rosenthal Act
# (cease, attorney, disputes), Regulation F only ("stop calling", 1006.14(h)).
EVERYONE, FDCPA, REG_F_ONLY = "everyone", "fdcpa", "reg_f"


@dataclass
class OnFile:
    blocks: dict[int, list] = field(default_factory=dict)        # debtor -> [(account or None, reason, binds)]
    engine: set[int] = field(default_factory=set)                 # debtors the full engine decides
    inconvenient: dict[int, tuple] = field(default_factory=dict)  # debtor -> inconvenient times

    def block_for(self, debtor: int, account: int, mode: str, state: str | None) -> str | None:
        """The first block on file that binds this collector for this account."""
        for scope, reason, binds in self.blocks.get(debtor, ()):
            if scope is not None and scope != account:
                continue
            if binds == EVERYONE or (binds == FDCPA and (mode in REG_F or state == "CA")) or (
                    binds == REG_F_ONLY and mode in REG_F):
                return reason
        return None


def load_restrictions(at: datetime) -> OnFile:
    on_file = OnFile()
    blocks: dict[int, list] = defaultdict(list)
    attorneys: dict[int, list] = defaultdict(list)
    inconvenient: dict[int, list] = defaultdict(list)
    disputes: dict[int, list] = defaultdict(list)
    answers: dict[int, list] = defaultdict(list)
    accepted = set(settings.COMPLIANCE_ACCEPTS_ELECTRONIC_NOTICES) | _ACCEPTED_ALWAYS
    stale = at - STALE_CONSENT
    for debtor_id, account_id, kind, via, details, phone_id, received_at in rows(
            "SELECT debtor_id, account_id, kind, received_via, details, phone_id, received_at FROM compliance_restriction "
            "WHERE received_at <= %s AND (ended_at IS NULL OR ended_at > %s)", [db_time(at), db_time(at)]):
        if kind not in HANDLED:
            on_file.engine.add(debtor_id)  # nothing here knows what it means for a call: the engine does
            continue
        if kind in IGNORED_FOR_CALLS:
            continue
        details = json_value(details) or {}
        if kind in DISPUTES:
            if account_id is None:
                on_file.engine.add(debtor_id)  # about every debt, each with its own validation period
            else:
                disputes[debtor_id].append((kind, account_id, aware(received_at), via, details))
        elif kind in ANSWERS:
            answers[debtor_id].append((kind, None if account_id is None else {account_id}, aware(received_at)))
        elif kind == Kind.CONSENT_ADDITIONAL_CALLS and aware(received_at) < stale:
            continue  # it covered calls on seven days long past: nothing it covers is counted any more
        elif kind == Kind.WRITTEN_CEASE:
            if via in accepted:  # one by a medium the collector does not accept is only a warning
                blocks[debtor_id].append((account_id, "written cease", FDCPA))
        elif kind == Kind.DECEASED:
            blocks[debtor_id].append((None, "deceased", EVERYONE))
        elif kind == Kind.BANKRUPTCY and details.get("status", "pending") in ("dismissed", "closed"):
            continue
        elif kind == Kind.BANKRUPTCY and details.get("status", "pending") == "pending":
            blocks[debtor_id].append((account_id, "bankruptcy", EVERYONE))
        elif kind == Kind.MEDIUM_OPT_OUT and phone_id is None:
            if details.get("medium") == "call":
                blocks[debtor_id].append((None, "asked not to be called", REG_F_ONLY))
        elif kind in ATTORNEY_KINDS:
            attorneys[debtor_id].append((kind, account_id, details))
        elif kind == Kind.INCONVENIENT_TIME:
            inconvenient[debtor_id].append(_inconvenient(details))
        else:
            on_file.engine.add(debtor_id)
    for debtor_id, found in attorneys.items():
        if {k for k, _, _ in found} - {Kind.ATTORNEY}:
            on_file.engine.add(debtor_id)  # a consent or a pending response: the engine weighs them
            continue
        for _, account_id, details in found:
            if details.get("name") and details.get("address"):
                blocks[debtor_id].append((account_id, "represented by an attorney", FDCPA))
    if disputes:
        _dispute_blocks(disputes, answers, blocks)
    on_file.blocks = dict(blocks)
    on_file.inconvenient = {d: tuple(items) for d, items in inconvenient.items()}
    return on_file


def _inconvenient(details: dict) -> tuple:
    def minutes(clock: str) -> int:
        return int(clock[:2]) * 60 + int(clock[3:])

    until = details.get("until")
    return (frozenset(_WEEKDAY[d] for d in details.get("days") or _WEEKDAY), minutes(details.get("from") or "00:00"),
            minutes(details.get("to") or "24:00"), date.fromisoformat(until) if until else None)


def _dispute_blocks(disputes: dict, answers: dict, blocks: dict) -> None:
    """Timely written disputes and original-creditor requests not yet answered stop collection of the debt
    (12 CFR 1006.38(c), (d)(2)). Reads the debtors' validation notices, returned mail and answering letters."""
    notices, returned, sent_answers = _letters(list(disputes))
    observed = settings.COMPLIANCE_OBSERVED_HOLIDAYS
    for debtor_id, found in disputes.items():
        answered = answers.get(debtor_id, []) + sent_answers.get(debtor_id, [])
        for kind, account, received, via, details in found:
            if _stops(kind, account, received, via, details, found, answered, notices.get(debtor_id, []),
                      returned.get(debtor_id, []), observed):
                blocks[debtor_id].append((account, "disputed in writing" if kind == Kind.WRITTEN_DISPUTE
                                          else "asked for the original creditor", FDCPA))


def _touches(event_accounts, account: int) -> bool:
    """Is an event about `account`? (None: about every account.)"""
    return event_accounts is None or account in event_accounts


def _period_end(account, notices, returned, observed) -> date | None:
    """The end of the validation period of the notice in force for `account` (cmt 34(b)(5)-2: the latest one
    not returned undeliverable), or None when none was sent."""
    for sent_at, notice_accounts, point in reversed(notices):
        if not _touches(notice_accounts, account):
            continue
        if any(back_at > sent_at and back_point in (None, point) and _touches(back_accounts, account)
               for back_at, back_accounts, back_point in returned):
            continue
        return period_end(local_date(sent_at, agency_zone()), observed=observed)
    return None


def _stops(kind, account, received, via, details, found, answered, notices, returned, observed) -> bool:
    end = _period_end(account, notices, returned, observed)
    if end is not None and local_date(received, agency_zone()) > end:
        return False  # after the validation period: reported as disputed, but collection goes on
    if kind == Kind.ORIGINAL_CREDITOR_REQUEST:
        if via in SPOKEN:
            return False
        return not any(k == Kind.ORIGINAL_CREDITOR_INFO_SENT and at > received and _touches(a, account)
                       for k, a, at in answered)
    if any(k == Kind.VERIFICATION_SENT and at > received and _touches(a, account) for k, a, at in answered):
        return False
    if details.get("repeats_earlier_dispute") and not details.get("new_material_information"):
        earlier = [r for k, s, r, _, _ in found if k == Kind.WRITTEN_DISPUTE and r < received and s == account]
        duplicative = any(k == Kind.VERIFICATION_SENT and first < at < received and _touches(a, account)
                          for first in earlier for k, a, at in answered)
        if duplicative and any(k == Kind.DUPLICATIVE_DISPUTE_NOTICE_SENT and at > received and _touches(a, account)
                               for k, a, at in answered):
            return False
    return True


_WRITTEN_CHANNELS = ", ".join(f"'{c.value}'" for c in (Channel.LETTER, Channel.EMAIL, Channel.TEXT))


def _letters(debtor_ids: list[int]):
    """Validation notices sent, mail returned, and answers sent (verification, original creditor) of these
    debtors, from their contact attempts: (instant, accounts, contact point) and (kind, accounts, instant)."""
    notices, returned, answered = defaultdict(list), defaultdict(list), defaultdict(list)
    for start in range(0, len(debtor_ids), 500):
        chunk = debtor_ids[start:start + 500]
        marks = ", ".join(["%s"] * len(chunk))
        for debtor_id, account_id, channel, result, kind, occurred_at, discussed, phone_id, email_id, address_id in rows(
                "SELECT debtor_id, account_id, channel, result, message_kind, occurred_at, discussed_accounts, "
                "phone_id, email_id, address_id FROM contacts_contactattempt "
                f"WHERE debtor_id IN ({marks}) AND channel IN ({_WRITTEN_CHANNELS}) ORDER BY occurred_at, id",
                chunk):
            accounts = {account_id, *(json_value(discussed) or [])}
            point = ("phone", phone_id) if phone_id else ("email", email_id) if email_id else ("address", address_id)
            at = aware(occurred_at)
            if result == Result.RETURNED:
                returned[debtor_id].append((at, accounts, point))
            elif result in OUTGOING:
                if kind == MessageKind.VALIDATION_NOTICE:
                    notices[debtor_id].append((at, accounts, point))
                elif kind in ANSWER_EVENT and channel in ANSWER_CHANNELS:
                    answered[debtor_id].append((ANSWER_EVENT[kind], accounts, at))
    return notices, returned, answered
