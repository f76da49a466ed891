"""R17 TCPA: autodialed or prerecorded calls and texts to a mobile need prior express consent
(47 U.S.C. 227(b)(1)(A)(iii)); a number the consumer gave the creditor for the debt is consent (FCC 07-232);
a revocation by any reasonable means is honoured (FCC 24-24, within 10 business days; arrears at once)."""

from arrears.core.calendar import add_business_days

from ..context import CALLS, Ctx


def tcpa(ctx: Ctx) -> None:
    point = ctx.point
    if point is None or point.type != "mobile":
        return
    revoked = ctx.latest("tcpa_revocation", lambda e: e.contact_point == point.id)
    if revoked is not None:
        ctx.dates["tcpa_revocation_honor_by"] = add_business_days(ctx.sender_date(revoked.ts), 10)
    robocall = ctx.action in CALLS and (ctx.proposed.dialer != "manual" or ctx.action == "ringless_voicemail")
    robotext = ctx.action == "sms" and ctx.proposed.dialer == "autodialer"
    if not (robocall or robotext):
        if ctx.action in CALLS:
            ctx.info("R17", "47 U.S.C. 227(b)(1)(A)", "A manually dialled live call is outside the TCPA's consent rule.")
        return
    what = "An autodialed text" if robotext else (
        "A ringless voicemail" if ctx.action == "ringless_voicemail" else
        "A prerecorded-voice call" if ctx.proposed.dialer == "prerecorded_voice" else "An autodialed call")
    if revoked is not None:
        ctx.block("R17", "47 U.S.C. 227(b)(1)(A)(iii); FCC 24-24",
                  f"{what} to this mobile: consent was revoked on {ctx.sender_date(revoked.ts):%m/%d/%Y}.")
        return
    if point.tcpa_prior_express_consent:
        ctx.info("R17", "47 U.S.C. 227(b)(1)(A)(iii)", f"{what}: prior express consent is on file for this mobile.")
    elif point.number_source in ("consumer_to_creditor", "consumer_to_collector"):
        ctx.info("R17", "47 U.S.C. 227(b)(1)(A)(iii); FCC 07-232",
                 f"{what}: the consumer gave this number for the debt, which is prior express consent.")
    else:
        ctx.block("R17", "47 U.S.C. 227(b)(1)(A)(iii)",
                  f"{what} to a mobile needs prior express consent, and none is on file: dial it by hand.")
