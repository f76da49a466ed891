"""The state one decision is worked out in: the facts indexed for the rules, and the reasons they give."""

from collections import defaultdict
from datetime import date, datetime

from . import clock
from .decision import Reason
from .facts import ContactPoint, Event, Facts

CALLS = frozenset({"call", "ringless_voicemail", "voicemail"})
TALK = CALLS | {"respond_on_inbound_call"}
ELECTRONIC = frozenset({"sms", "email"})
WRITTEN = frozenset({"letter", "email", "sms", "validation_notice"})
CONTACTS = TALK | ELECTRONIC | {"letter", "validation_notice"}
# What "collection of the debt" covers when a rule stops it (disputes, bankruptcy, discharge).
COLLECTION = CONTACTS | {"furnish_to_cra", "lawsuit", "place_for_collection"}
CONSUMER_SIDE = frozenset({"consumer", "estate_representative"})  # 1006.6(a): the consumer, for 1006.6

# Calls that connect to the dialed number count toward call frequency; busy and not in service do not
# (cmt 14(b)(3)(ii)-1).
CONNECTED = frozenset({"conversation", "no_answer_rang", "voicemail_reached_no_message", "voicemail_lcm",
                       "voicemail_message", "answered_by_third_party"})
# Events that convey information about a debt to the consumer (a communication, 1006.2(d)).
_ORAL_COMMUNICATION = frozenset({"call_inbound"})


class Ctx:
    """The facts of one decision, indexed, plus the reasons, counts, dates and values the rules add."""

    def __init__(self, facts: Facts):
        self.facts = facts
        self.proposed = facts.proposed
        self.action = facts.proposed.action
        self.at: datetime = facts.proposed.ts
        self.as_of: datetime = max(facts.as_of, facts.proposed.ts)
        self.content = facts.proposed.content
        zones = []
        for signal in facts.consumer.location_signals:
            if signal.tz not in zones:
                zones.append(signal.tz)
        self.zones: list[str] = zones
        self.agency_zone: str = facts.collector.tz
        self.events: list[Event] = sorted((e for e in facts.history if e.ts <= self.as_of), key=lambda e: e.ts)
        self.by_kind: dict[str, list[Event]] = defaultdict(list)
        for event in self.events:
            self.by_kind[event.event].append(event)
        self.points: dict[str, ContactPoint] = {p.id: p for p in facts.contact_points}
        self.point: ContactPoint | None = self.points.get(facts.proposed.contact_point or "")
        self.all_debt_ids: list[str] = [d.id for d in facts.debts]
        self.debts = {d.id: d for d in facts.debts}
        self.debt_ids: list[str] = list(facts.proposed.debt_ids or self.all_debt_ids)
        self.reasons: list[Reason] = []
        self.counts: dict = {}
        self.dates: dict = {}
        self.values: dict = {}
        self.pack = ""

    # -- reasons -------------------------------------------------------------------------------------
    def block(self, rule: str, citation: str, message: str, *, cure_at: datetime | None = None,
              overridable: bool = False) -> None:
        self.reasons.append(Reason(rule, citation, "block", message, overridable, cure_at, self.pack))

    def warn(self, rule: str, citation: str, message: str) -> None:
        self.reasons.append(Reason(rule, citation, "warn", message, pack=self.pack))

    def info(self, rule: str, citation: str, message: str) -> None:
        self.reasons.append(Reason(rule, citation, "info", message, pack=self.pack))

    # -- what is proposed ----------------------------------------------------------------------------
    @property
    def to_consumer(self) -> bool:
        return self.proposed.to in CONSUMER_SIDE

    @property
    def is_contact(self) -> bool:
        return self.action in CONTACTS

    @property
    def medium(self) -> str | None:
        """The medium of communication the action uses (1006.14(h)): call, sms, email or letter."""
        if self.action in TALK:
            return "call"
        if self.action in ("sms", "email"):
            return self.action
        if self.action == "letter":
            return "letter"
        if self.action == "validation_notice":
            kind = self.point.type if self.point else "postal_address"
            return {"email": "email", "mobile": "sms"}.get(kind, "letter")
        return None

    @property
    def responding(self) -> bool:
        return self.proposed.initiated_by == "response_to_consumer" or self.action == "respond_on_inbound_call"

    def debts_of(self, event: Event, attribute: str = "debt_ids") -> list[str]:
        """The debts an event is about; an event that names none is about every debt."""
        return getattr(event, attribute) or event.debt_ids or self.all_debt_ids

    def touches(self, event: Event, debt_ids=None) -> bool:
        wanted = set(debt_ids if debt_ids is not None else self.debt_ids)
        return bool(wanted & set(self.debts_of(event)))

    def latest(self, kind: str, predicate=lambda e: True) -> Event | None:
        for event in reversed(self.by_kind.get(kind, ())):
            if predicate(event):
                return event
        return None

    def after(self, kind: str, since: datetime, predicate=lambda e: True) -> list[Event]:
        return [e for e in self.by_kind.get(kind, ()) if e.ts > since and predicate(e)]

    # -- dates ---------------------------------------------------------------------------------------
    def local_dates(self, instant: datetime) -> dict[str, date]:
        """The local date of an instant in each of the consumer's zones."""
        return {z: clock.local_date(instant, z) for z in self.zones}

    @property
    def consumer_zone(self) -> str:
        """The consumer's first zone; the agency's when nothing says where the consumer is."""
        return self.zones[0] if self.zones else self.agency_zone

    def consumer_date(self, instant: datetime) -> date:
        """The consumer's local date of an instant (in their first zone, see consumer_zone)."""
        return clock.local_date(instant, self.consumer_zone)

    def today(self) -> date:
        """The consumer's local date now."""
        return self.consumer_date(self.at)

    def sender_date(self, instant: datetime) -> date:
        """The date the collector sent or received something: the date in the agency's zone (`collector.tz`),
        whatever offset the instant is written in."""
        return clock.local_date(instant, self.agency_zone)

    def sender_midnight(self, day: date) -> datetime:
        """The first instant of `day` in the agency's zone (when a block measured in sender dates ends)."""
        return clock.start_of_day(day, self.agency_zone)

    @property
    def observed_holidays(self) -> bool:
        return any(p.observed_holidays_are_holidays for p in self.facts.policy)

    def point_type(self, event: Event) -> str | None:
        point = self.points.get(event.contact_point or "")
        return point.type if point else None

    def opted_out_point(self, point_id: str) -> bool:
        point = self.points.get(point_id)
        medium = {"email": "email", "mobile": "sms"}.get(point.type) if point else None
        for event in self.by_kind.get("medium_opt_out", ()):
            if event.contact_point == point_id:
                return True
            if event.contact_point is None and medium and event.medium in (medium, "electronic"):
                return True
        return False


