"""Local dates and clock times in the consumer's zones.

"Day" in the rules means the consumer's local date; with several zones every zone counts (the strictest
reading). Business days (without the federal holidays) are in `arrears.core.calendar`. Pure Python, no Django.
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


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


def add_years(day: date, years: int) -> date:
    """Same month and day `years` later; 29 February becomes 1 March (the later, safer day)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)
