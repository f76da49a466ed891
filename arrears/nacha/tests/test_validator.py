"""The validator's rules, each shown on a file our writer made and then broke in one place."""

from dataclasses import replace
from datetime import date

from arrears.nacha import SecCode, Severity, parse_file, validate_file, write_file
from arrears.nacha.layout import format_record

from .factories import batch, entry, file_spec, web_entry


def _broken(text: str, line: int, **changes) -> str:
    """`text` with the record on `line` re-written with `changes` to its fields."""
    record = next(r for r in parse_file(text).records() if r.line == line)
    lines = text.split("\n")
    lines[line - 1] = format_record(replace(record, **changes))
    return "\n".join(lines)


def _errors(text: str) -> set[tuple[int | None, str | None]]:
    return {(p.line, p.field) for p in validate_file(text) if p.is_error}


def _two_batches() -> str:
    """Lines: 1 header; 2 batch header, 3-4 entries, 5 control; 6 batch header, 7 entry, 8 control; 9 file control."""
    return write_file(file_spec(batch(entry(), entry(key="b")), batch(entry(key="c")))).text


def test_a_trace_number_used_twice_in_the_file_is_an_error():
    text = _broken(_two_batches(), 7, trace_number="121042880000001")
    problems = [p for p in validate_file(text) if p.field == "trace_number"]
    assert [(p.line, p.message) for p in problems] == [
        (7, "trace number 121042880000001 is also used at line 3; trace numbers must be unique in the file")]


def test_trace_numbers_must_ascend_within_a_batch_and_start_with_the_odfi_id():
    text = _broken(_two_batches(), 4, trace_number="121042880000000")
    assert _errors(text) == {(4, "trace_number")}
    text = _broken(_two_batches(), 4, trace_number="231380100000002")
    assert "does not start with the batch's ODFI ID 12104288" in validate_file(text)[0].message


def test_the_addenda_indicator_must_match_the_addenda_that_follow():
    assert _errors(_broken(_two_batches(), 3, addenda_indicator="1")) == {(3, "addenda_indicator")}


def test_web_entries_without_a_payment_type_are_errors():
    text = write_file(file_spec(batch(web_entry(), sec_code=SecCode.WEB))).text
    assert _errors(_broken(text, 3, discretionary_data="")) == {(3, "discretionary_data")}
    assert _errors(_broken(text, 3, discretionary_data=" R")) == set()


def test_a_credit_in_a_debits_only_batch_is_an_error():
    text = _broken(_two_batches(), 3, transaction_code=22)
    assert (3, "transaction_code") in _errors(text)
    assert {(5, "total_debit_cents"), (5, "total_credit_cents")} <= _errors(text)


def test_batch_control_must_repeat_the_header_and_company_id_alignment_is_only_a_warning():
    assert _errors(_broken(_two_batches(), 5, company_id="9999999999", batch_number=7, odfi_id="23138010")) == \
        {(5, "company_id"), (5, "batch_number"), (5, "odfi_id")}
    nine_characters = write_file(file_spec(batch(company_id="123456789"))).text
    realigned = _broken(nine_characters, 4, company_id=" 123456789")
    assert [(p.line, p.field, p.severity) for p in validate_file(realigned)] == [(4, "company_id", Severity.WARNING)]


def test_batch_numbers_must_ascend():
    text = _broken(_broken(_two_batches(), 6, batch_number=1), 8, batch_number=1)
    assert _errors(text) == {(6, "batch_number")}


def test_a_prenote_with_an_amount_and_a_live_entry_without_one_are_errors():
    text = write_file(file_spec(batch(entry(transaction_code=28, amount_cents=0), entry(key="b")))).text
    assert (3, "amount_cents") in _errors(_broken(text, 3, amount_cents=5))
    assert (4, "amount_cents") in _errors(_broken(text, 4, amount_cents=0))


def test_tel_entries_with_an_addenda_and_a_second_addenda_05_are_errors():
    text = write_file(file_spec(batch(entry(addenda="FIRST")))).text
    lines = text.split("\n")
    twice = "\n".join(lines[:4] + [lines[3][:83] + "0002" + lines[3][87:]] + lines[4:])
    problems = [p for p in validate_file(twice) if p.is_error]
    assert "2 addenda 05 follow one entry; PPD allows at most 1" in {p.message for p in problems}
    tel = _broken(text, 2, sec_code="TEL")
    assert "TEL entries carry no addenda records" in {p.message for p in validate_file(tel)}


def test_a_missing_batch_control_and_an_unknown_record_type_are_reported():
    lines = _two_batches().split("\n")
    without_control = "\n".join(lines[:4] + lines[5:])
    messages = [p.message for p in validate_file(without_control)]
    assert "batch header comes before the batch control of the batch that starts at line 2" in messages
    unknown = "\n".join(lines[:2] + ["X" + lines[2][1:]] + lines[3:])
    assert any("unknown record type 'X'" in m for m in (p.message for p in validate_file(unknown)))


def test_an_effective_date_on_a_holiday_is_a_warning_when_reading_and_an_error_when_strict():
    text = _broken(_two_batches(), 2, effective_entry_date=date(2026, 11, 26))
    (problem,) = validate_file(text)
    assert (problem.line, problem.field, problem.severity) == (2, "effective_entry_date", Severity.WARNING)
    assert "Thanksgiving Day, a Federal Reserve holiday" in problem.message
    assert [p.severity for p in validate_file(text, strict=True)] == [Severity.ERROR]
