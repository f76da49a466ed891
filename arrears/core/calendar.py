"""Calendar vocabulary every layer shares, defined once. Pure Python (no Django), so the compliance engine
and the batch path may import it.

The default convenient hours of 12 CFR 1006.6(b)(1)(i) and 15 U.S.C. 1692c(a)(1): "after 8 o'clock
antemeridian and before 9 o'clock postmeridian" local time at the consumer's location. Both boundaries are
treated as inconvenient (08:00 and 21:00 themselves are blocked), so the first convenient minute is 08:01.
"""

from datetime import time

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
