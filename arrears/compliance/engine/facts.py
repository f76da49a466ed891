"""The facts document the compliance engine decides on, as typed dataclasses, and its strict parser.

The JSON form is specified in docs/compliance.md. `parse_facts` refuses unknown keys and wrong types with
a `FactsError` naming the field's path (e.g. ``history[3].result``), so a typo cannot change a decision.
Pure Python: nothing here may import Django.
"""

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, get_args, get_origin, get_type_hints

# The agency's zone when a facts document does not give `collector.tz`: what it sends and receives is dated
# in it (a letter mailed, a dispute received). The product's default TIME_ZONE setting is the same zone.
DEFAULT_AGENCY_ZONE = "America/New_York"

class FactsError(ValueError):
    """A facts document that does not follow the format; `path` names the field."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


CollectorKind = Literal["fdcpa_debt_collector", "creditor_own_name", "creditor_using_other_name"]
PointType = Literal["mobile", "landline_home", "landline_work", "email", "postal_address"]
BelongsTo = Literal["consumer", "third_party", "consumer_attorney", "estate_representative", "unknown"]
Place = Literal["home", "work"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
NumberSource = Literal["consumer_to_collector", "consumer_to_creditor", "creditor", "prior_collector", "skip_trace",
                       "third_party", "unknown"]
CallResult = Literal["conversation", "no_answer_rang", "voicemail_reached_no_message", "voicemail_lcm",
                     "voicemail_message", "answered_by_third_party", "busy", "not_in_service"]
Medium = Literal["call", "sms", "email", "letter", "electronic"]
ConsentOf = Literal["additional_calls", "email", "sms", "inconvenient_time"]  # what a revocation withdraws
Action = Literal["call", "ringless_voicemail", "voicemail", "sms", "email", "letter", "respond_on_inbound_call",
                 "validation_notice", "furnish_to_cra", "lawsuit", "proof_of_claim", "place_for_collection",
                 "dispute_classification", "records_purge_check", "compliance_review",
                 "creditor_email_transfer_notice"]
Recipient = Literal["consumer", "third_party", "consumer_attorney", "estate_representative", "creditor", "cra"]
Dialer = Literal["manual", "autodialer", "prerecorded_voice"]
ContentKind = Literal["collection", "limited_content_message", "validation_notice", "verification",
                      "original_creditor_info", "termination_notice", "remedy_notice", "opt_out_confirmation",
                      "payment_receipt", "location_inquiry"]


@dataclass(slots=True)
class Collector:
    kind: CollectorKind
    tz: str = DEFAULT_AGENCY_ZONE  # IANA zone of the collector's office: the calendar of its own dates
    licensed_states: list[str] = field(default_factory=list)
    accepts_electronic_notices: list[Literal["email", "portal", "sms"]] = field(default_factory=lambda: ["email", "portal"])


@dataclass(slots=True)
class LocationSignal:
    tz: str
    signal: str = "unknown"


@dataclass(slots=True)
class InconvenientTime:
    days: list[Weekday] = field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
    from_: str = "00:00"
    to: str = "24:00"
    tz: str = "consumer_local"
    until: date | None = None
    learned_ts: datetime | None = None


@dataclass(slots=True)
class InconvenientPlace:
    place: Place
    learned_ts: datetime | None = None


@dataclass(slots=True)
class Consumer:
    id: str = "consumer"
    state: str | None = None
    locality: Literal["NYC"] | None = None
    location_signals: list[LocationSignal] = field(default_factory=list)
    inconvenient_times: list[InconvenientTime] = field(default_factory=list)
    inconvenient_places: list[InconvenientPlace] = field(default_factory=list)
    known_current_place: Place | None = None
    deceased: bool = False
    language: str = "en"


@dataclass(slots=True)
class ContactPoint:
    id: str
    type: PointType
    value: str = ""
    belongs_to: BelongsTo = "consumer"
    person: str | None = None
    place: Place | None = None
    employer_provided: bool = False
    domain_public: bool | None = None
    number_source: NumberSource = "unknown"
    tcpa_prior_express_consent: bool = False
    creditor_obtained_from_consumer: bool = False
    creditor_used: bool = False
    creditor_asked_to_stop: bool = False
    prior_collector_obtained_per_procedures: bool = False
    immediately_prior_collector_used: bool = False
    status: Literal["valid", "wrong_number", "disconnected", "undeliverable"] = "valid"

    @property
    def who(self) -> str:
        """The person who answers this point, for counting calls per person."""
        if self.person:
            return self.person
        if self.belongs_to in ("consumer", "estate_representative", "consumer_attorney"):
            return self.belongs_to
        return self.id

    @property
    def where(self) -> str | None:
        """The place the point is associated with (cmt 6(b)(1)(ii)-1): landlines and addresses have one."""
        if self.place:
            return self.place
        return {"landline_home": "home", "landline_work": "work"}.get(self.type)


@dataclass(slots=True)
class Debt:
    id: str
    kind: str = "other"
    student_loan_account_at_placement: str | None = None
    time_barred: bool = False
    discharged_in_bankruptcy: bool = False
    status: Literal["open", "paid", "settled"] = "open"
    secured_by_lien: bool = False


@dataclass(slots=True)
class Event:
    """One history event. Which optional fields an event may carry is in EVENT_FIELDS."""

    ts: datetime
    event: str
    contact_point: str | None = None
    person: str | None = None
    debt_ids: list[str] | None = None
    counted_debt_ids: list[str] | None = None
    conversation_debt_ids: list[str] | None = None
    result: CallResult | None = None
    dialer: Dialer | None = None
    about_debt: bool = True
    medium: str | None = None
    until_date: date | None = None
    until_ts: datetime | None = None
    specific_days: list[date] | None = None
    given_to: Literal["collector", "creditor", "prior_collector"] = "collector"
    of: ConsentOf | None = None
    opt_out_deadline: date | None = None
    mailed_ts: datetime | None = None
    received_ts: datetime | None = None
    refuses_to_pay: bool = False
    portion: str = "all"
    new_material_information: bool = False
    repeats_earlier_dispute: bool | None = None
    written: bool = True
    chapter: int | None = None
    filed: date | None = None
    amount_cents: int | None = None
    paid_in_full: bool = False
    settled: bool = False
    call_ts: datetime | None = None
    check_result: Literal["not_reassigned", "reassigned", "no_data"] | None = None
    content: "Content | None" = None
    text: str = ""


_CALL = {"contact_point", "person", "debt_ids", "counted_debt_ids", "conversation_debt_ids", "result", "dialer"}
EVENT_FIELDS: dict[str, set[str]] = {
    "call_outbound": _CALL,
    "ringless_voicemail": {"contact_point", "person", "debt_ids", "counted_debt_ids", "content"},
    "call_inbound": {"contact_point", "person", "debt_ids", "conversation_debt_ids"},
    "sms_outbound": {"contact_point", "debt_ids", "about_debt", "dialer"},
    "email_outbound": {"contact_point", "debt_ids", "about_debt"},
    "sms_inbound": {"contact_point", "debt_ids"},
    "email_inbound": {"contact_point", "debt_ids"},
    "letter_mailed": {"contact_point", "debt_ids", "about_debt"},
    "validation_notice_sent": {"contact_point", "debt_ids", "medium"},
    "undeliverable_notice": {"contact_point", "debt_ids"},
    "consent_additional_calls": {"person", "debt_ids", "until_date", "specific_days", "given_to"},
    "consent_inconvenient_time": {"given_to", "until_ts"},
    "consent_revoked": {"of", "contact_point", "debt_ids"},
    "email_consent": {"contact_point", "given_to", "debt_ids"},
    "sms_consent": {"contact_point", "given_to", "debt_ids"},
    "esign_consent": {"contact_point", "debt_ids"},
    "reassigned_number_check": {"contact_point", "result"},
    "creditor_notice_sent": {"contact_point", "opt_out_deadline"},
    "medium_opt_out": {"medium", "contact_point", "person"},
    "written_cease_request": {"mailed_ts", "received_ts", "medium", "refuses_to_pay", "debt_ids"},
    "written_dispute": {"debt_ids", "portion", "medium", "new_material_information", "repeats_earlier_dispute"},
    "oral_dispute": {"debt_ids", "portion"},
    "original_creditor_request": {"debt_ids", "written"},
    "verification_sent": {"debt_ids"},
    "duplicative_dispute_notice_sent": {"debt_ids"},
    "original_creditor_info_sent": {"debt_ids"},
    "number_not_consumers_learned": {"contact_point"},
    "third_party_consent": {"person"},
    "location_request_by_person": {"person"},
    "bankruptcy_notice": {"chapter", "filed", "debt_ids"},
    "tcpa_revocation": {"contact_point"},
    "payment": {"debt_ids", "amount_cents", "paid_in_full", "settled"},
    "furnished_to_cra": {"debt_ids"},
    "last_collection_activity": {"debt_ids"},
    "call_recorded": {"call_ts"},
    "note": {"text"},
}
_EVENT_KEYS = {kind: keys | {"ts", "event"} for kind, keys in EVENT_FIELDS.items()}
# JSON keys that name a different attribute for one kind of event.
_EVENT_ATTRIBUTE = {("reassigned_number_check", "result"): "check_result"}


@dataclass(slots=True)
class Attorney:
    debt_ids: list[str] | None = None
    name_and_address_known: bool = True
    attorney_consented_direct_contact: bool = False
    attorney_failed_to_respond_reasonable_time: bool = False


@dataclass(slots=True)
class Bankruptcy:
    chapter: int | None = None
    filed: date | None = None
    status: Literal["pending", "discharged", "dismissed", "closed"] = "pending"
    collector_aware: bool = True
    debt_ids: list[str] | None = None


@dataclass(slots=True)
class Standing:
    attorney: Attorney | None = None
    employer_prohibits_communication_at_work: bool = False
    bankruptcy: Bankruptcy | None = None
    court_permission: bool = False


@dataclass(slots=True)
class ClockWindow:
    from_: str
    to: str


@dataclass(slots=True)
class Policy:
    """An agency or client policy. Every setting can only make the rules stricter."""

    name: str = "policy"
    max_calls_per_7_days: int | None = None
    max_call_attempts_per_day: int | None = None
    call_window: ClockWindow | None = None
    require_electronic_safe_harbor: bool = False
    observed_holidays_are_holidays: bool = False


@dataclass(slots=True)
class Content:
    kind: ContentKind | None = None  # unsaid: collection, or a location inquiry when it goes to a third party
    items: list[str] | None = None
    disclosures: list[Literal["initial", "subsequent"]] | None = None
    languages: list[str] | None = None
    disclosure_languages: list[str] | None = None
    opt_out_notice: bool | None = None
    opt_out_requires: list[Literal["fee", "other_information"]] = field(default_factory=list)
    threatens_suit: bool = False
    about_portion: Literal["all", "undisputed"] = "all"
    marked_disputed: bool | None = None
    visible_to_public: bool = False
    opt_out_deadline: date | None = None
    record: Literal["account_records", "call_recording"] = "account_records"
    call_ts: datetime | None = None
    required_by_law: bool = False


@dataclass(slots=True)
class Proposed:
    ts: datetime
    action: Action
    to: Recipient = "consumer"
    contact_point: str | None = None
    debt_ids: list[str] | None = None
    counted_debt_ids: list[str] | None = None
    dialer: Dialer = "manual"
    initiated_by: Literal["collector", "response_to_consumer"] = "collector"
    content: Content = field(default_factory=Content)


@dataclass(slots=True)
class Facts:
    as_of: datetime
    collector: Collector
    consumer: Consumer
    proposed: Proposed
    contact_points: list[ContactPoint] = field(default_factory=list)
    debts: list[Debt] = field(default_factory=list)
    history: list[Event] = field(default_factory=list)
    standing: Standing = field(default_factory=Standing)
    policy: list[Policy] = field(default_factory=list)


# JSON keys that are Python keywords or clash with event fields get a different attribute name.
_RENAMED = {"from": "from_"}
_JSON_NAME = {"from_": "from"}


def parse_facts(document: Any) -> Facts:
    """A Facts from a decoded JSON object; raises FactsError naming the first field that is wrong."""
    facts = _build(Facts, document, "")
    _check_references(facts)
    return facts


@functools.cache
def _schema(cls) -> tuple[dict, frozenset, tuple]:
    """A dataclass's field readers (one per field, compiled from its type), names and required fields."""
    fields = dataclasses.fields(cls)
    required = tuple(f.name for f in fields
                     if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
    hints = get_type_hints(cls)
    return {name: _reader(hint) for name, hint in hints.items()}, frozenset(f.name for f in fields), required


def _build(cls, data: Any, path: str):
    if not isinstance(data, dict):
        raise FactsError(path, f"expected an object, got {_kind(data)}")
    if cls is Event:
        return _build_event(data, path)
    readers, names, required = _schema(cls)
    values = {}
    for key, raw in data.items():
        name = _RENAMED.get(key, key)
        if name not in names:
            raise FactsError(_join(path, key), f"unknown field (known: {', '.join(sorted(_JSON_NAME.get(n, n) for n in names))})")
        if raw is None and name not in required:
            continue  # unknown: the field's default
        values[name] = readers[name](raw, path, key)
    for name in required:
        if name not in values:
            raise FactsError(_join(path, _JSON_NAME.get(name, name)), "is required")
    return cls(**values)


def _build_event(data: dict, path: str) -> Event:
    kind = data.get("event")
    if kind not in EVENT_FIELDS:
        raise FactsError(_join(path, "event"), f"unknown event {kind!r} (known: {', '.join(sorted(EVENT_FIELDS))})")
    allowed = _EVENT_KEYS[kind]
    readers = _schema(Event)[0]
    values: dict[str, Any] = {}
    for key, raw in data.items():
        if key not in allowed:
            raise FactsError(_join(path, key), f"not a field of a {kind} event (fields: {', '.join(sorted(allowed))})")
        if raw is None and key not in ("ts", "event"):
            continue  # unknown: the field's default
        name = _EVENT_ATTRIBUTE.get((kind, key), key)
        values[name] = readers[name](raw, path, key)
    if "ts" not in values:
        raise FactsError(_join(path, "ts"), "is required")
    if kind == "written_cease_request" and "received_ts" in values and values["received_ts"] != values["ts"]:
        # A cease notice takes effect on receipt (cmt 6(c)(1)-1): the event's time is the receipt.
        values["ts"] = values["received_ts"]
    return Event(**values)


def _reader(hint):
    """A function (raw, parent path, key) -> value for one field type. The path is only built on error."""
    origin, args = get_origin(hint), get_args(hint)
    if origin in (typing.Union, types.UnionType):
        nullable = type(None) in args
        options = [_reader(a) for a in args if a is not type(None)]

        def union(raw, path, key):
            if raw is None:
                if nullable:
                    return None
                raise FactsError(_join(path, key), "must not be null")
            if len(options) == 1:
                return options[0](raw, path, key)
            first_error = None
            for option in options:
                try:
                    return option(raw, path, key)
                except FactsError as exc:
                    first_error = first_error or exc
            raise first_error
        return union
    if origin is Literal:
        allowed = frozenset(args)
        shown = ", ".join(map(str, args))

        def literal(raw, path, key):
            if isinstance(raw, (list, dict)) or raw not in allowed:
                raise FactsError(_join(path, key), f"{raw!r} is not one of {shown}")
            return raw
        return literal
    if origin is list:
        item = _reader(args[0])

        def listing(raw, path, key):
            if not isinstance(raw, list):
                raise FactsError(_join(path, key), f"expected a list, got {_kind(raw)}")
            here = _join(path, key)
            return [item(value, here, f"[{i}]") for i, value in enumerate(raw)]
        return listing
    if hint is datetime:
        return lambda raw, path, key: _instant(raw, _join(path, key))
    if hint is date:
        def day(raw, path, key):
            if not isinstance(raw, str):
                raise FactsError(_join(path, key), f"expected a date YYYY-MM-DD, got {_kind(raw)}")
            try:
                return date.fromisoformat(raw)
            except ValueError:
                raise FactsError(_join(path, key), f"{raw!r} is not a date YYYY-MM-DD") from None
        return day
    simple = {bool: ("true or false", lambda v: isinstance(v, bool)),
              int: ("a whole number", lambda v: isinstance(v, int) and not isinstance(v, bool)),
              str: ("text", lambda v: isinstance(v, str))}
    if hint in simple:
        label, check = simple[hint]

        def plain(raw, path, key):
            if not check(raw):
                raise FactsError(_join(path, key), f"expected {label}, got {_kind(raw)}")
            return raw
        return plain
    if isinstance(hint, str) or dataclasses.is_dataclass(hint):
        return lambda raw, path, key: _build(_resolve(hint), raw, _join(path, key))
    raise TypeError(f"no reader for {hint}")  # pragma: no cover - a field type this parser lacks


def _resolve(hint):
    return globals()[hint] if isinstance(hint, str) else hint


def _instant(raw: Any, path: str) -> datetime:
    if not isinstance(raw, str):
        raise FactsError(path, f"expected an instant such as 2026-04-07T14:00:00-04:00, got {_kind(raw)}")
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise FactsError(path, f"{raw!r} is not an ISO 8601 instant") from None
    if value.tzinfo is None:
        raise FactsError(path, f"{raw!r} has no UTC offset; give one, e.g. {raw}-05:00")
    return value


def _check_references(facts: Facts) -> None:
    """Ids used in history and proposed must exist; zones must be real IANA zones."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    points = {p.id for p in facts.contact_points}
    debts = {d.id for d in facts.debts}
    zones = [("collector.tz", facts.collector.tz)]
    zones += [(f"consumer.location_signals[{i}].tz", s.tz) for i, s in enumerate(facts.consumer.location_signals)]
    zones += [(f"consumer.inconvenient_times[{i}].tz", t.tz) for i, t in enumerate(facts.consumer.inconvenient_times)
              if t.tz != "consumer_local"]
    for path, name in zones:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise FactsError(path, f"{name!r} is not an IANA time zone") from None
    for i, item in enumerate(facts.consumer.inconvenient_times):
        for key in ("from_", "to"):
            if not _is_clock(getattr(item, key)):
                raise FactsError(f"consumer.inconvenient_times[{i}].{_JSON_NAME.get(key, key)}",
                                 f"{getattr(item, key)!r} is not a clock time HH:MM")
    for i, event in enumerate(facts.history):
        if event.contact_point is not None and event.contact_point not in points:
            raise FactsError(f"history[{i}].contact_point", f"{event.contact_point!r} is not in contact_points")
        for key in ("debt_ids", "counted_debt_ids", "conversation_debt_ids"):
            for debt in getattr(event, key) or []:
                if debt not in debts:
                    raise FactsError(f"history[{i}].{key}", f"{debt!r} is not in debts")
    proposed = facts.proposed
    if proposed.contact_point is not None and proposed.contact_point not in points:
        raise FactsError("proposed.contact_point", f"{proposed.contact_point!r} is not in contact_points")
    for key in ("debt_ids", "counted_debt_ids"):
        for debt in getattr(proposed, key) or []:
            if debt not in debts:
                raise FactsError(f"proposed.{key}", f"{debt!r} is not in debts")
    for i, policy in enumerate(facts.policy):
        if policy.max_calls_per_7_days is not None and not 0 <= policy.max_calls_per_7_days <= 7:
            raise FactsError(f"policy[{i}].max_calls_per_7_days", "a policy can only be stricter than 7 calls in 7 days")
        if policy.max_call_attempts_per_day is not None and policy.max_call_attempts_per_day < 0:
            raise FactsError(f"policy[{i}].max_call_attempts_per_day", "must be 0 or more")
        if policy.call_window and not (_is_clock(policy.call_window.from_) and _is_clock(policy.call_window.to)):
            raise FactsError(f"policy[{i}].call_window", "from and to must be clock times HH:MM")


def _is_clock(text: str) -> bool:
    if len(text) != 5 or text[2] != ":" or not (text[:2] + text[3:]).isdigit():
        return False
    hours, minutes = int(text[:2]), int(text[3:])
    return (hours < 24 and minutes < 60) or text == "24:00"


def _join(path: str, key: str) -> str:
    if key.startswith("["):
        return f"{path}{key}"
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), type(value).__name__)
