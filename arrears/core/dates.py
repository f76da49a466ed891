"""Dates and local times. A debtor's 'now' is shown in every zone their contact data indicates."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

from arrears.core.calendar import within_call_window


@dataclass(frozen=True)
class LocalTime:
    zone: str
    at: datetime

    @property
    def label(self) -> str:
        return f"{self.at:%-I:%M %p} {self.at.tzname()}"

    @property
    def within_call_window(self) -> bool:
        """Inside 08:00-21:00 local, the default convenient hours of 12 CFR 1006.6(b)(1)(i)."""
        return within_call_window(self.at.hour * 60 + self.at.minute)


def local_times(zones: list[str], now: datetime | None = None) -> list[LocalTime]:
    now = now or timezone.now()
    result = []
    for zone in zones:
        try:
            result.append(LocalTime(zone, now.astimezone(ZoneInfo(zone))))
        except ZoneInfoNotFoundError:
            continue
    return result
