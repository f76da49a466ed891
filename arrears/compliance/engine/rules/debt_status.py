"""R11 time-barred debt (1006.26), R12 furnishing (1006.30(a)) and placement of paid, settled or discharged
debt (1006.30(b)), R18 the bankruptcy stay (11 U.S.C. 362(a)(6)) and discharge (11 U.S.C. 524(a)(2))."""

from datetime import timedelta

from ..context import COLLECTION, CONSUMER_SIDE, Ctx


def time_barred(ctx: Ctx) -> None:
    barred = [d for d in ctx.debt_ids if ctx.debts.get(d) and ctx.debts[d].time_barred]
    if not barred:
        return
    names = ", ".join(barred)
    if ctx.action == "lawsuit":
        ctx.block("R11", "12 CFR 1006.26(b)", f"{names}: the statute of limitations has run; no suit may be brought.")
    elif ctx.action == "proof_of_claim":
        ctx.info("R11", "12 CFR 1006.26(b)", "A proof of claim in bankruptcy is not covered by the time-bar rule.")
    elif ctx.content.threatens_suit:
        ctx.block("R11", "12 CFR 1006.26(b)", f"{names} is time-barred: do not threaten to sue.")


def _spoke_about(ctx: Ctx, debt: str):
    for event in ctx.events:
        if event.event == "call_outbound" and event.result == "conversation" or event.event == "call_inbound":
            point = ctx.points.get(event.contact_point or "")
            if point is not None and point.belongs_to not in CONSUMER_SIDE:
                continue
            debts = event.conversation_debt_ids or event.counted_debt_ids or event.debt_ids or ctx.all_debt_ids
            if debt in debts:
                return event
    return None


_MESSAGES = ("letter_mailed", "validation_notice_sent", "email_outbound", "sms_outbound")


def earliest_furnishing(ctx: Ctx, debt: str):
    """The first date 1006.30(a)(1) allows furnishing about `debt`, or None if nothing qualifies yet."""
    spoke = _spoke_about(ctx, debt)
    if spoke is not None:
        return ctx.sender_date(spoke.ts)
    best = None
    for event in ctx.events:
        if event.event not in _MESSAGES or debt not in ctx.debts_of(event) or not event.about_debt:
            continue
        if event.event == "validation_notice_sent" and event.medium == "oral":
            continue
        sent = ctx.sender_date(event.ts)
        last_day = sent + timedelta(days=13)  # 14 consecutive days counting the mailing day (cmt 30(a)(1)-2)
        returned = [u for u in ctx.by_kind.get("undeliverable_notice", ())
                    if u.ts >= event.ts and ctx.sender_date(u.ts) <= last_day
                    and (u.contact_point == event.contact_point or u.contact_point is None) and debt in ctx.debts_of(u)]
        if returned:
            continue  # cmt 30(a)(1)-3.i: a notice of undeliverability during the period defeats it
        candidate = sent + timedelta(days=14)
        best = candidate if best is None else min(best, candidate)
    return best


def furnishing(ctx: Ctx) -> None:
    if ctx.action != "furnish_to_cra":
        return
    today = ctx.sender_date(ctx.at)
    dates = []
    for debt in ctx.debt_ids:
        first = earliest_furnishing(ctx, debt)
        dates.append(first)
        if first is None:
            ctx.block("R12", "12 CFR 1006.30(a)(1)",
                      f"Before furnishing about {debt}: speak with the consumer about it, or mail a letter or send an "
                      "electronic message about it and wait 14 days for a notice that it was undeliverable.")
        elif today < first:
            ctx.block("R12", "12 CFR 1006.30(a)(1)(ii); cmt 30(a)(1)-2",
                      f"Wait for notices of undeliverability until {first - timedelta(days=1):%m/%d/%Y}: furnishing "
                      f"about {debt} is allowed from {first:%m/%d/%Y}.",
                      cure_at=ctx.sender_midnight(first))
        else:
            ctx.info("R12", "12 CFR 1006.30(a)(1)", f"Furnishing about {debt} is allowed since {first:%m/%d/%Y}.")
    if dates and all(d is not None for d in dates):
        ctx.dates["earliest_furnishing_date"] = max(dates)
    disputed = [d for d in ctx.debt_ids if any(
        ctx.touches(e, [d]) for kind in ("written_dispute", "oral_dispute") for e in ctx.by_kind.get(kind, ()))]
    if disputed:
        marked = ctx.content.marked_disputed
        if marked is False:
            ctx.block("R14", "12 CFR 1006.18(c)(2)", f"{', '.join(disputed)} was disputed: report it as disputed.")
        elif marked is None:
            ctx.warn("R14", "12 CFR 1006.18(c)(2)", f"{', '.join(disputed)} was disputed: report it as disputed.")


