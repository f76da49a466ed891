"""Call eligibility for a whole portfolio at once: "may we call this account now, on which number, and if
not, when?" Pure Python, no Django.

The batch path decides with the rules the engine applies to a manually dialled call to the consumer —
the hours of 12 CFR 1006.6(b)(1)(i) in every zone, the 1006.14(b)(2) presumptions per debt, Massachusetts'
2-in-7 and 2-in-30, Washington's 3 a week, New York City's 3 in 7, the agency's and client's policies, the
number's status, and the restrictions that stop calls outright (a cease, a pending bankruptcy, a death, an
attorney, "stop calling") — on compact rows instead of facts documents, because a portfolio has millions
of accounts. Debtors with anything subtler on file (a consent, inconvenient times or places, a dispute,
a wrong number) are left to the full engine by the caller (`needs_engine`). A test holds both paths to the
same answers.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from arrears.core.calendar import CALL_WINDOW_MINUTES, FIRST_CONVENIENT, within_call_window

from .context import CONNECTED
from .packs import REG_F
from .rules.states import (MA_OTHER_EVENTS, MA_REACHED, NYC_COUNTED_EVENTS, PERSONAL, WA_COUNTED, WA_OTHER_EVENTS,
                           WORK_NUMBER, nyc_in_force)

# Events: (instant, kind, result, phone type), in the facts document's words: kind is an event name
# (call_outbound, call_inbound, sms_outbound, email_outbound, letter_mailed), result a call's outcome.
_STEPS = 40
_NEVER = datetime.max.replace(tzinfo=ZoneInfo("UTC"))  # a block that time does not cure


@dataclass(frozen=True, slots=True)
class CallPolicy:
    """The stricter-than-law limits on calls (agency and client merged: the smaller wins)."""

    max_calls_per_7_days: int | None = None
    max_call_attempts_per_day: int | None = None
    window: tuple[int, int] | None = None  # minutes of the local day, [from, to)


@dataclass(slots=True)
class Candidate:
    """One account's primary debtor, reduced to what a call decision needs."""

    account_id: int
    collector_kind: str
    state: str | None
    zones: tuple[str, ...]
    phones: tuple[tuple[int, str, str], ...]   # (phone id, status, type) of current numbers, in dialling order
    events: list[tuple] = field(default_factory=list)         # this debtor's contacts about this debt
    debtor_events: list[tuple] = field(default_factory=list)  # this debtor's contacts about any debt (WA)
    policy: CallPolicy = CallPolicy()
    nyc: bool = False
    hard_block: str | None = None  # a restriction that stops every call, with no time that cures it
    # times the consumer said are inconvenient: (weekdays 0-6, from minute, to minute, last date or None)
    inconvenient: tuple[tuple[frozenset, int, int, date | None], ...] = ()


@dataclass(slots=True)
class CallVerdict:
    account_id: int
    callable: bool
    phone_id: int | None
    next_allowed_at: datetime | None
    reason: str


@lru_cache(maxsize=4096)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _local_date(instant: datetime, zone: str) -> date:
    return instant.astimezone(_zone(zone)).date()


def _midnight(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=_zone(zone))


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if a >= b else b


class _Limit:
    """A rolling-window limit over some of the events: at most `limit` on local dates today-(days-1)..today."""

    __slots__ = ("instants", "limit", "days")

    def __init__(self, instants: list[datetime], limit: int, days: int):
        self.instants, self.limit, self.days = instants, limit, days

    def cure(self, zone: str, today: date) -> datetime | None:
        if len(self.instants) < self.limit:
            return None
        if self.limit == 0:
            return _NEVER
        first = today - timedelta(days=self.days - 1)
        inside = sorted((d for d in (_local_date(i, zone) for i in self.instants) if first <= d <= today), reverse=True)
        if len(inside) < self.limit:
            return None
        return _midnight(inside[self.limit - 1] + timedelta(days=self.days), zone)


