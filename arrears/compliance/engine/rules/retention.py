"""R16 record retention (1006.100): three years after the last collection activity; call recordings three
years after each call."""

from datetime import timedelta

from .. import clock
from ..context import Ctx

_ACTIVITY = ("call_outbound", "ringless_voicemail", "sms_outbound", "email_outbound", "letter_mailed",
             "validation_notice_sent", "furnished_to_cra", "payment", "last_collection_activity")


def records_purge(ctx: Ctx) -> None:
    if ctx.action != "records_purge_check":
        return
    content = ctx.content
    if content.record == "call_recording":
        if content.call_ts is None:
            ctx.block("R16", "12 CFR 1006.100(b)", "Say which call the recording is of (content.call_ts).")
            return
        base = ctx.sender_date(content.call_ts)
        citation = "12 CFR 1006.100(b)"
    else:
        marked = [e for e in ctx.by_kind.get("last_collection_activity", ()) if ctx.touches(e)]
        activity = marked or [e for e in ctx.events if e.event in _ACTIVITY and ctx.touches(e)]
        if not activity:
            ctx.block("R16", "12 CFR 1006.100(a)", "No collection activity is known, so the retention period cannot end.")
            return
        base = ctx.sender_date(max(e.ts for e in activity))
        citation = "12 CFR 1006.100(a)"
    keep_until = clock.add_years(base, 3)
    ctx.dates["retain_until"] = keep_until
    if ctx.sender_date(ctx.at) <= keep_until:
        ctx.block("R16", citation, f"Keep these records through {keep_until:%m/%d/%Y} (three years after {base:%m/%d/%Y}).",
                  cure_at=ctx.sender_midnight(keep_until + timedelta(days=1)))
    else:
        ctx.info("R16", citation, f"The retention period ended on {keep_until:%m/%d/%Y}.")