def is_communication_event(ctx: Ctx, event: Event) -> bool:
    """Did this past event convey information about a debt to the consumer (1006.2(d))?"""
    point = ctx.points.get(event.contact_point or "")
    if point is not None and point.belongs_to not in CONSUMER_SIDE:
        return False
    kind = event.event
    if kind == "call_outbound":
        return event.result in ("conversation", "voicemail_message")
    if kind in _ORAL_COMMUNICATION:
        return True
    if kind in ("sms_outbound", "email_outbound", "letter_mailed"):
        return event.about_debt
    if kind == "validation_notice_sent":
        return True
    if kind == "ringless_voicemail":
        return event.content is not None and not is_limited_content(event.content.items)
    return False


def is_written_event(event: Event) -> bool:
    return event.event in ("sms_outbound", "email_outbound", "letter_mailed") or (
        event.event == "validation_notice_sent" and event.medium != "oral")


LCM_REQUIRED = frozenset({"business_name_not_indicating_debt_collection", "reply_request", "natural_person_name",
                          "phone_number"})
LCM_OPTIONAL = frozenset({"salutation", "date_time", "suggested_reply_times", "any_representative"})


def is_limited_content(items) -> bool:
    """1006.2(j): all four required items, any of the four optional ones, and nothing else."""
    if items is None:
        return False
    present = set(items)
    return LCM_REQUIRED <= present and present <= LCM_REQUIRED | LCM_OPTIONAL
