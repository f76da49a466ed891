"""The facts document for a proposed contact, built from the database: the same document `arrears compliance
check` reads, so that `explain --facts | check -` gives the same decision.

The consumer is one debtor (the one whose number, address or email is used; the account's primary debtor
otherwise); the debts are all that debtor's accounts, so calls count per debt across linked accounts.

Consents belong to the creditor relationship they were given in: the facts for an account show only the
consents given for its client (the contact points' Provenance rows of that client, and the consent
restrictions recorded for it). What limits contact protects the consumer whoever the creditor, and counts
for every account (docs/compliance.md, "Which facts are per debtor, per creditor, per debt").
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from arrears.accounts.models import Account, AccountDebtor, DebtType, Role, Status
from arrears.contacts.models import Channel, ContactAttempt, MessageKind, Result
from arrears.debtors.models import Address, Debtor, Email, Phone
from arrears.debtors.normalize import zip_info
from arrears.debtors.queries import point_key, provenance_rows

from .models import PER_CLIENT_KINDS, Kind, Restriction
from .vocabulary import (ADDRESS_STATUS, ANSWER_CHANNELS, ANSWER_EVENT, CALL_EVENT, CALL_OUTCOME, EMAIL_STATUS,
                         FROM_CREDITOR, GIVEN_FOR_A_DEBT, INBOUND_CONVERSATION, NOT_ABOUT_DEBT, NOTICE_MEDIUM,
                         NUMBER_SOURCE, OUTGOING, PHONE_STATUS, PHONE_TYPE, RECEIVED_EVENT, SENT_EVENT, SPOKEN,
                         written_medium)

NYC_COUNTIES = {"New York County", "Kings County", "Queens County", "Bronx County", "Richmond County"}


@dataclass
class Proposal:
    """What is about to happen, in the database's terms."""

    action: str
    at: datetime
    phone: Phone | None = None
    email: Email | None = None
    address: Address | None = None
    to: str = "consumer"
    dialer: str = "manual"
    initiated_by: str = "collector"
    content: dict = field(default_factory=dict)
    also_about: list[int] = field(default_factory=list)  # other account ids the contact is about

    @property
    def point(self):
        return self.phone or self.email or self.address


def agency_zone() -> str:
    """The agency's IANA zone (the TIME_ZONE setting): the calendar of what the collector sends and receives."""
    return settings.TIME_ZONE


def point_id(point) -> str:
    return f"{point._meta.model_name}-{point.pk}"


def facts_document(account: Account, proposal: Proposal, *, debtor: Debtor | None = None) -> dict:
    """The facts document for `proposal` on `account` (for the debtor whose contact point it uses)."""
    point = proposal.point
    if debtor is None:
        debtor = point.debtor if point is not None else primary_debtor(account)
    return Snapshot(debtor, account).document(proposal)


@dataclass
class DebtorRows:
    debtor: Debtor
    accounts: list = field(default_factory=list)
    restrictions: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    emails: list = field(default_factory=list)
    addresses: list = field(default_factory=list)
    attempts: list = field(default_factory=list)
    provenance: dict = field(default_factory=dict)  # (client id, point key) -> that client's Provenance row


def load_rows(debtor_ids, *, debtors: list[Debtor] | None = None) -> dict[int, DebtorRows]:
    """Everything the facts need about these debtors, in eight queries whatever their number (seven when the
    caller has the debtors' rows already)."""
    ids = list(debtor_ids)
    rows = {d.pk: DebtorRows(d) for d in (debtors if debtors is not None else Debtor.objects.filter(pk__in=ids))}
    account_debtors: dict[int, list[int]] = {}
    for link in AccountDebtor.objects.filter(debtor_id__in=ids).select_related("account__client").order_by("account_id"):
        rows[link.debtor_id].accounts.append(link.account)
        account_debtors.setdefault(link.account_id, []).append(link.debtor_id)
    for row in Restriction.objects.filter(debtor_id__in=ids).select_related("phone", "email", "address"):
        rows[row.debtor_id].restrictions.append(row)
    owner: dict[tuple[str, int], int] = {}
    for model, attribute in ((Phone, "phones"), (Email, "emails"), (Address, "addresses")):
        for point in model.objects.filter(debtor_id__in=ids):
            getattr(rows[point.debtor_id], attribute).append(point)
            owner[point_key(point)] = point.debtor_id
    for supplied in provenance_rows(ids):
        key = _supplied_key(supplied)
        if key in owner:
            rows[owner[key]].provenance[(supplied.client_id, key)] = supplied
    attempts = (ContactAttempt.objects.filter(account_id__in=list(account_debtors))
                .filter(Q(debtor_id__in=ids) | Q(debtor__isnull=True)).order_by("occurred_at", "pk"))
    for attempt in attempts:
        for debtor_id in ([attempt.debtor_id] if attempt.debtor_id else account_debtors[attempt.account_id]):
            if debtor_id in rows:
                rows[debtor_id].attempts.append(attempt)
    return rows


