"""Agency and client policies: limits stricter than the law (a narrower call window, fewer calls a week or a
day, texts and emails only inside the safe harbor). Their blocks may be overridden by a supervisor."""

from datetime import timedelta

from .. import clock
from ..context import CALLS, Ctx
from .electronic import email_procedure, sms_procedure
from .frequency import counted_calls, cure_for_limit, keys_of, person_of, proposed_keys, proposed_person, window_count, zones_for


def policies(ctx: Ctx) -> None:
    for policy in ctx.facts.policy:
        citation = f"{policy.name} policy"
        if ctx.action in CALLS and ctx.to_consumer:
            _window(ctx, policy, citation)
            _per_week(ctx, policy, citation)
            _per_day(ctx, policy, citation)
        if policy.require_electronic_safe_harbor and ctx.medium in ("email", "sms") and ctx.point is not None \
                and ctx.to_consumer:
            procedure = email_procedure(ctx, ctx.point) if ctx.medium == "email" else sms_procedure(ctx, ctx.point)
            if procedure is None:
                ctx.block("POLICY", citation, f"{policy.name} sends {ctx.medium} only inside the 1006.6(d)(3) safe harbor.",
                          overridable=True)


def _window(ctx, policy, citation) -> None:
    if policy.call_window is None:
        return
    start, end = clock.minutes_of(policy.call_window.from_), clock.minutes_of(policy.call_window.to)
    for zone in zones_for(ctx):
        minute = clock.minute_of_day(ctx.at, zone)
        if start <= minute < end:
            continue
        here = clock.local(ctx.at, zone)
        day = here.date() if minute < start else here.date() + timedelta(days=1)
        ctx.block("POLICY", citation,
                  f"{policy.name} calls only {policy.call_window.from_}–{policy.call_window.to} local; it is "
                  f"{here:%-I:%M %p} in {zone}.", cure_at=clock.at_clock(day, policy.call_window.from_, zone),
                  overridable=True)


def _per_week(ctx, policy, citation) -> None:
    limit = policy.max_calls_per_7_days
    if limit is None:
        return
    calls = counted_calls(ctx, proposed_person(ctx))
    for key, debt_ids in proposed_keys(ctx).items():
        for zone in zones_for(ctx):
            count, inside = window_count(calls, key, zone, clock.local_date(ctx.at, zone), 7)
            if count >= limit:
                ctx.block("POLICY", citation, f"{policy.name} allows {limit} calls in 7 days about {', '.join(debt_ids)}; "
                          f"{count} already.", cure_at=cure_for_limit(inside, limit, 7, zone) if limit else None,
                          overridable=True)
                break


def _per_day(ctx, policy, citation) -> None:
    limit = policy.max_call_attempts_per_day
    if limit is None:
        return
    person = proposed_person(ctx)
    attempts = [(e, keys_of(ctx, ctx.debts_of(e, "counted_debt_ids"))) for e in ctx.events
                if e.event in ("call_outbound", "ringless_voicemail") and person_of(ctx, e) == person]
    per_day = ctx.counts.setdefault("attempts_today", {})
    for key, debt_ids in proposed_keys(ctx).items():
        for zone in zones_for(ctx):
            today = clock.local_date(ctx.at, zone)
            count, _ = window_count(attempts, key, zone, today, 1)
            for debt in debt_ids:
                per_day[debt] = max(per_day.get(debt, 0), count)
            if count >= limit:
                ctx.block("POLICY", citation, f"{policy.name} allows {limit} call attempts a day about "
                          f"{', '.join(debt_ids)}; {count} today.",
                          cure_at=clock.start_of_day(today + timedelta(days=1), zone), overridable=True)
                break