class _Plan:
    """What one candidate's decision checks, worked out once from its events and reused at every step."""

    def __init__(self, candidate: Candidate, phone_type: str):
        c = candidate
        self.federal = c.collector_kind in REG_F or c.state == "CA"
        events = c.events
        calls = [e[0] for e in events if e[1] == "call_outbound" and e[2] in CONNECTED]
        self.conversations = [e[0] for e in events if e[2] == "conversation" and e[1] in ("call_outbound", "call_inbound")]
        self.attempts = [e[0] for e in events if e[1] == "call_outbound"]
        self.limits: list[_Limit] = []
        week = [n for n in (7 if self.federal else None, c.policy.max_calls_per_7_days) if n is not None]
        if week:
            self.limits.append(_Limit(calls, min(week), 7))
        if c.state == "MA":
            personal = phone_type in PERSONAL
            reached = [e[0] for e in events
                       if (e[1] == "call_outbound" and e[2] in MA_REACHED or e[1] in MA_OTHER_EVENTS)
                       and (e[3] in PERSONAL) == personal]
            self.limits.append(_Limit(reached, 2, 7 if personal else 30))
        if c.state == "WA" and c.collector_kind in REG_F:
            counted = [e for e in c.debtor_events if e[1] == "call_outbound" and e[2] in WA_COUNTED
                       or e[1] in WA_OTHER_EVENTS]
            self.limits.append(_Limit([e[0] for e in counted], 3, 7))
            if phone_type == WORK_NUMBER:
                self.limits.append(_Limit([e[0] for e in counted if e[3] == WORK_NUMBER], 1, 7))
        self.nyc = c.nyc
        self.nyc_contacts = _Limit([e[0] for e in events if e[1] in NYC_COUNTED_EVENTS], 3, 7) if c.nyc else None
        self.per_day = c.policy.max_call_attempts_per_day
        self.window = c.policy.window
        self.zones = c.zones
        self.inconvenient = c.inconvenient if self.federal else ()

    def blocked_until(self, when: datetime) -> tuple[datetime | None, str]:
        """None when a call at `when` is allowed; else the latest cure of its blocks, and the first reason."""
        cure, reason = None, ""
        for zone in self.zones:
            here = when.astimezone(_zone(zone))
            today, minute = here.date(), here.hour * 60 + here.minute
            if self.federal and not within_call_window(minute):
                day = today if minute <= CALL_WINDOW_MINUTES[0] else today + timedelta(days=1)
                cure = _later(cure, datetime.combine(day, FIRST_CONVENIENT, tzinfo=_zone(zone)))
                reason = reason or "time of day"
            for days, start, end, until in self.inconvenient:
                if (until is None or today <= until) and here.weekday() in days and start <= minute < end:
                    ends = (_midnight(today + timedelta(days=1), zone) if end == 1440 else
                            datetime.combine(today, time(end // 60, end % 60), tzinfo=_zone(zone)))
                    cure, reason = _later(cure, ends), reason or "inconvenient time"
            if self.window is not None and not self.window[0] <= minute < self.window[1]:
                day = today if minute < self.window[0] else today + timedelta(days=1)
                start = datetime.combine(day, time(self.window[0] // 60, self.window[0] % 60), tzinfo=_zone(zone))
                cure, reason = _later(cure, start), reason or "time of day"
            if self.federal:
                for talked in self.conversations:
                    day = _local_date(talked, zone)
                    if day <= today <= day + timedelta(days=6):
                        cure, reason = _later(cure, _midnight(day + timedelta(days=7), zone)), reason or "call frequency"
            for limit in self.limits:
                ends = limit.cure(zone, today)
                if ends is not None:
                    cure, reason = _later(cure, ends), reason or "call frequency"
            if self.nyc_contacts is not None and nyc_in_force(when):
                ends = self.nyc_contacts.cure(zone, today)
                if ends is not None:
                    cure, reason = _later(cure, ends), reason or "call frequency"
            if self.per_day is not None:
                count = sum(1 for a in self.attempts if _local_date(a, zone) == today)
                if count >= self.per_day:
                    ends = _NEVER if self.per_day == 0 else _midnight(today + timedelta(days=1), zone)
                    cure, reason = _later(cure, ends), reason or "call frequency"
        return cure, reason


def decide_call(candidate: Candidate, at: datetime) -> CallVerdict:
    """The batch decision for one candidate (one the caller did not leave to the engine): the first working
    number that may be called now; if none may, the first working number with when it may be and why."""
    working = [(pid, kind) for pid, status, kind in candidate.phones if status == "valid"]
    if not working:
        return CallVerdict(candidate.account_id, False, None, None, "no working number")
    if candidate.hard_block:
        return CallVerdict(candidate.account_id, False, working[0][0], None, candidate.hard_block)
    first = None
    tried: dict[str, CallVerdict] = {}
    for phone, phone_type in working:
        # Only Massachusetts and Washington treat numbers differently by their type; elsewhere one answers all.
        key = phone_type if candidate.state in ("MA", "WA") else ""
        verdict = tried.get(key)
        if verdict is None:
            verdict = tried[key] = _decide_on(candidate, at, phone_type)
        if verdict.callable:
            return CallVerdict(candidate.account_id, True, phone, None, "")
        if first is None:
            first = CallVerdict(candidate.account_id, False, phone, verdict.next_allowed_at, verdict.reason)
    return first


def _decide_on(candidate: Candidate, at: datetime, phone_type: str) -> CallVerdict:
    plan = _Plan(candidate, phone_type)
    if not candidate.zones and plan.federal:
        return CallVerdict(candidate.account_id, False, None, None, "no known location")
    when, first_reason = at, ""
    for _ in range(_STEPS):
        cure, reason = plan.blocked_until(when)
        if cure is None:
            if when == at:
                return CallVerdict(candidate.account_id, True, None, None, "")
            return CallVerdict(candidate.account_id, False, None, when.astimezone(_zone(candidate.zones[0])),
                               first_reason)
        first_reason = first_reason or reason
        if cure <= when or cure is _NEVER:
            break
        when = cure
    return CallVerdict(candidate.account_id, False, None, None, first_reason)