def _supplied_key(row) -> tuple[str, int]:
    return ("phone", row.phone_id) if row.phone_id else ("email", row.email_id) if row.email_id else (
        "address", row.address_id)


class Snapshot:
    """One debtor's rows, loaded once, from which facts documents for several proposals are built (the
    account screen decides for every phone, email and address at once). `Snapshot.many` loads the rows of
    many debtors in a few queries, for the portfolio path."""

    def __init__(self, debtor: Debtor, account: Account, *, rows: "DebtorRows | None" = None):
        rows = rows or load_rows([debtor.pk], debtors=[debtor])[debtor.pk]
        self.debtor, self.account = debtor, account
        accounts = rows.accounts
        self.accounts = accounts if any(a.pk == account.pk for a in accounts) else [account, *accounts]
        self.debt_id = _debt_ids(self.accounts)
        client_id = account.client_id
        # A consent recorded for another client's account is no consent here; everything else counts.
        self.restrictions = [r for r in rows.restrictions if r.kind not in PER_CLIENT_KINDS or r.client_id == client_id]
        self.phones, self.emails, self.addresses = rows.phones, rows.emails, rows.addresses
        self.supplied = {key: row for (client, key), row in rows.provenance.items() if client == client_id}
        ids = {a.pk for a in self.accounts}
        self.attempts = [a for a in rows.attempts if a.account_id in ids]

    @classmethod
    def many(cls, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], "Snapshot"]:
        """Snapshots for (debtor id, account id) pairs, loaded together."""
        rows = load_rows({d for d, _ in pairs})
        accounts = {a.pk: a for r in rows.values() for a in r.accounts}
        return {(d, a): cls(rows[d].debtor, accounts[a], rows=rows[d]) for d, a in pairs}


    def document(self, proposal: Proposal) -> dict:
        at = proposal.at
        restrictions = sorted((r for r in self.restrictions if r.active_at(at)), key=lambda r: (r.received_at, r.pk))
        debt_id = self.debt_id
        tcpa = {r.phone_id for r in restrictions if r.kind == Kind.TCPA_CONSENT and r.phone_id}
        supplied = self.supplied
        points = ([_phone(p, tcpa, supplied) for p in self.phones] + [_email(e, supplied) for e in self.emails]
                  + [_address(a) for a in self.addresses])
        history = [event for attempt in self.attempts if attempt.occurred_at <= at
                   for event in attempt_events(attempt, debt_id)]
        history += _restriction_events(restrictions, debt_id)
        history += [e for e in _flag_events(self.phones, self.emails, supplied)
                    if datetime.fromisoformat(e["ts"]) <= at]
        history.sort(key=lambda e: datetime.fromisoformat(e["ts"]))
        about = [self.account.pk, *[a for a in proposal.also_about if a != self.account.pk]]
        document = {
            "as_of": at.isoformat(),
            "collector": {"kind": self.account.client.collection_mode, "tz": agency_zone(),
                          "licensed_states": settings.COMPLIANCE_LICENSED_STATES,
                          "accepts_electronic_notices": settings.COMPLIANCE_ACCEPTS_ELECTRONIC_NOTICES},
            "consumer": _consumer(self.debtor, self.phones, self.addresses, restrictions),
            "contact_points": points,
            "debts": [_debt(a, debt_id, restrictions) for a in self.accounts],
            "history": history,
            "standing": _standing(restrictions, debt_id, at),
            "policy": _policies(self.account),
            "proposed": {
                "ts": at.isoformat(), "action": proposal.action, "to": proposal.to,
                "debt_ids": [debt_id[a] for a in about if a in debt_id],
                "dialer": proposal.dialer, "initiated_by": proposal.initiated_by, "content": proposal.content,
            },
        }
        if proposal.point is not None:
            document["proposed"]["contact_point"] = point_id(proposal.point)
        return document


