"""R13 the validation notice and its period (1006.34, 1006.42), R14 disputes and original-creditor requests
(1006.38)."""

from datetime import date, timedelta

from arrears.core.calendar import add_business_days

from ..context import COLLECTION, Ctx, is_communication_event


def period_end(provided: date, *, observed: bool) -> date:
    """1006.34(b)(5): assumed receipt at least 5 days after providing (the agency's date), excluding Saturdays,
    Sundays and 6103(a) holidays (and the days observed in their place, with `observed`); the period ends 30
    days after receipt (no roll-forward off a weekend)."""
    received = add_business_days(provided, 5, observed=observed)
    return received + timedelta(days=30)


def validation_period_end(ctx: Ctx, provided: date) -> date:
    return period_end(provided, observed=ctx.observed_holidays)


def notice_in_force(ctx: Ctx, debt: str):
    """The validation notice that counts for `debt`: the latest one not returned undeliverable (a re-sent
    notice restarts the period, cmt 34(b)(5)-2). Returns (event, end date) or None."""
    for notice in reversed(ctx.by_kind.get("validation_notice_sent", ())):
        if debt not in ctx.debts_of(notice):
            continue
        returned = ctx.after("undeliverable_notice", notice.ts,
                             lambda u: u.contact_point in (None, notice.contact_point) and debt in ctx.debts_of(u))
        if returned:
            continue
        provided = ctx.sender_date(notice.ts)
        if notice.medium == "oral":
            return notice, provided + timedelta(days=30)
        return notice, validation_period_end(ctx, provided)
    return None


def validation_notice(ctx: Ctx) -> None:
    if ctx.action != "validation_notice":
        in_force = notice_in_force(ctx, ctx.debt_ids[0]) if ctx.debt_ids else None
        if in_force is not None:
            ctx.dates["validation_period_end"] = in_force[1]
        return
    provided = ctx.sender_date(ctx.at)
    end = validation_period_end(ctx, provided)
    ctx.dates["validation_period_end"] = end
    received = add_business_days(provided, 5, observed=ctx.observed_holidays)
    ctx.info("R13", "12 CFR 1006.34(b)(5)",
             f"Provided {provided:%m/%d/%Y}, assumed received {received:%m/%d/%Y}: the validation period ends "
             f"{end:%m/%d/%Y} (any later date may be given).")
    point = ctx.point
    if point is not None and point.status == "undeliverable":
        ctx.block("R13", "12 CFR 1006.42(a)(1); cmt 42(a)(1)-2",
                  "Mail to this address came back: a notice sent there does not give actual notice.")
    prior = [e for e in ctx.events if is_communication_event(ctx, e)]
    if ctx.medium in ("email", "sms") and prior:
        if point is None or not ctx.latest("esign_consent", lambda e: e.contact_point == point.id):
            ctx.block("R13", "12 CFR 1006.42(b)",
                      "A validation notice sent electronically after the initial communication needs the consumer's "
                      "E-SIGN consent first.")
    if prior:
        first = ctx.sender_date(prior[0].ts)
        if provided > first + timedelta(days=5) and not ctx.by_kind.get("validation_notice_sent"):
            ctx.warn("R13", "12 CFR 1006.34(a)(1)(i)(B)",
                     f"The initial communication was on {first:%m/%d/%Y}: the notice was due within five days of it.")


def _written(event) -> bool:
    return event.event == "written_dispute" or (event.event == "original_creditor_request" and event.written)


def _within_period(ctx: Ctx, event, debt: str) -> bool:
    in_force = notice_in_force(ctx, debt)
    if in_force is None:
        return True  # no validation notice yet: treat the request as timely (the stricter reading)
    return ctx.sender_date(event.ts) <= in_force[1]


def _duplicative(ctx: Ctx, dispute, debt: str) -> bool:
    """1006.38(a)(1): substantially the same as an earlier written dispute already answered with verification,
    without new and material information (cmt 38(a)(1)-2). Unless the facts say whether it repeats the
    earlier one, a dispute of the same portion is taken to be substantially the same."""
    if dispute.repeats_earlier_dispute is False or dispute.new_material_information:
        return False
    for earlier in ctx.by_kind.get("written_dispute", ()):
        if earlier.ts >= dispute.ts or debt not in ctx.debts_of(earlier):
            continue
        if dispute.repeats_earlier_dispute is None and (earlier.portion or "all") != (dispute.portion or "all"):
            continue
        if ctx.after("verification_sent", earlier.ts, lambda v: v.ts < dispute.ts and debt in ctx.debts_of(v)):
            return True
    return False


