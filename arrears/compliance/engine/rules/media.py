"""R9 prohibited media: a person's request not to use a medium, or one address or number (1006.14(h))."""

from ..context import Ctx
from .frequency import proposed_person

_OUTBOUND = {"call": ("call_outbound",), "sms": ("sms_outbound",), "email": ("email_outbound",),
             "letter": ("letter_mailed", "validation_notice_sent")}
_INBOUND = {"call": "call_inbound", "sms": "sms_inbound", "email": "email_inbound"}


def _opt_out_covers(event, medium: str, point_id: str | None) -> bool:
    if event.contact_point is not None:
        return event.contact_point == point_id
    return event.medium == medium or (event.medium == "electronic" and medium in ("sms", "email"))


def prohibited_media(ctx: Ctx) -> None:
    medium = ctx.medium
    if medium is None or not ctx.is_contact:
        return
    point_id = ctx.point.id if ctx.point else None
    person = proposed_person(ctx)
    for opt_out in ctx.by_kind.get("medium_opt_out", ()):
        if (opt_out.person or "consumer") != person and not (opt_out.person is None and ctx.to_consumer):
            continue
        if not _opt_out_covers(opt_out, medium, point_id):
            continue
        what = (f"this {'number' if medium in ('call', 'sms') else 'address'}" if opt_out.contact_point
                else {"call": "telephone calls", "sms": "text messages", "email": "email", "letter": "letters"}.get(
                    medium, medium))
        said = f"The person asked on {ctx.sender_date(opt_out.ts):%m/%d/%Y} not to be contacted by {what}"
        if ctx.content.required_by_law:
            ctx.info("R9", "12 CFR 1006.14(h)(2)(iii)", f"{said}, but applicable law requires this medium.")
            continue
        if ctx.content.kind == "opt_out_confirmation" and medium in ("sms", "email"):
            if not any(ctx.after(kind, opt_out.ts) for kind in _OUTBOUND[medium]):
                ctx.info("R9", "12 CFR 1006.14(h)(2)(i)", f"{said}; one confirmation with nothing else in it is allowed.")
                continue
        if _responding_once(ctx, medium, opt_out.ts):
            ctx.info("R9", "12 CFR 1006.14(h)(2)(ii)",
                     f"{said}, but contacted the collector that way since: one reply the same way is allowed.")
            continue
        ctx.block("R9", "12 CFR 1006.14(h)(1)" + ("; cmt 14(h)(1)-2" if opt_out.contact_point else ""), f"{said}.")


def _responding_once(ctx: Ctx, medium: str, since) -> bool:
    if ctx.action == "respond_on_inbound_call":
        return True
    if ctx.proposed.initiated_by != "response_to_consumer" or medium not in _INBOUND:
        return False
    inbound = ctx.latest(_INBOUND[medium], lambda e: e.ts > since)
    if inbound is None:
        return False
    return not any(ctx.after(kind, inbound.ts) for kind in _OUTBOUND[medium])
