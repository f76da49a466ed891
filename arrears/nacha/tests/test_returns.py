"""Reading returns (addenda 99, including dishonored and contested) and notifications of change
(addenda 98) into what later code needs: the reason, the original trace number, the corrected data."""

from dataclasses import replace
from datetime import date

import pytest

from arrears.nacha import Correction, RetryRule, ReturnKind, parse_file, read_returns, validate_file
from arrears.nacha.corrections import read_corrected_data
from arrears.nacha.layout import format_record

from .factories import sample


def test_a_web_return_file_gives_each_return_with_its_reason_and_original_trace():
    report = read_returns(sample("return-WEB.ach"))
    assert report.errors == []
    assert [(r.reason_code, r.original_trace_number, r.amount_cents, r.entry.transaction_code)
            for r in report.returns] == [("R01", "091400600000001", 12_354, 26), ("R03", "091400600000003", 4_565, 21)]
    insufficient, no_account = report.returns
    assert insufficient.reason.description == "Insufficient funds" and insufficient.reason.may_retry
    assert no_account.reason.is_administrative and not no_account.reason.may_retry
    assert (insufficient.entry.individual_name, insufficient.entry.individual_id) == ("Paul Jones", "MjMxNDAwMjAtOGQ")
    assert (insufficient.batch.company_name, insufficient.batch.sec_code) == ("CoinLion", "WEB")
    assert insufficient.original_rdfi_id == "09100001" and insufficient.line == 3
    assert report.notices_of_change == []


def test_a_vendor_return_file_with_crlf_and_trimmed_header_gives_its_three_returns():
    report = read_returns(sample("return-issue702-vendor.ach"))
    assert [(r.reason_code, r.amount_cents, r.batch.sec_code) for r in report.returns] == \
        [("R04", 102, "PPD"), ("R03", 101, "WEB"), ("R01", 10_001, "WEB")]
    assert {r.addenda_information for r in report.returns} == {"PSEUDORETN"}
    assert {r.batch.settlement_date for r in report.returns} == {91}
    assert [r.original_trace_number for r in report.returns] == ["101206100000001"] * 3


def test_an_unknown_return_code_is_kept_with_no_reason_and_reported():
    report = read_returns(sample("return-PPD-custom-reason-code.ach"))
    (custom,) = report.returns
    assert (custom.reason_code, custom.reason, custom.original_trace_number) == ("R97", None, "092221172022300")
    assert [(p.line, p.field) for p in report.errors] == [(4, "return_reason_code")]


def test_a_dishonored_return_reads_its_own_layout():
    report = read_returns(sample("dishonored-return.ach"))
    first = report.returns[0]
    assert first.kind is ReturnKind.DISHONORED and first.reason.description == "Untimely return"
    assert (first.original_trace_number, first.addenda.return_trace_number) == ("059999990000301", "123918710000001")
    assert (first.addenda.return_settlement_date, first.addenda.return_reason) == (179, "01")
    assert first.addenda_information == "Untimely Return"
    assert len(report.returns) == 2 and report.errors == []


def test_a_contested_dishonored_return_reads_every_field_moov_asserts():
    (contested,) = read_returns(sample("contested_addenda.txt")).returns
    addenda = contested.addenda
    assert contested.kind is ReturnKind.CONTESTED and contested.reason_code == "R72"
    assert (addenda.original_trace_number, addenda.original_rdfi_id) == ("123456780000069", "75639218")
    assert (addenda.return_trace_number, addenda.return_settlement_date, addenda.return_reason) == \
        ("756392180000001", 67, "01")
    assert (addenda.dishonored_return_trace_number, addenda.dishonored_return_settlement_date,
            addenda.dishonored_return_reason) == ("123456780000070", 218, "68")
    assert addenda.trace_number == "364275034310088"


def test_a_date_of_death_is_read_from_an_r15_return():
    ach = parse_file(sample("return-WEB.ach"))
    addenda = ach.batches[0].entries[0].addenda[0]
    text = sample("return-WEB.ach").decode().replace(
        addenda.raw, format_record(replace(addenda, return_reason_code="R15", date_of_death=date(2026, 11, 2))))
    (deceased, _) = read_returns(text).returns
    assert deceased.reason.retry is RetryRule.STOP
    assert deceased.date_of_death == date(2026, 11, 2)


