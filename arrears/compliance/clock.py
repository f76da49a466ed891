"""Local dates and clock times in the consumer's zones, and business days without federal holidays.

"Day" in the rules means the consumer's local date; with several zones every zone counts (the strictest
reading). Business days skip Saturdays, Sundays and the legal public holidays of 5 U.S.C. 6103(a); the days
observed in their place (6103(b)) are skipped too when asked. Pure Python, no Django.
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_6103A_NAMES = {
    "New Year's Day", "Martin Luther King Jr. Day", "Washington's Birthday", "Memorial Day",
    "Juneteenth National Independence Day", "Independence Day", "Labor Day", "Columbus Day", "Veterans Day",
    "Thanksgiving Day", "Christmas Day",
}


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local(instant: datetime, zone_name: str) -> datetime:
    return instant.astimezone(zone(zone_name))


def local_date(instant: datetime, zone_name: str) -> date:
    return instant.astimezone(zone(zone_name)).date()


def start_of_day(day: date, zone_name: str) -> datetime:
    """Local midnight of `day` in the zone (the first instant of that local date)."""
    return datetime.combine(day, time(0, 0), tzinfo=zone(zone_name))


def at_clock(day: date, clock: str, zone_name: str) -> datetime:
    """`day` at HH:MM local ("24:00" is the next midnight)."""
    if clock == "24:00":
        return start_of_day(day + timedelta(days=1), zone_name)
    return datetime.combine(day, time(int(clock[:2]), int(clock[3:])), tzinfo=zone(zone_name))


def minutes_of(clock: str) -> int:
    return int(clock[:2]) * 60 + int(clock[3:])


def minute_of_day(instant: datetime, zone_name: str) -> int:
    """Minutes since local midnight, to the minute (08:00:30 is minute 480, still 08:00)."""
    here = instant.astimezone(zone(zone_name))
    return here.hour * 60 + here.minute


@lru_cache(maxsize=256)
def _holidays_of(year: int, observed: bool) -> frozenset[date]:
    days = set()
    for day, name in holidays.US(years=year, observed=observed).items():
        base = name.removesuffix(" (observed)")
        if base in _6103A_NAMES:
            days.add(day)
    return frozenset(days)


def is_federal_holiday(day: date, *, observed: bool = False) -> bool:
    """A 5 U.S.C. 6103(a) legal public holiday (with `observed`, also the day observed in its place)."""
    return day in _holidays_of(day.year, observed)


def is_business_day(day: date, *, observed: bool = False) -> bool:
    return day.weekday() < 5 and not is_federal_holiday(day, observed=observed)


def add_business_days(day: date, count: int, *, observed: bool = False) -> date:
    """The date `count` business days after `day` (excluding Saturdays, Sundays and 6103(a) holidays)."""
    current = day
    remaining = count
    while remaining > 0:
        current += timedelta(days=1)
        if is_business_day(current, observed=observed):
            remaining -= 1
    return current


def add_years(day: date, years: int) -> date:
    """Same month and day `years` later; 29 February becomes 1 March (the later, safer day)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)