def _paid_or_settled(ctx: Ctx, debt: str) -> bool:
    record = ctx.debts.get(debt)
    if record is not None and record.status in ("paid", "settled"):
        return True
    return any(ctx.touches(e, [debt]) and (e.paid_in_full or e.settled) for e in ctx.by_kind.get("payment", ()))


def placement(ctx: Ctx) -> None:
    if ctx.action != "place_for_collection":
        return
    if ctx.proposed.to == "creditor":
        ctx.info("R12", "12 CFR 1006.30(b)(2)(i)(A)", "Returning a debt to its owner is allowed whatever its state.")
        return
    for debt in ctx.debt_ids:
        if _paid_or_settled(ctx, debt):
            ctx.block("R12", "12 CFR 1006.30(b)(1)", f"{debt} is known to be paid or settled: it may not be sold or placed.")
        record = ctx.debts.get(debt)
        if record is not None and record.discharged_in_bankruptcy:
            if record.secured_by_lien:
                ctx.warn("R12", "12 CFR 1006.30(b)(2)(ii)",
                         f"{debt} was discharged but is secured by a lien: tell the transferee the personal liability was discharged.")
            else:
                ctx.block("R12", "12 CFR 1006.30(b)(1)", f"{debt} was discharged in bankruptcy: it may not be sold or placed.")


def bankruptcy(ctx: Ctx) -> None:
    if ctx.action not in COLLECTION and ctx.action != "proof_of_claim":
        return
    case = ctx.facts.standing.bankruptcy
    notices = ctx.by_kind.get("bankruptcy_notice", ())
    pending = (case is not None and case.status == "pending" and case.collector_aware) or (
        case is None and bool(notices))
    covered = set((case.debt_ids if case else None) or (notices[-1].debt_ids if notices else None) or ctx.all_debt_ids)
    hit = sorted(covered & set(ctx.debt_ids))
    if pending and hit:
        chapter = f"chapter {case.chapter} " if case and case.chapter else ""
        if ctx.action == "proof_of_claim":
            ctx.info("R18", "11 U.S.C. 501", f"A {chapter}bankruptcy case is pending: file the claim in it.")
        else:
            ctx.block("R18", "11 U.S.C. 362(a)(6)",
                      f"A {chapter}bankruptcy case is pending: the automatic stay stops collection of {', '.join(hit)}.")
    if ctx.action == "proof_of_claim":
        return
    discharged = {d for d in ctx.debt_ids if ctx.debts.get(d) and ctx.debts[d].discharged_in_bankruptcy}
    if case is not None and case.status == "discharged":
        discharged |= covered & set(ctx.debt_ids)
    for debt in sorted(discharged):
        record = ctx.debts.get(debt)
        if record is not None and record.secured_by_lien:
            ctx.warn("R18", "11 U.S.C. 524(a)(2)", f"{debt} was discharged: only the lien may be enforced, not the person.")
        else:
            ctx.block("R18", "11 U.S.C. 524(a)(2)", f"{debt} was discharged in bankruptcy: it may not be collected.")
