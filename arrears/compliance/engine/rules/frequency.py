"""R8 call frequency: the presumptions of 12 CFR 1006.14(b)(2)-(4), per person and particular debt.

A proposed call on the consumer's local date P is inside the presumption of compliance for a debt when
(A) fewer than 7 counted calls to that person about it fall in P-6..P, and (B) no telephone conversation
with the person about it falls in C..C+6 with C <= P. With several zones every zone's dates count.
Calls placed within 7 days of consent given directly to the collector are excluded (14(b)(3)(i)) until a
conversation about the debt, a revocation or the end of a shorter stated period; calls that did not
connect (busy, not in service) and calls to a number later found not to be the person's do not count.
"""

from datetime import date, datetime, timedelta

from .. import clock
from ..context import CALLS, CONNECTED, Ctx
from ..facts import Event

EXCLUDED_PERSONS = frozenset({"consumer_attorney", "creditor", "creditor_attorney", "collector_attorney"})


def particular_debt(ctx: Ctx, debt_id: str) -> str:
    """Student loans serviced under one account number when placed count as one debt (1006.14(b)(4))."""
    debt = ctx.debts.get(debt_id)
    if debt is not None and debt.kind == "student_loan" and debt.student_loan_account_at_placement:
        return f"student-loan:{debt.student_loan_account_at_placement}"
    return debt_id


def keys_of(ctx: Ctx, debt_ids) -> set[str]:
    return {particular_debt(ctx, d) for d in debt_ids}


def person_of(ctx: Ctx, event: Event) -> str:
    if event.person:
        return event.person
    point = ctx.points.get(event.contact_point or "")
    return point.who if point else "consumer"


def proposed_person(ctx: Ctx) -> str:
    if ctx.point is not None:
        return ctx.point.who
    return {"consumer": "consumer", "estate_representative": "estate_representative"}.get(ctx.proposed.to, ctx.proposed.to)


def _misdirected_points(ctx: Ctx) -> set[str]:
    return {e.contact_point for e in ctx.by_kind.get("number_not_consumers_learned", ()) if e.contact_point}


def zones_for(ctx: Ctx) -> list[str]:
    """The zones whose local dates count: the consumer's, or the agency's when none is known."""
    return ctx.zones or [ctx.agency_zone]


def _conversation_keys(ctx: Ctx, event: Event) -> set[str]:
    if event.event == "call_outbound":
        debts = event.conversation_debt_ids or event.counted_debt_ids or event.debt_ids or ctx.all_debt_ids
    else:
        debts = event.conversation_debt_ids or event.debt_ids or ctx.all_debt_ids
    return keys_of(ctx, debts)


def conversations(ctx: Ctx, person: str) -> list[tuple[Event, set[str]]]:
    """Telephone conversations with the person, either way, with the particular debts discussed."""
    misdirected = _misdirected_points(ctx) if person == "consumer" else set()
    found = []
    for event in ctx.events:
        if event.event == "call_outbound" and event.result == "conversation" or event.event == "call_inbound":
            if person_of(ctx, event) == person and event.contact_point not in misdirected:
                found.append((event, _conversation_keys(ctx, event)))
    return found


def live_consent(ctx: Ctx, key: str, instant: datetime, person: str, convs) -> Event | None:
    """A consent to further calls about the debt that covers a call placed at `instant` (14(b)(3)(i))."""
    for consent in reversed(ctx.by_kind.get("consent_additional_calls", ())):
        if consent.given_to != "collector" or consent.ts > instant:
            continue
        if (consent.person or "consumer") != person or key not in keys_of(ctx, consent.debt_ids or ctx.all_debt_ids):
            continue
        if ctx.after("consent_revoked", consent.ts, lambda e: e.ts <= instant and e.of in (None, "additional_calls")):
            continue
        if any(consent.ts < conv.ts < instant and key in keys for conv, keys in convs):
            continue  # a conversation about the debt ends the consent (cmt 14(b)(3)(i)-2)
        if all(_day_covered(consent, clock.local_date(consent.ts, z), clock.local_date(instant, z)) for z in zones_for(ctx)):
            return consent
    return None


def _day_covered(consent: Event, given: date, day: date) -> bool:
    last = given + timedelta(days=6)
    if consent.until_date is not None:
        last = min(last, consent.until_date)
    if not given <= day <= last:
        return False
    return not consent.specific_days or day in consent.specific_days


def counted_calls(ctx: Ctx, person: str, convs=None) -> list[tuple[Event, set[str]]]:
    """Calls placed to the person that count toward 14(b)(2)(i)(A), with the particular debts they count for."""
    convs = conversations(ctx, person) if convs is None else convs
    misdirected = _misdirected_points(ctx) if person == "consumer" else set()
    counted = []
    for event in ctx.events:
        if event.event == "call_outbound":
            if event.result not in CONNECTED:
                continue
        elif event.event != "ringless_voicemail":
            continue
        if person_of(ctx, event) != person or event.contact_point in misdirected:
            continue
        keys = {k for k in keys_of(ctx, ctx.debts_of(event, "counted_debt_ids"))
                if live_consent(ctx, k, event.ts, person, convs) is None}
        if keys:
            counted.append((event, keys))
    return counted


