"""The ODFI's processing day and the effective entry date of a file (nacha.md §8), on the Federal Reserve's
banking days (`arrears.core.calendar`, re-exported here for the library's callers)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from arrears.core.calendar import (
    add_banking_days,
    banking_day_on_or_after,
    is_banking_day,
    is_fed_holiday,
    next_banking_day,
    why_not_banking_day,
)

__all__ = ["FEDERAL_RESERVE_ZONE", "add_banking_days", "banking_day_on_or_after", "effective_entry_date",
           "is_banking_day", "is_fed_holiday", "next_banking_day", "processing_day", "why_not_banking_day"]

FEDERAL_RESERVE_ZONE = "America/New_York"


def processing_day(delivered_at: datetime, cutoff: time, zone: str = FEDERAL_RESERVE_ZONE) -> date:
    """The banking day the ODFI processes a file delivered at `delivered_at` (timezone-aware): that
    day if it is a banking day and the file arrived before `cutoff` (in `zone`), else the next
    banking day."""
    if delivered_at.tzinfo is None or delivered_at.utcoffset() is None:
        raise ValueError("delivered_at must be timezone-aware (a naive time has no ODFI cutoff to compare with)")
    local = delivered_at.astimezone(ZoneInfo(zone))
    day = local.date()
    if is_banking_day(day) and local.time() < cutoff:
        return day
    return next_banking_day(day)


def effective_entry_date(delivered_at: datetime, cutoff: time, *, same_day: bool = False,
                         zone: str = FEDERAL_RESERVE_ZONE) -> date:
    """The effective entry date to write for a file delivered at `delivered_at`.

    Next-day (the default): the next banking day after the day the ODFI processes the file, so a file
    in before the cutoff on Wednesday 2026-11-25 is effective Friday 2026-11-27 (Thanksgiving closes
    the Thursday). Same-day: the processing day itself; `cutoff` is then the ODFI's same-day cutoff.
    """
    day = processing_day(delivered_at, cutoff, zone)
    return day if same_day else next_banking_day(day)
