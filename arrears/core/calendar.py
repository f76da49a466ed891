"""Calendar vocabulary every layer shares, defined once: the call window, the federal legal public holidays
and business days, and the Federal Reserve's holidays and banking days. Pure Python (no Django), so the
compliance engine, the NACHA library and the job scheduler all import it. Holidays come from the `holidays`
package; this is the only module that reads it.

The default convenient hours of 12 CFR 1006.6(b)(1)(i) and 15 U.S.C. 1692c(a)(1): "after 8 o'clock
antemeridian and before 9 o'clock postmeridian" local time at the consumer's location. Both boundaries are
treated as inconvenient (08:00 and 21:00 themselves are blocked), so the first convenient minute is 08:01.
"""

from datetime import date, time, timedelta
from functools import cache, lru_cache

import holidays

CALL_WINDOW_FROM = time(8, 0)   # exclusive
CALL_WINDOW_TO = time(21, 0)    # exclusive
FIRST_CONVENIENT = time(8, 1)   # the first minute after CALL_WINDOW_FROM


def spoken_time(t: time) -> str:
    """A clock time as the rule says it: 08:00 -> "8 a.m.", 21:00 -> "9 p.m.", 08:30 -> "8:30 a.m."."""
    minutes = f":{t.minute:02d}" if t.minute else ""
    return f"{t.hour % 12 or 12}{minutes} {'a.m.' if t.hour < 12 else 'p.m.'}"


CALL_WINDOW_FROM_LABEL = spoken_time(CALL_WINDOW_FROM)  # "8 a.m."
CALL_WINDOW_TO_LABEL = spoken_time(CALL_WINDOW_TO)      # "9 p.m."
CALL_WINDOW_LABEL = f"{CALL_WINDOW_FROM_LABEL}–{CALL_WINDOW_TO_LABEL}"
CALL_WINDOW_MINUTES = (CALL_WINDOW_FROM.hour * 60 + CALL_WINDOW_FROM.minute,
                       CALL_WINDOW_TO.hour * 60 + CALL_WINDOW_TO.minute)


def within_call_window(minute_of_day: int) -> bool:
    """Strictly inside 08:00-21:00 (minutes since local midnight, to the minute)."""
    return CALL_WINDOW_MINUTES[0] < minute_of_day < CALL_WINDOW_MINUTES[1]


# Federal legal public holidays (5 U.S.C. 6103(a)) and business days: the days of Regulation F's periods.
# The days observed in their place (6103(b)) count too when asked.

_6103A_NAMES = {
    "New Year's Day", "Martin Luther King Jr. Day", "Washington's Birthday", "Memorial Day",
    "Juneteenth National Independence Day", "Independence Day", "Labor Day", "Columbus Day", "Veterans Day",
    "Thanksgiving Day", "Christmas Day",
}


@lru_cache(maxsize=256)
def _federal_holidays_of(year: int, observed: bool) -> frozenset[date]:
    days = set()
    for day, name in holidays.US(years=year, observed=observed).items():
        base = name.removesuffix(" (observed)")
        if base in _6103A_NAMES:
            days.add(day)
    return frozenset(days)


def is_federal_holiday(day: date, *, observed: bool = False) -> bool:
    """A 5 U.S.C. 6103(a) legal public holiday (with `observed`, also the day observed in its place)."""
    return day in _federal_holidays_of(day.year, observed)


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


# Federal Reserve banking days (nacha.md §8): Monday-Friday except the Federal Reserve holidays, from the
# `holidays` package's Federal Reserve calendar (`holidays.financial_holidays("FED")`): a holiday on Sunday
# closes Monday; one on Saturday does not close Friday. This is not the stock exchange calendar (XNYS),
# which closes on Good Friday and stays open on Columbus and Veterans Day.

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
