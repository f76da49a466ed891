"""R7 email and text messages: the 1006.6(d)(3)-(5) safe-harbor procedures, the 1006.6(e) opt-out notice,
and social media (1006.22(f)(4)).

The procedures are a safe harbor against an unintended disclosure to a third party, not a prohibition:
an email outside them is allowed with a warning (an agency policy may make it a block)."""

from datetime import timedelta

from ..context import Ctx
from ..facts import ContactPoint

# Webmail domains open to the general public (cmt 6(d)(4)(ii)(E)-1). Anything else is treated as reserved
# (a company's own domain) unless the facts say otherwise.
PUBLIC_DOMAINS = frozenset("""
gmail.com googlemail.com yahoo.com ymail.com rocketmail.com outlook.com hotmail.com live.com msn.com aol.com
icloud.com me.com mac.com protonmail.com proton.me gmx.com gmx.us mail.com zoho.com yandex.com fastmail.com
comcast.net att.net sbcglobal.net bellsouth.net verizon.net cox.net charter.net spectrum.net earthlink.net
optonline.net frontier.com windstream.net centurylink.net q.com juno.com netzero.net
""".split())
_RESERVED_SUFFIXES = (".gov", ".edu", ".mil", ".org")


def domain_is_public(point: ContactPoint) -> bool:
    if point.domain_public is not None:
        return point.domain_public
    # Reserved domains (.gov, .edu, .mil, .org, a company's own) are not open to the public; only the
    # known webmail and internet-provider domains are.
    domain = point.value.rpartition("@")[2].lower()
    return domain in PUBLIC_DOMAINS and not domain.endswith(_RESERVED_SUFFIXES)


def _consent_live(ctx: Ctx, kind: str, point_id: str, of: str):
    """The latest consent of `kind` for the point given directly to the collector, if not withdrawn."""
    consent = ctx.latest(kind, lambda e: e.contact_point == point_id and e.given_to == "collector")
    if consent is None:
        return None
    withdrawn = ctx.after("consent_revoked", consent.ts,
                          lambda e: e.of in (None, of) and e.contact_point in (None, point_id))
    return None if withdrawn else consent


def email_procedure(ctx: Ctx, point: ContactPoint) -> str | None:
    """Which 1006.6(d)(4) procedure, if any, lets the collector email this address."""
    opted_out = ctx.opted_out_point(point.id)
    if not opted_out and ctx.latest("email_inbound", lambda e: e.contact_point == point.id):
        return "1006.6(d)(4)(i)(A)"
    if not opted_out and _consent_live(ctx, "email_consent", point.id, "email"):
        return "1006.6(d)(4)(i)(B)"
    if (point.creditor_obtained_from_consumer and point.creditor_used and not point.creditor_asked_to_stop
            and not opted_out and domain_is_public(point) and not point.employer_provided):
        notice = ctx.latest("creditor_notice_sent", lambda e: e.contact_point == point.id)
        if notice is not None and notice.opt_out_deadline is not None:
            long_enough = notice.opt_out_deadline >= ctx.sender_date(notice.ts) + timedelta(days=35)
            if long_enough and ctx.sender_date(ctx.at) > notice.opt_out_deadline:
                return "1006.6(d)(4)(ii)"
    if point.prior_collector_obtained_per_procedures and point.immediately_prior_collector_used and not opted_out:
        return "1006.6(d)(4)(iii)"
    return None


def _within_60_days(ctx: Ctx, event) -> bool:
    return (ctx.today() - ctx.consumer_date(event.ts)).days <= 60


def _not_reassigned_since(ctx: Ctx, point_id: str, since) -> bool:
    check = ctx.latest("reassigned_number_check",
                       lambda e: e.contact_point == point_id and e.check_result == "not_reassigned" and e.ts >= since.ts)
    return check is not None and _within_60_days(ctx, check)


