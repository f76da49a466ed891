"""R2 time of day and known inconvenient times; R3 inconvenient places, the workplace, employer email.

12 CFR 1006.6(b)(1), (b)(3), (b)(4); 1006.22(f)(3).
"""

from datetime import timedelta

from arrears.core.calendar import (CALL_WINDOW_FROM_LABEL, CALL_WINDOW_LABEL, CALL_WINDOW_MINUTES, CALL_WINDOW_TO_LABEL,
                                   FIRST_CONVENIENT, within_call_window)

from .. import clock
from ..context import CALLS, ELECTRONIC, Ctx
from .electronic import email_procedure


def _timed(ctx: Ctx) -> bool:
    """Actions whose timing the consumer notices: calls and electronic messages (at sending, cmt 6(b)(1)(i)-1)."""
    if not ctx.to_consumer:
        return False
    if ctx.action in CALLS or ctx.action in ELECTRONIC:
        return True
    return ctx.action == "validation_notice" and ctx.medium in ("email", "sms")


def consented_or_permitted(ctx: Ctx) -> str | None:
    """The 1006.6(b)(4) exception that lifts (b)(1)-(3) now, if any: a court's permission, or the consumer's
    prior consent given directly to the collector (consent given to the creditor does not count,
    cmt 6(b)(4)(i)-2). A consent without an end covers the local day it was given."""
    if ctx.facts.standing.court_permission:
        return "a court expressly permitted it (1006.6(b)(4)(ii))"
    for consent in reversed(ctx.by_kind.get("consent_inconvenient_time", ())):
        if consent.given_to != "collector":
            continue
        if ctx.after("consent_revoked", consent.ts, lambda e: e.of in (None, "inconvenient_time")):
            continue
        if consent.until_ts is not None:
            if ctx.at <= consent.until_ts:
                return "the consumer consented directly to the collector (1006.6(b)(4)(i))"
        elif ctx.consumer_date(consent.ts) == ctx.today():
            return "the consumer consented directly to the collector today (1006.6(b)(4)(i))"
    return None


def responding_once(ctx: Ctx, medium: str) -> bool:
    """cmt 6(b)(1)-2: a consumer who contacts the collector at an inconvenient time or from an inconvenient
    place may get one reply through the same medium, and one reply to each further message."""
    if ctx.action == "respond_on_inbound_call":
        return True
    if ctx.proposed.initiated_by != "response_to_consumer":
        return False
    inbound = {"call": "call_inbound", "sms": "sms_inbound", "email": "email_inbound"}.get(medium)
    outbound = {"call": ("call_outbound",), "sms": ("sms_outbound",), "email": ("email_outbound",)}.get(medium, ())
    last = ctx.latest(inbound) if inbound else None
    if last is None or ctx.consumer_date(last.ts) != ctx.today():
        return False
    return not any(ctx.after(kind, last.ts) for kind in outbound)


def time_of_day(ctx: Ctx) -> None:
    if not _timed(ctx) and ctx.action != "respond_on_inbound_call":
        return
    cite = "12 CFR 1006.6(b)(1)(i)"
    if ctx.action == "respond_on_inbound_call":
        ctx.info("R2", cite, "The consumer called; answering their call is not a contact at a time the collector chose.")
        return
    if not ctx.zones:
        ctx.block("R2", cite, "Nothing on file says where the consumer is, so no time can be known to be convenient.")
        return
    exception = consented_or_permitted(ctx)
    outside, cures = [], []
    for zone in ctx.zones:
        minute = clock.minute_of_day(ctx.at, zone)
        if within_call_window(minute):
            continue
        here = clock.local(ctx.at, zone)
        outside.append(f"{here:%-I:%M %p} in {zone}")
        day = here.date() if minute <= CALL_WINDOW_MINUTES[0] else here.date() + timedelta(days=1)
        cures.append(clock.at_clock(day, f"{FIRST_CONVENIENT:%H:%M}", zone))
    if not outside:
        ctx.info("R2", cite, f"Inside {CALL_WINDOW_LABEL} local time at every place the consumer may be "
                              f"({', '.join(ctx.zones)}).")
        return
    if exception:
        ctx.info("R2", "12 CFR 1006.6(b)(4)", f"Outside {CALL_WINDOW_LABEL}, but {exception}.")
        return
    where = "every place the consumer may be" if len(ctx.zones) > 1 else "the consumer's location"
    ctx.block("R2", cite + ("; cmt 6(b)(1)(i)-2" if len(ctx.zones) > 1 else ""),
              f"It is {' and '.join(outside)}: contact only after {CALL_WINDOW_FROM_LABEL} and before "
              f"{CALL_WINDOW_TO_LABEL} at {where}.",
              cure_at=max(cures))