def primary_debtor(account: Account) -> Debtor:
    link = AccountDebtor.objects.filter(account=account, role=Role.PRIMARY).select_related("debtor").first()
    return link.debtor


def _debt_ids(accounts: list[Account]) -> dict[int, str]:
    """Account numbers as debt ids; the client's code is added where two clients use the same number."""
    numbers = [a.client_account_number for a in accounts]
    return {a.pk: (a.client_account_number if numbers.count(a.client_account_number) == 1
                   else f"{a.client.code}:{a.client_account_number}") for a in accounts}


def _zones(points) -> list[str]:
    return [z for p in points if p.active for z in (p.time_zones or [])]


def _consumer(debtor: Debtor, phones, addresses, restrictions) -> dict:
    current = next((a for a in addresses if a.active), None)
    signals, seen = [], set()
    for signal, zones in (("address", _zones(addresses)), ("area_code", _zones(phones))):
        for zone in zones:
            if (signal, zone) not in seen:
                seen.add((signal, zone))
                signals.append({"signal": signal, "tz": zone})
    locality = None
    if current is not None:
        info = zip_info(current.zip_code) or {}
        locality = "NYC" if current.state == "NY" and info.get("county") in NYC_COUNTIES else None
    times, places = [], []
    for r in restrictions:
        if r.kind == Kind.INCONVENIENT_TIME:
            item = {k: r.details[k] for k in ("days", "from", "to", "until") if r.details.get(k)}
            times.append({**item, "learned_ts": r.received_at.isoformat()})
        elif r.kind == Kind.INCONVENIENT_PLACE:
            places.append({"place": r.details.get("place", "home"), "learned_ts": r.received_at.isoformat()})
    return {
        "id": f"debtor-{debtor.pk}", "state": current.state if current else None, "locality": locality,
        "location_signals": signals, "inconvenient_times": times, "inconvenient_places": places,
        "deceased": any(r.kind == Kind.DECEASED for r in restrictions), "language": debtor.language or "en",
    }


def _number_source(point, supplied: dict) -> str:
    """Where the account's client's side got the point. A point only another client supplied is, for this
    client, of unknown origin: the consumer did not give it for this debt."""
    mine = supplied.get(point_key(point))
    if mine is not None:
        return NUMBER_SOURCE.get(mine.source, "unknown")
    if point.source in GIVEN_FOR_A_DEBT:
        return "unknown"
    return NUMBER_SOURCE.get(point.source, "unknown")


def _phone(phone: Phone, tcpa: set[int], supplied: dict) -> dict:
    mine = supplied.get(point_key(phone))
    return {"id": point_id(phone), "type": PHONE_TYPE[phone.kind], "value": phone.e164,
            "number_source": _number_source(phone, supplied),
            "tcpa_prior_express_consent": bool(mine and mine.consent_autodialer) or phone.pk in tcpa,
            "status": PHONE_STATUS.get(phone.status, "valid")}


def _email(email: Email, supplied: dict) -> dict:
    mine = supplied.get(point_key(email))
    return {"id": point_id(email), "type": "email", "value": email.address,
            "number_source": _number_source(email, supplied),
            "creditor_obtained_from_consumer": bool(mine and mine.consent_email and mine.source in FROM_CREDITOR),
            "status": EMAIL_STATUS.get(email.status, "valid")}