def sms_procedure(ctx: Ctx, point: ContactPoint) -> str | None:
    """Which 1006.6(d)(5) procedure, if any, lets the collector text this number."""
    if ctx.opted_out_point(point.id):
        return None
    texted = ctx.latest("sms_inbound", lambda e: e.contact_point == point.id)
    if texted is not None:
        if _within_60_days(ctx, texted):
            return "1006.6(d)(5)(i)(A)"
        if _not_reassigned_since(ctx, point.id, texted):
            return "1006.6(d)(5)(i)(B)"
    consent = _consent_live(ctx, "sms_consent", point.id, "sms")
    if consent is not None:
        if _within_60_days(ctx, consent):
            return "1006.6(d)(5)(ii)(A)"
        if _not_reassigned_since(ctx, point.id, consent):
            return "1006.6(d)(5)(ii)(B)"
    return None


def electronic_messages(ctx: Ctx) -> None:
    medium = ctx.medium
    if medium not in ("email", "sms") or ctx.action not in ("email", "sms", "validation_notice"):
        return
    point = ctx.point
    if point is None:
        ctx.block("R7", "12 CFR 1006.6(d)(3)", f"No {'email address' if medium == 'email' else 'number'} was chosen.")
        return
    if ctx.to_consumer:
        if medium == "email":
            harbor = email_procedure(ctx, point)
            ctx.values["email_safe_harbor"] = harbor
        else:
            harbor = sms_procedure(ctx, point)
            ctx.values["sms_safe_harbor"] = harbor
        if harbor:
            ctx.info("R7", f"12 CFR {harbor}; 1006.6(d)(3)",
                     f"Within the safe harbor for {'emails' if medium == 'email' else 'texts'} ({harbor}).")
        else:
            what = ("the consumer has not emailed from it or consented directly, and no creditor notice or prior "
                    "collector's use qualifies" if medium == "email" else
                    "the consumer has not texted from it or consented directly within the past 60 days, and no "
                    "reassigned-number check since covers it")
            ctx.warn("R7", "12 CFR 1006.6(d)(3)",
                     f"Outside the safe harbor against third-party disclosure: {what}.")
    content = ctx.content
    if ctx.to_consumer and content.kind != "opt_out_confirmation":
        if content.opt_out_notice is False:
            ctx.block("R7", "12 CFR 1006.6(e)",
                      "Every email or text must say how to opt out of further messages to that address or number.")
        elif content.opt_out_notice is None:
            ctx.warn("R7", "12 CFR 1006.6(e)",
                     "Include a clear, simple opt-out, e.g. “Reply STOP to stop texts to this telephone number.”")
        if content.opt_out_requires:
            ctx.block("R7", "12 CFR 1006.6(e)",
                      "Opting out may not require a fee or any information beyond the preference and the address.")


def social_media(ctx: Ctx) -> None:
    if ctx.content.visible_to_public and ctx.is_contact:
        ctx.block("R7", "12 CFR 1006.22(f)(4)",
                  "A message the public or the person's social-media contacts can see is prohibited.")


def creditor_email_notice(ctx: Ctx) -> None:
    """1006.6(d)(4)(ii)(C)(5): the creditor's notice must give an opt-out date at least 35 days after it is sent."""
    if ctx.action != "creditor_email_transfer_notice":
        return
    earliest = ctx.sender_date(ctx.at) + timedelta(days=35)
    ctx.dates["earliest_opt_out_deadline"] = earliest
    given = ctx.content.opt_out_deadline
    if given is not None and given < earliest:
        ctx.block("R7", "12 CFR 1006.6(d)(4)(ii)(C)(5)",
                  f"The opt-out date must be at least 35 days after the notice is sent: {earliest:%m/%d/%Y} or later.")
    else:
        ctx.info("R7", "12 CFR 1006.6(d)(4)(ii)(C)(5)",
                 f"Give an opt-out date of {earliest:%m/%d/%Y} or later (35 days after sending).")
