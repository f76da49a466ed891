"""R19 state and local add-ons: Massachusetts, Washington, New York City. (California's Rosenthal Act is
applied in packs.py by running the federal rules it incorporates for creditors collecting in their own name.)

Counting windows are rolling calendar days in the consumer's local dates, the stricter reading."""

from datetime import date, datetime

from .. import clock
from ..context import CALLS, CONSUMER_SIDE, Ctx
from .frequency import cure_for_limit, window_count, zones_for

# New York City's amended 6 RCNY 5-77 applies to contacts from this date in New York City (the rule's own
# calendar; the consumers it protects are there).
NYC_EFFECTIVE = date(2026, 9, 1)
NYC_ZONE = "America/New_York"
NYC_CITATION = f"6 RCNY 5-77 (as amended, effective {NYC_EFFECTIVE.isoformat()})"


def nyc_in_force(instant: datetime) -> bool:
    """Is New York City's amended rule in force at this instant (on or after its effective date there)?"""
    return clock.local_date(instant, NYC_ZONE) >= NYC_EFFECTIVE
# What each local rule counts. The batch path (batch.py) imports these, so a change here changes both paths.

# Massachusetts counts initiated communications that reached the debtor or a voicemail, even with no message
# left (Watkins v. Glenn; Armata v. Target); attempts that could not reach the debtor or leave a message do not.
MA_REACHED = frozenset({"conversation", "voicemail_reached_no_message", "voicemail_lcm", "voicemail_message"})
MA_OTHER_EVENTS = frozenset({"ringless_voicemail", "sms_outbound"})  # counted whatever their outcome
# Massachusetts' limit differs for the consumer's home, mobile or personal numbers and for other numbers.
PERSONAL = frozenset({"mobile", "landline_home"})
# Washington counts calls that rang or reached a voicemail, and every text and email.
WA_COUNTED = frozenset({"conversation", "voicemail_message", "voicemail_lcm", "voicemail_reached_no_message",
                        "no_answer_rang"})
WA_OTHER_EVENTS = frozenset({"ringless_voicemail", "sms_outbound", "email_outbound"})
WORK_NUMBER = "landline_work"  # Washington also limits calls to the workplace
# New York City counts contacts and attempts on every channel.
NYC_COUNTED_EVENTS = frozenset({"call_outbound", "ringless_voicemail", "sms_outbound", "email_outbound",
                                "letter_mailed"})


def _consumer_point(ctx: Ctx, event) -> bool:
    point = ctx.points.get(event.contact_point or "")
    return point is None or point.belongs_to in CONSUMER_SIDE


def _limit(ctx: Ctx, rule, citation, what, events, limit, days, per_debt=True, count_key="state_calls_in_window"):
    """Block when `events` (past contacts, each with the debts it counts for) already reach `limit` in the
    rolling window of `days` ending today, for any of the proposed debts (or for the debtor as a whole)."""
    keys = (ctx.proposed.counted_debt_ids or ctx.debt_ids) if per_debt else ["all"]
    counts = ctx.counts.setdefault(count_key, {})
    for key in keys:
        worst, cure = 0, None
        for zone in zones_for(ctx):
            count, inside = window_count(events, key, zone, clock.local_date(ctx.at, zone), days)
            worst = max(worst, count)
            if count >= limit:
                candidate = cure_for_limit(inside, limit, days, zone)
                cure = candidate if cure is None else max(cure, candidate)
        counts[key] = worst
        if worst >= limit:
            scope = f"about {key}" if per_debt else "with this debtor"
            ctx.block(rule, citation, f"Already {worst} {what} {scope} in {days} days: at most {limit}.", cure_at=cure)


def massachusetts(ctx: Ctx) -> None:
    if ctx.action not in CALLS and ctx.action != "sms" or not ctx.to_consumer:
        return
    personal = ctx.point is None or ctx.point.type in PERSONAL
    events = []
    for event in ctx.events:
        if event.event == "call_outbound" and event.result in MA_REACHED or event.event in MA_OTHER_EVENTS:
            point = ctx.points.get(event.contact_point or "")
            if not _consumer_point(ctx, event) or (point is not None and (point.type in PERSONAL) != personal):
                continue
            attribute = "debt_ids" if event.event == "sms_outbound" else "counted_debt_ids"
            events.append((event, set(ctx.debts_of(event, attribute))))
    kind = ctx.facts.collector.kind
    citation = {"creditor_own_name": "940 CMR 7.04(1)(f)", "fdcpa_debt_collector": "209 CMR 18.16(1)(d)"}.get(
        kind, "209 CMR 18.16(1)(d); 940 CMR 7.04(1)(f)")
    if personal:
        _limit(ctx, "R19", citation, "initiated calls or texts to the consumer's home, mobile or personal number",
               events, 2, 7)
    else:
        _limit(ctx, "R19", citation, "initiated calls or texts to other numbers", events, 2, 30)


def washington(ctx: Ctx) -> None:
    if ctx.action not in CALLS and ctx.action not in ("sms", "email") or not ctx.to_consumer:
        return
    events = [(e, {"all"}) for e in ctx.events if _consumer_point(ctx, e) and (
        e.event == "call_outbound" and e.result in WA_COUNTED or e.event in WA_OTHER_EVENTS)]
    _limit(ctx, "R19", "RCW 19.16.250 (Washington DFI summary)", "communications", events, 3, 7, per_debt=False)
    if ctx.point is not None and ctx.point.where == "work" and ctx.action in CALLS:
        at_work = [(e, {"all"}) for e, _ in events
                   if ctx.points.get(e.contact_point or "") and ctx.points[e.contact_point].where == "work"]
        _limit(ctx, "R19", "RCW 19.16.250 (Washington DFI summary)", "calls at the workplace", at_work, 1, 7,
               per_debt=False, count_key="state_work_calls_in_window")


def new_york_city(ctx: Ctx) -> None:
    if not nyc_in_force(ctx.at) or not ctx.to_consumer:
        return
    if ctx.action not in CALLS and ctx.action not in ("sms", "email", "letter"):
        return
    events = []
    for event in ctx.events:
        if event.event in NYC_COUNTED_EVENTS and _consumer_point(ctx, event):
            attribute = "counted_debt_ids" if event.event in ("call_outbound", "ringless_voicemail") else "debt_ids"
            events.append((event, set(ctx.debts_of(event, attribute))))
    _limit(ctx, "R19", NYC_CITATION, "contacts or attempts on any channel",
           events, 3, 7)
    if ctx.action in ("sms", "email") and ctx.point is not None:
        kind = "sms_consent" if ctx.action == "sms" else "email_consent"
        consent = ctx.latest(kind, lambda e: e.contact_point == ctx.point.id and e.given_to == "collector")
        revoked = consent is not None and ctx.after("consent_revoked", consent.ts, lambda e: e.of in (None, ctx.action))
        if consent is None or revoked:
            ctx.block("R19", NYC_CITATION,
                      "In New York City, email and texts need the consumer's opt-in consent first.")
