"""R10 the debt collector disclosures of 1006.18(e): the initial one, then "from a debt collector"."""

from ..context import CALLS, CONTACTS, WRITTEN, Ctx, is_communication_event, is_limited_content, is_written_event

INITIAL = "that the debt collector is attempting to collect a debt and any information obtained will be used for that purpose"
SUBSEQUENT = "that the communication is from a debt collector"


def required_disclosure(ctx: Ctx) -> str:
    """initial, subsequent or none for the proposed communication."""
    if ctx.action in ("lawsuit", "proof_of_claim"):
        return "none"  # formal pleadings (1006.18(e)(3))
    if ctx.action in ("voicemail", "ringless_voicemail") and (
            ctx.content.kind == "limited_content_message" or is_limited_content(ctx.content.items)):
        return "none"  # a limited-content message is not a communication (cmt 18(e)-1)
    if ctx.content.kind == "opt_out_confirmation":
        return "none"  # 1006.14(h)(2)(i): nothing but the confirmation
    prior = [e for e in ctx.events if is_communication_event(ctx, e)]
    if not prior:
        return "initial"
    written_now = ctx.action in WRITTEN
    if written_now and not any(is_written_event(e) for e in prior):
        return "initial"  # an oral initial communication is repeated in the first written one (1006.18(e)(1))
    return "subsequent"


def disclosures(ctx: Ctx) -> None:
    if not ctx.to_consumer or (ctx.action not in CONTACTS and ctx.action not in ("lawsuit", "proof_of_claim")):
        return
    required = required_disclosure(ctx)
    ctx.values["required_disclosure"] = required
    if required == "none":
        if ctx.action in CALLS:
            ctx.info("R10", "12 CFR 1006.18(e); cmt 18(e)-1", "A limited-content message needs no disclosure.")
        return
    citation = "12 CFR 1006.18(e)(1)" if required == "initial" else "12 CFR 1006.18(e)(2)"
    wording = INITIAL if required == "initial" else SUBSEQUENT
    given = ctx.content.disclosures
    first = "This would be the initial communication: " if required == "initial" else ""
    if given is None:
        when = "if the call is answered, " if ctx.action == "call" else ""
        text = f"{first}{when}disclose {wording}."
        ctx.warn("R10", citation, text[0].upper() + text[1:])
    elif required == "initial" and "initial" not in given:
        ctx.block("R10", citation, f"{first}it must disclose {wording}.")
    elif required == "subsequent" and not given:
        ctx.block("R10", citation, f"It must disclose {wording}.")
    else:
        ctx.info("R10", citation, "The required disclosure is included.")
    languages = ctx.content.languages
    if languages and ctx.content.disclosure_languages is not None:
        missing = [lang for lang in languages if lang not in ctx.content.disclosure_languages]
        if missing:
            ctx.block("R10", "12 CFR 1006.18(e)(4); cmt 18(e)(4)-1",
                      f"The disclosure must also be given in {', '.join(missing)}: the communication uses "
                      f"{', '.join(languages)}.")