def _flag_events(phones, emails, supplied: dict) -> list[dict]:
    """The consent flags kept on contact points, as events: a consent the debtor gave the collector (with a
    number or address the debtor or a collector added while this client's account was worked) counts from
    when it was added; "do not call" is an opt-out, whoever the creditor."""
    events = []
    for phone in phones:
        ts = phone.added_at.isoformat()
        if not phone.consent_call:
            events.append({"ts": ts, "event": "medium_opt_out", "medium": "call", "contact_point": point_id(phone)})
        mine = supplied.get(point_key(phone))
        if mine is not None and mine.consent_text and mine.source not in FROM_CREDITOR:
            events.append({"ts": mine.added_at.isoformat(), "event": "sms_consent", "contact_point": point_id(phone),
                           "given_to": "collector"})
    for email in emails:
        mine = supplied.get(point_key(email))
        if mine is not None and mine.consent_email and mine.source not in FROM_CREDITOR:
            events.append({"ts": mine.added_at.isoformat(), "event": "email_consent", "contact_point": point_id(email),
                           "given_to": "collector"})
    return events


def _address(address: Address) -> dict:
    return {"id": point_id(address), "type": "postal_address", "value": address.one_line, "place": "home",
            "status": ADDRESS_STATUS.get(address.status, "valid")}


def _debt(account: Account, debt_id: dict, restrictions) -> dict:
    barred = any(r.kind == Kind.LIMITATIONS_EXPIRED and r.account_id in (None, account.pk) for r in restrictions)
    discharged = any(r.kind == Kind.BANKRUPTCY and r.details.get("status") == "discharged"
                     and r.account_id in (None, account.pk) for r in restrictions)
    status = {Status.PAID_IN_FULL: "paid", Status.SETTLED: "settled"}.get(account.status, "open")
    debt = {"id": debt_id[account.pk], "kind": account.debt_type, "time_barred": barred,
            "discharged_in_bankruptcy": discharged, "status": status,
            "secured_by_lien": account.debt_type == DebtType.AUTO_LOAN}
    if account.debt_type == DebtType.STUDENT_LOAN and account.original_account_number:
        debt["student_loan_account_at_placement"] = account.original_account_number
    return debt


def attempt_events(attempt: ContactAttempt, debt_id: dict) -> list[dict]:
    """A contact attempt as facts-document events: the contact, and for a letter that answers a dispute or a
    request, that answer too."""
    event = _attempt_event(attempt, debt_id)
    if event is None:
        return []
    if attempt.channel in ANSWER_CHANNELS and event["event"] == SENT_EVENT[attempt.channel] \
            and attempt.message_kind in ANSWER_EVENT:
        answer = {"ts": event["ts"], "event": ANSWER_EVENT[attempt.message_kind], "debt_ids": event["debt_ids"]}
        return [event, answer]
    return [event]


def _attempt_event(attempt: ContactAttempt, debt_id: dict) -> dict | None:
    debts = [debt_id[a] for a in [attempt.account_id, *attempt.discussed_accounts] if a in debt_id]
    base = {"ts": attempt.occurred_at.isoformat()}
    for name in ("phone", "email", "address"):  # by id: no query for the contact point itself
        if getattr(attempt, f"{name}_id"):
            base["contact_point"] = f"{name}-{getattr(attempt, f'{name}_id')}"
            break
    channel, result, kind = attempt.channel, attempt.result, attempt.message_kind
    if channel == Channel.CALL_OUTBOUND:
        event = {**base, "event": CALL_EVENT[channel], "result": CALL_OUTCOME[result], "counted_debt_ids": debts,
                 "dialer": attempt.dialer}
        if result == Result.RIGHT_PARTY:
            event["conversation_debt_ids"] = debts
        return event
    if channel == Channel.CALL_INBOUND:
        if result != INBOUND_CONVERSATION:
            return None
        return {**base, "event": CALL_EVENT[channel], "conversation_debt_ids": debts}
    if result == Result.RETURNED:
        return {**base, "event": "undeliverable_notice", "debt_ids": debts}
    if result == Result.RECEIVED and channel in RECEIVED_EVENT:
        return {**base, "event": RECEIVED_EVENT[channel], "debt_ids": debts}
    if result in OUTGOING and channel in SENT_EVENT:
        if kind == MessageKind.VALIDATION_NOTICE:
            return {**base, "event": "validation_notice_sent", "debt_ids": debts, "medium": NOTICE_MEDIUM[channel]}
        event = {**base, "event": SENT_EVENT[channel], "debt_ids": debts, "about_debt": kind not in NOT_ABOUT_DEBT}
        return event
    return None


