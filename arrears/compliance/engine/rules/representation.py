"""R4 a consumer represented by an attorney (1006.6(b)(2)), R5 cease communication (1006.6(c)), and
deceased consumers (1006.2(e), 1006.6(a)(4), cmt 34(a)(1)-1)."""

from ..context import CONTACTS, Ctx
from .time_place import consented_or_permitted


def attorney(ctx: Ctx) -> None:
    rep = ctx.facts.standing.attorney
    if rep is None or not ctx.to_consumer or not ctx.is_contact:
        return
    covered = set(rep.debt_ids or ctx.all_debt_ids) & set(ctx.debt_ids)
    if not covered:
        return
    if not rep.name_and_address_known:
        ctx.warn("R4", "12 CFR 1006.6(b)(2)",
                 "The consumer says they have an attorney; find out the attorney's name and address.")
        return
    if rep.attorney_consented_direct_contact:
        ctx.info("R4", "12 CFR 1006.6(b)(2)(ii)", "The attorney consented to direct communication with the consumer.")
        return
    if rep.attorney_failed_to_respond_reasonable_time:
        ctx.info("R4", "12 CFR 1006.6(b)(2)(i)", "The attorney did not respond within a reasonable time.")
        return
    if ctx.responding:
        ctx.info("R4", "12 CFR 1006.6(b)(2); cmt 6(b)(2)-1",
                 "The consumer contacted the collector: the collector may respond; afterwards the attorney rule applies again.")
        return
    exception = consented_or_permitted(ctx)
    if exception:
        ctx.info("R4", "12 CFR 1006.6(b)(4)", f"Represented by an attorney, but {exception}.")
        return
    ctx.block("R4", "12 CFR 1006.6(b)(2)",
              f"The consumer is represented by an attorney about {', '.join(sorted(covered))}: communicate with the attorney.")


def cease(ctx: Ctx) -> None:
    if not ctx.to_consumer or not ctx.is_contact:
        return
    accepted = set(ctx.facts.collector.accepts_electronic_notices) | {"mail", "in_person", None}
    for notice in ctx.by_kind.get("written_cease_request", ()):
        if not ctx.touches(notice):
            continue
        if notice.medium not in accepted:
            ctx.warn("R5", "12 CFR 1006.6(c)(1); cmt 6(c)(1)-2",
                     f"A cease request came by {notice.medium}, which the collector does not accept for notices; "
                     "treat it at least as a request not to use that medium.")
            continue
        what = "refuses to pay" if notice.refuses_to_pay else "asked that communication stop"
        said = f"The consumer {what} in writing (received {ctx.sender_date(notice.ts):%m/%d/%Y})"
        kind = ctx.content.kind
        if kind == "termination_notice":
            ctx.info("R5", "12 CFR 1006.6(c)(2)(i)", f"{said}; telling them collection efforts are ending is allowed.")
        elif kind == "remedy_notice":
            ctx.info("R5", "12 CFR 1006.6(c)(2)(ii)-(iii)",
                     f"{said}; notice that a specified remedy may or will be invoked is allowed.")
        elif ctx.action == "respond_on_inbound_call":
            ctx.warn("R5", "12 CFR 1006.6(c)(1)", f"{said}. The consumer called: answer, but do not go on collecting.")
        else:
            ctx.block("R5", "12 CFR 1006.6(c)(1)", f"{said}: no further communication or attempt about this debt.")


def deceased(ctx: Ctx) -> None:
    if not ctx.facts.consumer.deceased or ctx.action not in CONTACTS:
        return
    if ctx.proposed.to == "consumer" and not (ctx.point and ctx.point.belongs_to == "estate_representative"):
        ctx.block("BASE", "12 CFR 1006.6(a)(4); cmt 34(a)(1)-1",
                  "The consumer has died: communicate only with the person authorised to act for the estate, by name.")
    elif ctx.proposed.to == "estate_representative":
        ctx.info("BASE", "12 CFR 1006.6(a)(4)", "The estate's representative stands in for the deceased consumer.")