def window_count(calls, key: str, zone: str, day: date, days: int) -> tuple[int, list[date]]:
    """How many of `calls` count for `key` on local dates day-(days-1)..day, and those dates newest first."""
    first = day - timedelta(days=days - 1)
    dates = sorted((clock.local_date(e.ts, zone) for e, keys in calls if key in keys), reverse=True)
    inside = [d for d in dates if first <= d <= day]
    return len(inside), inside


def cure_for_limit(inside: list[date], limit: int, days: int, zone: str) -> datetime:
    """The first local midnight when fewer than `limit` of these calls remain in the rolling window."""
    return clock.start_of_day(inside[limit - 1] + timedelta(days=days), zone)


def proposed_keys(ctx: Ctx) -> dict[str, list[str]]:
    """Particular debts the proposed call counts toward, each with the debt ids it stands for."""
    counted = ctx.proposed.counted_debt_ids or ctx.proposed.debt_ids or ctx.all_debt_ids
    keys: dict[str, list[str]] = {}
    for debt in counted:
        keys.setdefault(particular_debt(ctx, debt), []).append(debt)
    return keys


def call_frequency(ctx: Ctx) -> None:
    if ctx.action not in CALLS:
        return
    person = proposed_person(ctx)
    if ctx.proposed.to in ("consumer_attorney", "creditor", "cra") or person in EXCLUDED_PERSONS:
        ctx.info("R8", "12 CFR 1006.14(b)(3)(iii)", "Calls to the consumer's attorney or the creditor do not count.")
        return
    convs = conversations(ctx, person)
    calls = counted_calls(ctx, person, convs)
    in_window: dict[str, int] = {}
    block_ends: dict[str, date] = {}
    for key, debt_ids in proposed_keys(ctx).items():
        label = ", ".join(debt_ids)
        consent = live_consent(ctx, key, ctx.at, person, convs)
        worst = 0
        for zone in zones_for(ctx):
            count, _ = window_count(calls, key, zone, clock.local_date(ctx.at, zone), 7)
            worst = max(worst, count)
        for debt in debt_ids:
            in_window[debt] = worst
        if consent is not None:
            ctx.info("R8", "12 CFR 1006.14(b)(3)(i); cmt 14(b)(3)(i)-2",
                     f"Consent to further calls about {label}, given directly to the collector on "
                     f"{ctx.sender_date(consent.ts):%m/%d/%Y}: this call does not count.")
            continue
        _conversation_prong(ctx, key, label, debt_ids, convs, block_ends)
        _seven_calls_prong(ctx, key, label, calls, worst)
    ctx.counts["calls_in_window"] = in_window
    if block_ends:
        ctx.dates["conversation_block_ends"] = block_ends


def _conversation_prong(ctx, key, label, debt_ids, convs, block_ends) -> None:
    cure, last_day, talked = None, None, None
    for zone in zones_for(ctx):
        today = clock.local_date(ctx.at, zone)
        for conv, keys in convs:
            if key not in keys:
                continue
            talked_on = clock.local_date(conv.ts, zone)
            if talked_on <= today <= talked_on + timedelta(days=6):
                ends = clock.start_of_day(talked_on + timedelta(days=7), zone)
                if cure is None or ends > cure:
                    cure, last_day, talked = ends, talked_on + timedelta(days=6), talked_on
    if cure is None:
        return
    for debt in debt_ids:
        block_ends[debt] = last_day
    ctx.block("R8", "12 CFR 1006.14(b)(2)(i)(B)",
              f"A telephone conversation about {label} on {talked:%m/%d/%Y} (consumer's local date): no call about it "
              f"through {last_day:%m/%d/%Y}.", cure_at=cure, overridable=True)


def _seven_calls_prong(ctx, key, label, calls, worst) -> None:
    if worst < 7:
        ctx.info("R8", "12 CFR 1006.14(b)(2)(i)(A)",
                 f"{worst} counted call{'s' if worst != 1 else ''} about {label} in the last 7 days: this would be call "
                 f"{worst + 1} of at most 7.")
        return
    cure = None
    for zone in zones_for(ctx):
        count, inside = window_count(calls, key, zone, clock.local_date(ctx.at, zone), 7)
        if count >= 7:
            candidate = cure_for_limit(inside, 7, 7, zone)
            cure = candidate if cure is None else max(cure, candidate)
    ctx.block("R8", "12 CFR 1006.14(b)(2)(i)(A)",
              f"Already {worst} counted calls about {label} within 7 consecutive days: another would exceed 7.",
              cure_at=cure, overridable=True)
