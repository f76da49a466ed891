"""Field layouts: positions, check digits and the computed fields, as nacha.md §6 states them."""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

import pytest

from arrears.nacha import check_digit_for, is_valid_routing_number, parse_file
from arrears.nacha.codes import is_debit_side, service_class_for
from arrears.nacha.layout import Record, check_layout, format_record, text
from arrears.nacha.records import BatchControl, EntryDetail
from arrears.nacha.totals import entry_hash

from .factories import sample


def test_the_check_digit_example_from_nacha_md_gives_4():
    assert check_digit_for("23138010") == "4"
    assert is_valid_routing_number("231380104")
    assert not is_valid_routing_number("231380105")
    assert not is_valid_routing_number("23138010")


def test_entry_hash_sums_rdfi_ids_mod_10_digits():
    assert entry_hash(["08100021"] * 4) == 32_400_084
    assert entry_hash(["99999999"] * 123 + ["45679024"]) == 2_345_678_901  # 12345678901 keeps 10 digits


def test_entry_detail_fields_are_read_from_their_positions():
    detail = parse_file(sample("ppd-debit.ach")).batches[0].entries[0].detail
    assert (detail.transaction_code, detail.rdfi_id, detail.check_digit) == (27, "23138010", "4")
    assert (detail.account_number, detail.amount_cents) == ("12345678", 100_000_000)
    assert (detail.individual_name, detail.addenda_indicator, detail.trace_number) == \
        ("Receiver Account Name", "0", "121042880000001")


def test_a_record_is_written_into_94_characters_at_the_declared_positions():
    text = format_record(EntryDetail(transaction_code=27, rdfi_id="23138010", check_digit="4",
                                     account_number="12345678", amount_cents=100_000_000,
                                     individual_name="Receiver Account Name", trace_number="121042880000001"))
    assert text == sample("ppd-debit.ach").decode().splitlines()[2]
    control = format_record(BatchControl(service_class_code=225, entry_addenda_count=1, entry_hash=23138010,
                                         total_debit_cents=100_000_000, company_id="121042882",
                                         odfi_id="12104288", batch_number=1))
    assert control == sample("ppd-debit.ach").decode().splitlines()[3]


def test_two_digit_years_read_as_1970_to_2069():
    header = parse_file(sample("ppd-debit.ach")).batches[0].header
    assert header.effective_entry_date == date(2019, 6, 25)
    addenda = parse_file(sample("return-WEB.ach")).batches[0].entries[0].addenda[0]
    death = addenda.raw[:21] + "751231" + addenda.raw[27:]
    text = sample("return-WEB.ach").decode().replace(addenda.raw, death)
    assert parse_file(text).batches[0].entries[0].addenda[0].date_of_death == date(1975, 12, 31)


def test_debit_side_codes_end_in_5_to_9_and_credit_side_codes_in_1_to_4():
    assert [c for c in (21, 22, 23, 24, 26, 27, 28, 29, 36, 55) if is_debit_side(c)] == [26, 27, 28, 29, 36, 55]
    assert service_class_for([27, 28, 26]) == 225
    assert service_class_for([22, 23, 21]) == 220
    assert service_class_for([27, 22]) == 200


def test_a_layout_with_a_gap_or_overlap_is_refused_when_declared():
    @dataclass(frozen=True, kw_only=True, slots=True)
    class Gapped(Record):
        RECORD_TYPE: ClassVar[str] = "6"
        first: str = text(2, 10, "first")
        second: str = text(13, 82, "second")

    with pytest.raises(TypeError, match="starts at 13; expected 12"):
        check_layout(Gapped)