def _restriction_events(restrictions, debt_id) -> list[dict]:
    return [e for e in (_restriction_event(r, debt_id) for r in restrictions) if e is not None]


_AS_EVENT = {Kind.CONSENT_ADDITIONAL_CALLS, Kind.CONSENT_INCONVENIENT_TIME, Kind.EMAIL_CONSENT, Kind.SMS_CONSENT,
             Kind.ESIGN_CONSENT, Kind.CONSENT_REVOKED, Kind.TCPA_REVOCATION, Kind.REASSIGNED_NUMBER_CHECK,
             Kind.MEDIUM_OPT_OUT, Kind.WRITTEN_CEASE, Kind.NUMBER_NOT_CONSUMERS, Kind.WRITTEN_DISPUTE,
             Kind.ORAL_DISPUTE, Kind.ORIGINAL_CREDITOR_REQUEST, Kind.VERIFICATION_SENT, Kind.ORIGINAL_CREDITOR_INFO_SENT,
             Kind.DUPLICATIVE_DISPUTE_NOTICE_SENT, Kind.THIRD_PARTY_CONSENT, Kind.CREDITOR_EMAIL_NOTICE}
_DEBT_SCOPED = {Kind.CONSENT_ADDITIONAL_CALLS, Kind.WRITTEN_CEASE, Kind.WRITTEN_DISPUTE, Kind.ORAL_DISPUTE,
                Kind.ORIGINAL_CREDITOR_REQUEST, Kind.VERIFICATION_SENT, Kind.ORIGINAL_CREDITOR_INFO_SENT,
                Kind.DUPLICATIVE_DISPUTE_NOTICE_SENT}


def _restriction_event(r: Restriction, debt_id: dict) -> dict | None:
    if r.kind not in _AS_EVENT:
        return None
    d = r.details
    event = {"ts": r.received_at.isoformat(), "event": r.kind}
    point = r.phone or r.email or r.address
    if point is not None and r.kind not in _DEBT_SCOPED:
        event["contact_point"] = point_id(point)
    if r.kind in _DEBT_SCOPED and r.account_id is not None:
        event["debt_ids"] = [debt_id[r.account_id]] if r.account_id in debt_id else []
    if r.kind == Kind.CONSENT_ADDITIONAL_CALLS:
        event.update({k: d[k] for k in ("until_date", "specific_days") if d.get(k)})
    elif r.kind == Kind.CONSENT_INCONVENIENT_TIME and d.get("until_ts"):
        event["until_ts"] = d["until_ts"]
    elif r.kind == Kind.CONSENT_REVOKED:
        event["of"] = d.get("of") or None
        event = {k: v for k, v in event.items() if v is not None}
    elif r.kind == Kind.REASSIGNED_NUMBER_CHECK:
        event["result"] = d.get("result", "no_data")
    elif r.kind == Kind.MEDIUM_OPT_OUT:
        event["medium"] = d.get("medium", "call")
    elif r.kind == Kind.WRITTEN_CEASE:
        event.update(received_ts=r.received_at.isoformat(), medium=written_medium(r.received_via),
                     refuses_to_pay=bool(d.get("refuses_to_pay")))
        if d.get("mailed_ts"):
            event["mailed_ts"] = d["mailed_ts"]
    elif r.kind == Kind.WRITTEN_DISPUTE:
        event.update(portion=d.get("portion") or "all", new_material_information=bool(d.get("new_material_information")),
                     repeats_earlier_dispute=bool(d.get("repeats_earlier_dispute")))
        event["medium"] = written_medium(r.received_via)
    elif r.kind == Kind.ORIGINAL_CREDITOR_REQUEST:
        event["written"] = r.received_via not in SPOKEN
    elif r.kind == Kind.THIRD_PARTY_CONSENT:
        event["person"] = d.get("person", "third party")
    elif r.kind == Kind.CREDITOR_EMAIL_NOTICE:
        event["opt_out_deadline"] = d.get("opt_out_deadline")
    return event


