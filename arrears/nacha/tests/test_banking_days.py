"""Effective entry dates follow the Federal Reserve's banking days (nacha.md §8)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from arrears.nacha import (
    add_banking_days,
    banking_day_on_or_after,
    effective_entry_date,
    is_banking_day,
    next_banking_day,
    processing_day,
)

EASTERN = ZoneInfo("America/New_York")
CUTOFF = time(17, 0)


def at(year, month, day, hour, minute=0, zone=EASTERN) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


def test_thanksgiving_2026_is_skipped_so_a_wednesday_file_is_effective_friday():
    assert not is_banking_day(date(2026, 11, 26))
    assert next_banking_day(date(2026, 11, 25)) == date(2026, 11, 27)
    assert effective_entry_date(at(2026, 11, 25, 10), CUTOFF) == date(2026, 11, 27)


def test_a_file_after_the_cutoff_is_processed_the_next_banking_day():
    assert processing_day(at(2026, 11, 25, 17, 1), CUTOFF) == date(2026, 11, 27)
    assert effective_entry_date(at(2026, 11, 25, 17, 1), CUTOFF) == date(2026, 11, 30)


def test_christmas_2026_on_a_friday_moves_christmas_eve_files_to_monday():
    assert not is_banking_day(date(2026, 12, 25))
    assert effective_entry_date(at(2026, 12, 24, 9), CUTOFF) == date(2026, 12, 28)
    assert effective_entry_date(at(2026, 12, 24, 18), CUTOFF) == date(2026, 12, 29)


def test_weekends_are_skipped():
    assert [is_banking_day(date(2026, 11, d)) for d in (27, 28, 29, 30)] == [True, False, False, True]
    assert next_banking_day(date(2026, 11, 27)) == date(2026, 11, 30)
    assert effective_entry_date(at(2026, 11, 28, 9), CUTOFF) == date(2026, 12, 1)  # Saturday: processed Monday


def test_a_sunday_holiday_closes_monday_but_a_saturday_holiday_leaves_friday_open():
    assert not is_banking_day(date(2023, 1, 2))  # New Year's Day 2023 fell on a Sunday
    assert not is_banking_day(date(2022, 6, 20))  # so did Juneteenth 2022
    assert is_banking_day(date(2026, 7, 3))  # Independence Day 2026 is a Saturday
    assert is_banking_day(date(2027, 12, 24))  # Christmas 2027 is a Saturday


def test_the_calendar_is_the_federal_reserves_not_the_stock_exchanges():
    assert is_banking_day(date(2026, 4, 3))  # Good Friday: the NYSE closes, the Fed does not
    assert not is_banking_day(date(2026, 10, 12))  # Columbus Day
    assert not is_banking_day(date(2026, 11, 11))  # Veterans Day


def test_same_day_entries_are_effective_on_the_processing_day():
    assert effective_entry_date(at(2026, 11, 25, 9), time(14, 45), same_day=True) == date(2026, 11, 25)
    assert effective_entry_date(at(2026, 11, 25, 15), time(14, 45), same_day=True) == date(2026, 11, 27)


def test_the_cutoff_is_compared_in_the_odfis_time_zone():
    utc = ZoneInfo("UTC")
    assert effective_entry_date(at(2026, 11, 24, 21, 30, utc), CUTOFF) == date(2026, 11, 25)  # 16:30 in New York
    assert effective_entry_date(at(2026, 11, 24, 22, 30, utc), CUTOFF) == date(2026, 11, 27)  # 17:30 in New York


def test_a_naive_delivery_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        effective_entry_date(datetime(2026, 11, 25, 10), CUTOFF)


def test_banking_days_can_be_counted_forward_and_a_holiday_settles_on_the_next_one():
    assert add_banking_days(date(2026, 11, 24), 3) == date(2026, 11, 30)
    assert add_banking_days(date(2026, 11, 24), 0) == date(2026, 11, 24)
    assert banking_day_on_or_after(date(2026, 12, 25)) == date(2026, 12, 28)
    assert banking_day_on_or_after(date(2026, 12, 24)) == date(2026, 12, 24)