def inconvenient_times(ctx: Ctx) -> None:
    """Times the consumer said are inconvenient (or the creditor's notes say so, cmt 6(b)(1)-1.i)."""
    if not _timed(ctx):
        return
    for item in ctx.facts.consumer.inconvenient_times:
        if item.learned_ts is not None and item.learned_ts > ctx.as_of:
            continue
        zones = ctx.zones if item.tz == "consumer_local" else [item.tz]
        for zone in zones:
            here = clock.local(ctx.at, zone)
            if item.until is not None and here.date() > item.until:
                continue
            if clock.WEEKDAYS[here.weekday()] not in item.days:
                continue
            minute = here.hour * 60 + here.minute
            if not clock.minutes_of(item.from_) <= minute < clock.minutes_of(item.to):
                continue
            span = "all day" if (item.from_, item.to) == ("00:00", "24:00") else f"{item.from_}–{item.to}"
            days = ", ".join(d.capitalize() for d in item.days) if len(item.days) < 7 else "every day"
            said = f"The consumer said {days} {span} is inconvenient" + (f" (until {item.until:%m/%d/%Y})" if item.until else "")
            if responding_once(ctx, ctx.medium or ""):
                ctx.info("R2", "12 CFR 1006.6(b)(1)(i); cmt 6(b)(1)-2",
                         f"{said}, but the consumer contacted the collector: one reply on the same medium is allowed.")
                continue
            exception = consented_or_permitted(ctx)
            if exception:
                ctx.info("R2", "12 CFR 1006.6(b)(4)", f"{said}, but {exception}.")
                continue
            ctx.block("R2", "12 CFR 1006.6(b)(1)(i); cmt 6(b)(1)-1", f"{said}.",
                      cure_at=clock.at_clock(here.date(), item.to, zone))


def _place_of_contact(ctx: Ctx) -> str | None:
    point = ctx.point
    if point is None:
        return None
    if point.where:
        return point.where
    # Mobiles and email have no place; they reach the consumer at one only when the collector knows the
    # consumer is there now (cmt 6(b)(1)(ii)-1).
    return ctx.facts.consumer.known_current_place


def places(ctx: Ctx) -> None:
    if not ctx.to_consumer or not ctx.is_contact or ctx.action == "respond_on_inbound_call":
        return
    place = _place_of_contact(ctx)
    if place is None:
        return
    medium = ctx.medium or ""
    for item in ctx.facts.consumer.inconvenient_places:
        if item.place != place or (item.learned_ts is not None and item.learned_ts > ctx.as_of):
            continue
        said = f"The consumer said contact at {place} is inconvenient"
        if responding_once(ctx, medium):
            ctx.info("R3", "12 CFR 1006.6(b)(1)(ii); cmt 6(b)(1)-2", f"{said}, but may get one reply to their own contact.")
            continue
        exception = consented_or_permitted(ctx)
        if exception:
            ctx.info("R3", "12 CFR 1006.6(b)(4)", f"{said}, but {exception}.")
            continue
        ctx.block("R3", "12 CFR 1006.6(b)(1)(ii); cmt 6(b)(1)-1.iii",
                  f"{said}: no calls to the {place} landline and no mail to the {place} address.")
    if place == "work" and ctx.facts.standing.employer_prohibits_communication_at_work:
        exception = consented_or_permitted(ctx)
        if exception:
            ctx.info("R3", "12 CFR 1006.6(b)(4)", f"The employer prohibits such contact at work, but {exception}.")
        else:
            ctx.block("R3", "12 CFR 1006.6(b)(3); cmt 6(b)(3)-1",
                      "The collector knows or has reason to know the employer prohibits contact at work.")


def employer_email(ctx: Ctx) -> None:
    point = ctx.point
    if point is None or point.type != "email" or not point.employer_provided or ctx.medium != "email":
        return
    procedure = email_procedure(ctx, point)
    if procedure in ("1006.6(d)(4)(i)(A)", "1006.6(d)(4)(i)(B)", "1006.6(d)(4)(iii)"):
        ctx.info("R3", "12 CFR 1006.22(f)(3); cmt 22(f)(3)-1",
                 f"An employer-provided address, but one the collector may use under {procedure}.")
        return
    ctx.block("R3", "12 CFR 1006.22(f)(3)",
              "The collector knows this email address is provided by the consumer's employer.")
