"""The writer refuses bad input, naming the batch, the entry and the field, and writes nothing."""

from datetime import date

import pytest

from arrears.core.errors import InvalidInput
from arrears.nacha import NachaInputError, PaymentType, SecCode, write_file

from .factories import CREATED_AT, batch, entry, file_spec, web_entry


def _refusal(spec) -> NachaInputError:
    with pytest.raises(NachaInputError) as caught:
        write_file(spec)
    return caught.value


def _only_problem(spec) -> tuple[str, str, str]:
    error = _refusal(spec)
    assert len(error.problems) == 1, error.problems
    problem = error.problems[0]
    return problem.where, problem.field, problem.message


def test_a_routing_number_with_a_wrong_check_digit_is_refused_naming_the_entry_and_the_right_digit():
    spec = file_spec(batch(entry(), entry(routing_number="231380105", key="payment-17")))
    where, field, message = _only_problem(spec)
    assert (where, field) == ("batch 1, entry 2 (key 'payment-17')", "routing_number")
    assert "check digit" in message and "should be 4" in message


@pytest.mark.parametrize("amount, words", [
    (-1, "outside 0-9999999999"),
    (10_000_000_000, "outside 0-9999999999"),
    (12.5, "integer number of cents"),
    (True, "integer number of cents"),
    (0, "send a prenote instead"),
])
def test_an_amount_out_of_range_or_not_in_integer_cents_is_refused(amount, words):
    where, field, message = _only_problem(file_spec(batch(entry(amount_cents=amount))))
    assert (where, field) == ("batch 1, entry 1 (key 'payment-1')", "amount_cents")
    assert words in message


def test_a_prenote_with_an_amount_is_refused():
    _, field, message = _only_problem(file_spec(batch(entry(transaction_code=28, amount_cents=100))))
    assert field == "amount_cents" and "prenote" in message


def test_a_same_day_entry_over_one_million_dollars_is_refused():
    spec = file_spec(batch(entry(amount_cents=1_000_000_01), effective_date=CREATED_AT.date()))
    _, field, message = _only_problem(spec)
    assert field == "amount_cents" and "same-day limit" in message
    write_file(file_spec(batch(entry(amount_cents=1_000_000_01))))  # next-day: allowed


@pytest.mark.parametrize("name, words", [("", "is blank"), ("   ", "is blank"), ("0000", "is all zeros")])
def test_a_blank_or_all_zero_receiver_name_is_refused(name, words):
    where, field, message = _only_problem(file_spec(batch(entry(name=name))))
    assert (where, field, message) == ("batch 1, entry 1 (key 'payment-1')", "name", words)


def test_a_non_ascii_character_is_refused_naming_the_field_and_the_character():
    where, field, message = _only_problem(file_spec(batch(entry(name="JOSÉ NÚÑEZ"))))
    assert (where, field) == ("batch 1, entry 1 (key 'payment-1')", "name")
    assert "'É' (U+00C9)" in message and "printable ASCII" in message


def test_an_account_number_with_spaces_or_too_long_is_refused():
    assert _only_problem(file_spec(batch(entry(account_number="1234 5678"))))[1:] == \
        ("account_number", "'1234 5678' contains spaces")
    _, field, message = _only_problem(file_spec(batch(entry(account_number="1" * 18))))
    assert field == "account_number" and "18 characters; the field holds 17" in message
    assert _only_problem(file_spec(batch(entry(account_number="0000"))))[1:] == ("account_number", "is all zeros")


def test_web_entries_need_a_payment_type_and_ppd_entries_may_not_have_one():
    _, field, message = _only_problem(file_spec(batch(entry(), sec_code=SecCode.WEB)))
    assert field == "payment_type" and "WEB entries need a payment type" in message
    _, field, _ = _only_problem(file_spec(batch(entry(payment_type=PaymentType.SINGLE))))
    assert field == "payment_type"


def test_tel_batches_refuse_credits_and_addenda():
    error = _refusal(file_spec(batch(entry(transaction_code=22, addenda="REFUND"), sec_code=SecCode.TEL)))
    assert [(p.field, p.message) for p in error.problems] == [
        ("transaction_code", "22 is a credit; TEL carries debits only (credits only as reversals, described "
                             "'REVERSAL')"),
        ("addenda", "TEL entries carry no addenda")]


def test_an_effective_date_on_a_holiday_weekend_or_before_the_creation_date_is_refused():
    for day, words in [(date(2026, 11, 26), "Thanksgiving Day, a Federal Reserve holiday"),
                       (date(2026, 11, 28), "a Saturday"),
                       (date(2026, 11, 23), "before the file's creation date 2026-11-24")]:
        where, field, message = _only_problem(file_spec(batch(effective_date=day)))
        assert (where, field) == ("batch 1", "effective_date") and words in message


def test_batch_and_file_header_fields_are_named_too():
    error = _refusal(file_spec(
        batch(company_id="", entry_description="PURCHASE", sec_code="CTX", odfi_routing_number="12104288"),
        immediate_destination="023138010", file_id_modifier="a"))
    assert [(p.where, p.field) for p in error.problems] == [
        ("file header", "immediate_destination"), ("file header", "file_id_modifier"),
        ("batch 1", "sec_code"), ("batch 1", "company_id"), ("batch 1", "entry_description"),
        ("batch 1", "odfi_routing_number")]


def test_the_error_is_an_invalid_input_listing_every_problem_and_naming_the_first_field():
    error = _refusal(file_spec(batch(web_entry(routing_number="1"), web_entry(name="É", key="b"),
                                     sec_code=SecCode.WEB)))
    assert isinstance(error, InvalidInput)
    assert error.field == "batch 1, entry 1 (key 'payment-1'), routing_number"
    assert str(error).startswith("Cannot write the ACH file, 2 problems:\n- batch 1, entry 1 (key 'payment-1'), ")
    assert "batch 1, entry 2 (key 'b'), name" in str(error)


def test_a_file_or_batch_without_entries_is_refused():
    assert _only_problem(file_spec(batches=()))[1:] == ("batches", "the file has no batches")
    assert _only_problem(file_spec(batch(entries=())))[:2] == ("batch 1", "entries")