def active_stops(ctx: Ctx, debt: str) -> list[tuple[object, str]]:
    """Timely written disputes and original-creditor requests about `debt` not yet answered, with their scope
    (`all` or the disputed portion)."""
    stops = []
    for dispute in ctx.by_kind.get("written_dispute", ()):
        if debt not in ctx.debts_of(dispute) or not _within_period(ctx, dispute, debt):
            continue
        answered = ctx.after("verification_sent", dispute.ts, lambda v: debt in ctx.debts_of(v))
        if not answered and _duplicative(ctx, dispute, debt):
            answered = ctx.after("duplicative_dispute_notice_sent", dispute.ts, lambda v: debt in ctx.debts_of(v))
        if not answered:
            stops.append((dispute, dispute.portion or "all"))
    for request in ctx.by_kind.get("original_creditor_request", ()):
        if not request.written or debt not in ctx.debts_of(request) or not _within_period(ctx, request, debt):
            continue
        if not ctx.after("original_creditor_info_sent", request.ts, lambda v: debt in ctx.debts_of(v)):
            stops.append((request, "all"))
    return stops


def disputes(ctx: Ctx) -> None:
    if ctx.action == "dispute_classification":
        _classify(ctx)
        return
    if ctx.action not in COLLECTION:
        return
    if ctx.action in ("letter", "email", "sms", "call", "voicemail", "ringless_voicemail", "validation_notice") and not ctx.to_consumer:
        return
    for debt in ctx.debt_ids:
        for event, scope in active_stops(ctx, debt):
            request = event.event == "original_creditor_request"
            cure_kind = "original_creditor_info" if request else "verification"
            if ctx.content.kind == cure_kind:
                ctx.info("R14", "12 CFR 1006.38(c)" if request else "12 CFR 1006.38(d)(2)(i)",
                         "Sending this answers the consumer's request; collection may resume once it is sent.")
                continue
            if not request and scope != "all" and ctx.content.about_portion == "undisputed":
                ctx.info("R14", "12 CFR 1006.38(d)(2)",
                         f"Only the disputed portion ({scope}) is stopped; this is about the rest.")
                continue
            received = ctx.sender_date(event.ts)
            if request:
                ctx.block("R14", "12 CFR 1006.38(c)",
                          f"The consumer asked in writing on {received:%m/%d/%Y} for the original creditor's name and "
                          f"address: no collection of {debt} until it is sent.")
            else:
                part = "" if scope == "all" else f" (the disputed portion: {scope})"
                ctx.block("R14", "12 CFR 1006.38(d)(2)",
                          f"The consumer disputed {debt}{part} in writing on {received:%m/%d/%Y}: no collection of it "
                          "until verification is sent.")


def _classify(ctx: Ctx) -> None:
    kinds = ("written_dispute", "oral_dispute", "original_creditor_request")
    candidates = [e for e in ctx.events if e.event in kinds and ctx.touches(e)]
    if not candidates:
        ctx.values.update(dispute_effect="none", dispute_duplicative=False, collection_stopped=False)
        return
    latest = candidates[-1]
    debt = next(d for d in ctx.debt_ids if d in ctx.debts_of(latest))
    timely = _within_period(ctx, latest, debt)
    if latest.event == "oral_dispute":
        effect = "report_as_disputed"
        ctx.info("R14", "12 CFR 1006.18(c)(2)", "An oral dispute does not stop collection; report the debt as disputed.")
    elif latest.event == "original_creditor_request":
        effect = "stop_collection_of_debt" if latest.written and timely else "none"
    elif not timely:
        effect = "report_as_disputed"
        ctx.info("R14", "12 CFR 1006.38(d)(2); 1006.18(c)(2)",
                 "The dispute came after the validation period: no stop is required, but report the debt as disputed.")
    else:
        effect = "stop_collection_of_debt" if (latest.portion or "all") == "all" else "stop_collection_of_disputed_portion"
    duplicative = latest.event == "written_dispute" and _duplicative(ctx, latest, debt)
    ctx.values.update(dispute_effect=effect, dispute_duplicative=duplicative,
                      collection_stopped=bool(active_stops(ctx, debt)))
    if effect.startswith("stop"):
        citation = "12 CFR 1006.38(c)" if latest.event == "original_creditor_request" else "12 CFR 1006.38(d)(2)"
        ctx.info("R14", citation, f"A timely written {latest.event.replace('_', ' ')}: "
                 + ("stop collecting until the original creditor's name and address are sent."
                    if latest.event == "original_creditor_request" else
                    "stop collecting the debt (or the disputed portion) until verification is sent."))
