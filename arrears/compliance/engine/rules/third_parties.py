"""R6 third parties (1006.6(d)), location communications (1006.10) and limited-content messages (1006.2(j))."""

from ..context import Ctx, LCM_OPTIONAL, LCM_REQUIRED, is_limited_content
from .frequency import proposed_person


def _third_party_point(ctx: Ctx) -> bool:
    """Does the proposed contact reach someone other than the consumer: a third party named as the recipient,
    a number or address that belongs to one, or a number the collector learned is not the consumer's?"""
    if ctx.proposed.to == "third_party":
        return True
    point = ctx.point
    if point is None:
        return False
    if point.belongs_to == "third_party":
        return True
    return any(e.contact_point == point.id for e in ctx.by_kind.get("number_not_consumers_learned", ()))


def classify_voicemail(ctx: Ctx, third: bool) -> None:
    if ctx.action not in ("voicemail", "ringless_voicemail"):
        return
    items = ctx.content.items
    declared = ctx.content.kind == "limited_content_message"
    lcm = (declared and items is None) or is_limited_content(items)
    only_lcm_items = items is None or set(items) <= LCM_REQUIRED | LCM_OPTIONAL
    if third:
        # A message knowingly left for someone other than the consumer is never an LCM (cmt 2(j)-2).
        ctx.values["limited_content_message"] = False
        ctx.values["is_communication"] = not only_lcm_items
        return
    ctx.values["limited_content_message"] = lcm
    ctx.values["is_communication"] = not lcm and not (items is not None and set(items) <= LCM_REQUIRED | LCM_OPTIONAL)
    if lcm:
        ctx.info("R6", "12 CFR 1006.2(j)", "A limited-content message: an attempt to communicate, not a communication.")
    elif items is not None:
        missing = sorted(LCM_REQUIRED - set(items))
        extra = sorted(set(items) - LCM_REQUIRED - LCM_OPTIONAL)
        why = "; ".join(p for p in (f"it lacks {', '.join(missing)}" if missing else "",
                                    f"it also has {', '.join(extra)}" if extra else "") if p)
        ctx.warn("R6", "12 CFR 1006.2(j); cmt 2(j)-1",
                 f"Not a limited-content message ({why}): if it conveys anything about the debt it is a communication.")


def third_parties(ctx: Ctx) -> None:
    if not ctx.is_contact or ctx.action == "respond_on_inbound_call":
        return
    if ctx.proposed.to in ("consumer_attorney", "creditor", "cra"):
        ctx.info("R6", "12 CFR 1006.6(d)(1)(ii)-(vi)", "The consumer's attorney, the creditor or a CRA may be contacted.")
        return
    third = _third_party_point(ctx)
    classify_voicemail(ctx, third)
    if not third:
        return
    person = proposed_person(ctx)
    if ctx.facts.standing.court_permission:
        ctx.info("R6", "12 CFR 1006.6(d)(2)(iii)", "A court expressly permitted this communication.")
        return
    if ctx.latest("third_party_consent", lambda e: e.person == person):
        ctx.info("R6", "12 CFR 1006.6(d)(2)(ii)", "The consumer consented directly to the collector contacting this person.")
        return
    if ctx.content.kind in (None, "location_inquiry"):
        # The only reason to contact a third party without the consumer's consent is to find the consumer.
        _location(ctx, person)
        return
    items = ctx.content.items
    if ctx.action in ("voicemail", "ringless_voicemail") and items is not None and set(items) <= LCM_REQUIRED | LCM_OPTIONAL:
        ctx.warn("R6", "12 CFR 1006.2(j); cmt 2(j)-2",
                 "A message knowingly left for someone other than the consumer is not a limited-content message.")
        return
    ctx.block("R6", "12 CFR 1006.6(d)(1)",
              "This reaches someone other than the consumer: nothing about the debt may be communicated to them.")


def _location(ctx: Ctx, person: str) -> None:
    attorney = ctx.facts.standing.attorney
    if attorney and attorney.name_and_address_known and not attorney.attorney_failed_to_respond_reasonable_time:
        ctx.block("R6", "12 CFR 1006.10(b)(5)",
                  "The consumer has an attorney whose name and address are known: ask only the attorney.")
        return
    earlier = [e for e in ctx.events if e.event in ("call_outbound", "call_inbound") and
               (e.result == "conversation" or e.event == "call_inbound") and
               (e.person or (ctx.points[e.contact_point].who if e.contact_point in ctx.points else None)) == person]
    if earlier:
        again = ctx.latest("location_request_by_person", lambda e: e.person == person and e.ts > earlier[-1].ts)
        if again is None:
            ctx.block("R6", "12 CFR 1006.10(c)",
                      f"The collector already spoke with this person on {ctx.sender_date(earlier[-1].ts):%m/%d/%Y} to "
                      "find the consumer: once only, unless they asked for another call or their answer was wrong or "
                      "incomplete.")
            return
    ctx.warn("R6", "12 CFR 1006.10(b)",
             "A location inquiry: give your own name, say you are confirming or correcting location information, "
             "name the employer only if asked, and never say the consumer owes a debt.")