def _standing(restrictions, debt_id, at) -> dict:
    standing = {"attorney": None, "employer_prohibits_communication_at_work": False, "bankruptcy": None,
                "court_permission": False}
    attorneys = []
    for r in restrictions:
        debts = [debt_id[r.account_id]] if r.account_id in debt_id else None
        if r.kind == Kind.ATTORNEY:
            attorneys.append((r, debts))
        elif r.kind == Kind.BANKRUPTCY:
            standing["bankruptcy"] = {"chapter": r.details.get("chapter"), "filed": r.details.get("filed"),
                                      "status": r.details.get("status", "pending"), "collector_aware": True,
                                      "debt_ids": debts}
        elif r.kind == Kind.EMPLOYER_PROHIBITS:
            standing["employer_prohibits_communication_at_work"] = True
        elif r.kind == Kind.COURT_PERMISSION:
            standing["court_permission"] = True
    if attorneys:
        standing["attorney"] = _attorney(attorneys, restrictions, at)
    return standing


def _attorney(attorneys, restrictions, at) -> dict:
    """One attorney standing from every representation on file: the debts of those whose name and address
    are known (None = every debt), or, when none is, the latest one as not yet known."""
    known = [(r, debts) for r, debts in attorneys if r.details.get("name") and r.details.get("address")]
    chosen = known or attorneys[-1:]
    debt_ids = None
    if all(debts is not None for _, debts in chosen):
        debt_ids = sorted({d for _, debts in chosen for d in debts})
    first = min(r.received_at for r, _ in chosen)
    contacted = [c for c in restrictions if c.kind == Kind.ATTORNEY_CONTACTED and c.received_at >= first]
    responded = [c for c in restrictions if c.kind == Kind.ATTORNEY_RESPONDED and c.received_at >= first]
    waited = timedelta(days=settings.COMPLIANCE_ATTORNEY_RESPONSE_DAYS)
    return {
        "debt_ids": debt_ids, "name_and_address_known": bool(known),
        "attorney_consented_direct_contact": any(c.kind == Kind.ATTORNEY_CONSENT for c in restrictions),
        "attorney_failed_to_respond_reasonable_time": bool(contacted) and not responded
        and at - min(c.received_at for c in contacted) >= waited,
    }


def _policies(account: Account) -> list[dict]:
    policies = []
    agency = {"name": "agency"}
    if settings.COMPLIANCE_MAX_CALLS_PER_7_DAYS < 7:
        agency["max_calls_per_7_days"] = settings.COMPLIANCE_MAX_CALLS_PER_7_DAYS
    if settings.COMPLIANCE_MAX_CALL_ATTEMPTS_PER_DAY:
        agency["max_call_attempts_per_day"] = settings.COMPLIANCE_MAX_CALL_ATTEMPTS_PER_DAY
    if settings.COMPLIANCE_CALL_WINDOW:
        start, end = settings.COMPLIANCE_CALL_WINDOW.split("-")
        agency["call_window"] = {"from": start, "to": end}
    if settings.COMPLIANCE_REQUIRE_ELECTRONIC_SAFE_HARBOR:
        agency["require_electronic_safe_harbor"] = True
    if settings.COMPLIANCE_OBSERVED_HOLIDAYS:
        agency["observed_holidays_are_holidays"] = True
    if len(agency) > 1:
        policies.append(agency)
    client = account.client
    mine = {"name": f"client {client.code}"}
    if client.max_calls_per_7_days is not None:
        mine["max_calls_per_7_days"] = client.max_calls_per_7_days
    if client.max_call_attempts_per_day is not None:
        mine["max_call_attempts_per_day"] = client.max_call_attempts_per_day
    if client.call_window_start and client.call_window_end:
        mine["call_window"] = {"from": f"{client.call_window_start:%H:%M}", "to": f"{client.call_window_end:%H:%M}"}
    if len(mine) > 1:
        policies.append(mine)
    return policies