def test_a_notification_of_change_gives_the_corrected_account_number():
    report = read_returns(sample("cor-example.ach"))
    (notice,) = report.notices_of_change
    assert (notice.change_code, notice.original_trace_number) == ("C01", "121042880000001")
    assert notice.reason.corrects == (Correction.ACCOUNT_NUMBER,)
    assert notice.corrected.account_number == "1918171614" and notice.corrected.routing_number is None
    assert (notice.entry.account_number, notice.entry.individual_name) == ("744-5678-99", "Best Co. #23")
    assert report.returns == [] and report.errors == []


def test_an_undefined_change_code_is_kept_with_no_reason_and_reported():
    report = read_returns(sample("web-invalidNOCFile.ach"))
    (notice,) = report.notices_of_change
    assert (notice.change_code, notice.reason) == ("C92", None)
    assert [(p.line, p.field) for p in report.errors] == [(4, "change_code")]


def _noc_with(change_code: str, corrected_data: str) -> str:
    """cor-example.ach with its addenda 98 carrying another change code and corrected data."""
    text = sample("cor-example.ach").decode()
    addenda = parse_file(text).batches[0].entries[0].addenda[0]
    return text.replace(addenda.raw, format_record(replace(addenda, change_code=change_code,
                                                           corrected_data=corrected_data)))


@pytest.mark.parametrize("code, data, expected", [
    ("C02", "091400606", {"routing_number": "091400606"}),
    ("C03", "091400606   55500001", {"routing_number": "091400606", "account_number": "55500001"}),
    ("C04", "MARIA LOPEZ-GARCIA", {"individual_name": "MARIA LOPEZ-GARCIA"}),
    ("C05", "37", {"transaction_code": 37}),
    ("C06", "55500001            37", {"account_number": "55500001", "transaction_code": 37}),
    ("C07", "09140060655500001         37",
     {"routing_number": "091400606", "account_number": "55500001", "transaction_code": 37}),
    ("C09", "A-1001-NEW", {"individual_id": "A-1001-NEW"}),
])
def test_corrected_data_is_split_into_its_parts_by_position(code, data, expected):
    (notice,) = read_returns(_noc_with(code, data)).notices_of_change
    parts = {name: getattr(notice.corrected, name) for name in
             ("routing_number", "account_number", "transaction_code", "individual_name", "individual_id")}
    assert parts == {**dict.fromkeys(parts), **expected}
    assert {c.value for c in notice.reason.corrects} == set(expected)
    assert [p for p in validate_file(_noc_with(code, data)) if p.is_error] == []


def test_corrected_data_written_right_aligned_by_moov_is_split_on_whitespace():
    corrected, problems = read_corrected_data("C03", "        091400606 55500001")
    assert (corrected.routing_number, corrected.account_number, problems) == ("091400606", "55500001", [])
    corrected, problems = read_corrected_data("C06", "      55500001         37")
    assert (corrected.account_number, corrected.transaction_code, problems) == ("55500001", 37, [])


def test_malformed_corrected_data_is_reported_and_not_applied():
    text = _noc_with("C02", "091400607")
    (notice,) = read_returns(text).notices_of_change
    assert notice.corrected.routing_number is None
    (problem,) = [p for p in validate_file(text) if p.is_error]
    assert (problem.line, problem.field) == (4, "corrected_data")
    assert "fails the ABA check digit" in problem.message


def test_a_refused_notification_of_change_reads_the_refused_code():
    text = sample("cor-example.ach").decode()
    raw = parse_file(text).batches[0].entries[0].addenda[0].raw
    refused = raw[:3] + "C65" + raw[6:64] + "C010000001" + raw[74:]
    (notice,) = read_returns(text.replace(raw, refused)).notices_of_change
    assert notice.is_refused and notice.reason.description == "Incorrectly formatted corrected data"
    assert (notice.addenda.refused_change_code, notice.addenda.refused_trace_sequence_number) == ("C01", "0000001")
    assert notice.corrected.account_number is None
