"""Federal Reserve banking days and effective entry dates (nacha.md §8).

Banking days are Monday-Friday except the Federal Reserve holidays, taken from the `holidays`
package's Federal Reserve calendar (`holidays.financial_holidays("FED")`): a holiday on Sunday closes
Monday; one on Saturday does not close Friday. This is not the stock exchange calendar (XNYS), which
closes on Good Friday and stays open on Columbus and Veterans Day.
"""

from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

FEDERAL_RESERVE_ZONE = "America/New_York"


@cache
def _fed_holidays(year: int) -> dict[date, str]:
    """{day: holiday name} for one year; cached, and never changed by callers."""
    return dict(holidays.financial_holidays("FED", years=year))


def is_fed_holiday(day: date) -> bool:
    return day in _fed_holidays(day.year)


def is_banking_day(day: date) -> bool:
    """Monday-Friday and not a Federal Reserve holiday."""
    return day.weekday() < 5 and not is_fed_holiday(day)


def why_not_banking_day(day: date) -> str | None:
    """None for a banking day, else why not: "a Saturday", "Thanksgiving Day, a Federal Reserve holiday"."""
    if day.weekday() >= 5:
        return f"a {day:%A}"
    name = _fed_holidays(day.year).get(day)
    return f"{name}, a Federal Reserve holiday" if name else None


def next_banking_day(day: date) -> date:
    """The first banking day strictly after `day`."""
    day += timedelta(days=1)
    while not is_banking_day(day):
        day += timedelta(days=1)
    return day


def banking_day_on_or_after(day: date) -> date:
    """`day` if it is a banking day, else the next one: when the operator settles an entry whose
    effective date is not a banking day."""
    return day if is_banking_day(day) else next_banking_day(day)


def add_banking_days(day: date, count: int) -> date:
    """The `count`-th banking day after `day` (count >= 0; 0 gives `day` itself). For example, live
    debits may follow a prenote from add_banking_days(prenote_settlement, 3)."""
    if count < 0:
        raise ValueError("count must not be negative")
    for _ in range(count):
        day = next_banking_day(day)
    return day


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
