"""Checks every collector needs whoever it is: the contact point fits the action and still works."""

from ..context import CALLS, Ctx

_FITS = {
    "call": {"mobile", "landline_home", "landline_work"}, "voicemail": {"mobile", "landline_home", "landline_work"},
    "ringless_voicemail": {"mobile", "landline_home", "landline_work"}, "sms": {"mobile"}, "email": {"email"},
    "letter": {"postal_address"}, "validation_notice": {"postal_address", "email", "mobile"},
}


def contact_point(ctx: Ctx) -> None:
    point = ctx.point
    if point is None or ctx.action not in _FITS:
        return
    if point.type not in _FITS[ctx.action]:
        ctx.block("BASE", "arrears", f"A {ctx.action.replace('_', ' ')} cannot go to a {point.type.replace('_', ' ')}.")
        return
    if (ctx.action in CALLS or ctx.action == "sms") and point.status in ("wrong_number", "disconnected"):
        ctx.block("BASE", "arrears", f"This number is marked {point.status.replace('_', ' ')}.")
    if ctx.action == "letter" and point.status == "undeliverable":
        ctx.block("BASE", "12 CFR 1006.42(a)(1); cmt 42(a)(1)-2", "Mail to this address came back undeliverable.")
