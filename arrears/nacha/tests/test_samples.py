"""The moov-io/ach sample files (samples/README.md): the valid ones read and validate without errors,
and each invalid one is reported with the problem the README names, at its line and field."""

import pytest

from arrears.nacha import Severity, parse_file, validate_file
from arrears.nacha.layout import format_record

from .factories import SAMPLES, sample

VALID_WITHOUT_QUIRKS = ["ppd-debit.ach", "ccd-debit.ach", "web-debit.ach", "web-credit-addenda05.ach",
                        "two-micro-deposits.ach", "tel-debit.ach", "contested_addenda.txt"]
VALID_WITH_TOLERATED_QUIRKS = ["prenotes-employers_test.txt", "return-WEB.ach", "dishonored-return.ach",
                               "cor-example.ach"]


def _errors(name: str, *, strict: bool = False) -> set[tuple[int | None, str | None]]:
    return {(p.line, p.field) for p in validate_file(sample(name), strict=strict) if p.is_error}


def _warnings(name: str) -> list:
    return [p for p in validate_file(sample(name)) if p.severity is Severity.WARNING]


def test_every_sample_file_is_covered_by_these_tests():
    covered = set(VALID_WITHOUT_QUIRKS + VALID_WITH_TOLERATED_QUIRKS + [name for name, _ in INVALID]
                  + ["FISERV-ZEROFILE-PIMRET825324_032720_110221.ach", "return-issue702-vendor.ach"])
    on_disk = {str(p.relative_to(SAMPLES)) for p in SAMPLES.rglob("*") if p.is_file()
               and p.suffix in (".ach", ".txt") and p.name != "LICENSE-moov-ach.txt"}
    assert on_disk == covered


@pytest.mark.parametrize("name", VALID_WITHOUT_QUIRKS)
def test_valid_samples_without_quirks_have_no_problem_even_strictly(name):
    assert validate_file(sample(name), strict=True) == []


@pytest.mark.parametrize("name", VALID_WITH_TOLERATED_QUIRKS)
def test_valid_samples_with_quirks_moov_tolerates_have_warnings_but_no_errors(name):
    assert _errors(name) == set()
    assert _warnings(name)


@pytest.mark.parametrize("name", VALID_WITHOUT_QUIRKS + VALID_WITH_TOLERATED_QUIRKS)
def test_every_record_of_a_valid_sample_formats_back_to_the_characters_it_was_read_from(name):
    readable = [record for record in parse_file(sample(name)).records() if not record.unreadable]
    assert len(readable) >= 5
    assert [format_record(record) for record in readable] == [record.raw for record in readable]


def test_samples_read_into_the_batches_and_entries_they_contain():
    web = parse_file(sample("web-debit.ach"))
    assert [len(b.entries) for b in web.batches] == [4, 1, 1]
    assert [b.header.sec_code for b in web.batches] == ["WEB", "WEB", "PPD"]
    assert web.batches[0].entries[0].detail.payment_type == "S"  # written right-aligned, " S"
    prenotes = parse_file(sample("prenotes-employers_test.txt"))
    assert len(prenotes.batches) == 5
    assert [(e.detail.transaction_code, e.detail.amount_cents) for e in prenotes.batches[3].entries] == \
        [(23, 0), (23, 0), (33, 0)]
    micro = parse_file(sample("two-micro-deposits.ach"))
    assert micro.batches[0].control.entry_addenda_count == 6
    assert micro.batches[0].entries[0].remittance_addenda[0].entry_detail_sequence_number == "6829038"
    ccd = parse_file(sample("ccd-debit.ach")).batches[0].entries
    assert [(e.detail.account_number, e.detail.amount_cents, e.detail.individual_name) for e in ccd] == \
        [("744-5678-99", 500_000, "Best Co. #1"), ("744-5678-99", 125, "Best Co. #1")]


def test_every_record_keeps_the_line_it_was_read_from():
    ach = parse_file(sample("web-debit.ach"))
    assert [r.line for r in ach.records()] == list(range(1, 15))


INVALID = [
    ("ppd-debit-invalid-entryDetail-checkDigit.ach", {(3, "check_digit")}),
    ("invalid-two-micro-deposits.ach", {(15, "amount_cents"), (15, "trace_number"),
                                        (16, "entry_detail_sequence_number"), (17, "total_debit_cents")}),
    ("issue1620-bad-batch-count-9-records.ach", {(2, "effective_entry_date"), (2, "settlement_date"),
                                                 (5, "batch_count")}),
    ("derived/ppd-debit-bad-batch-entry-hash.ach", {(4, "entry_hash"), (5, "entry_hash")}),
    ("derived/ppd-debit-bad-batch-debit-total.ach", {(4, "total_debit_cents"), (5, "total_debit_cents")}),
    ("derived/ppd-debit-bad-file-entry-addenda-count.ach", {(5, "entry_addenda_count")}),
    ("3fTELIndvNameAllBlank.txt", {(8, "individual_name"), (9, "individual_name")}),
    ("1e5RecordBefore1or8.txt", {(1, None), (4, None)}),
    ("1k8RecordFollowing9Record.txt", {(10, None), (11, None)}),
    ("ppd-debit-fixedLengthInvalid.ach", {(1, None), (None, None)}),
    ("return-PPD-custom-reason-code.ach", {(4, "return_reason_code")}),
    ("web-invalidNOCFile.ach", {(4, "change_code")}),
    # Tolerated on read, so errors only when strict (files we send):
    ("short-line.ach", set()),
    ("long-line.ach", set()),
    ("ppd-debit-fixedLength.ach", set()),
]


@pytest.mark.parametrize("name, expected", INVALID, ids=[name for name, _ in INVALID])
def test_invalid_samples_are_reported_at_the_line_and_field_of_their_defect(name, expected):
    assert _errors(name) == expected


def test_the_messages_say_what_is_wrong():
    def messages(name: str) -> str:
        return " | ".join(p.message for p in validate_file(sample(name)))

    expected = {
        "ppd-debit-invalid-entryDetail-checkDigit.ach": "routing number should be 231380104, not 231380105",
        "issue1620-bad-batch-count-9-records.ach": "batch count is 2 but the number of batches in the file gives 1",
        "derived/ppd-debit-bad-batch-entry-hash.ach": "entry hash is 0023138011 but the sum of its RDFI IDs",
        "derived/ppd-debit-bad-batch-debit-total.ach": "is $1,000,000.01 (100000001 cents) but the sum of its",
        "1e5RecordBefore1or8.txt": "the file header is record 4; it must be the first record",
        "1k8RecordFollowing9Record.txt": "batch control after the file control",
        "ppd-debit-fixedLengthInvalid.ach": "line is 471 characters",
        "return-PPD-custom-reason-code.ach": "'R97' is not a NACHA return reason code",
        "web-invalidNOCFile.ach": "'C92' is not a NOC change code",
        "3fTELIndvNameAllBlank.txt": "individual name is blank; TEL entries must name the receiver",
    }
    for name, words in expected.items():
        assert words in messages(name), name
    blocking = "the file has 9 records; blocked by 10 it should have 10"
    assert blocking in messages("issue1620-bad-batch-count-9-records.ach")


@pytest.mark.parametrize("name, lines", [("short-line.ach", {5}), ("long-line.ach", {3, 5, 6})])
def test_wrong_record_lengths_are_warnings_when_reading_and_errors_when_strict(name, lines):
    assert {p.line for p in _warnings(name) if "characters, not 94" in p.message} == lines
    assert {line for line, _ in _errors(name, strict=True)} == lines


def test_an_unbroken_stream_of_records_is_split_every_94_characters_but_must_be_blocked_when_strict():
    ach = parse_file(sample("ppd-debit-fixedLength.ach"))
    assert (ach.record_count, ach.padding_count) == (5, 0)
    assert ach.batches[0].entries[0].detail.amount_cents == 10_500
    assert ach.batches[0].entries[0].detail.individual_name == "Bachman Eric"
    strict = [p.message for p in validate_file(sample("ppd-debit-fixedLength.ach"), strict=True)]
    assert any("not separated by line breaks" in m for m in strict)
    assert any("the file has 5 records; blocked by 10 it should have 10" in m for m in strict)


def test_a_zero_file_with_no_batches_reads_and_reports_only_its_header_defects():
    name = "FISERV-ZEROFILE-PIMRET825324_032720_110221.ach"
    ach = parse_file(sample(name))
    assert ach.batches == [] and ach.control.batch_count == 0 and ach.line_ending == "\r\n"
    assert _errors(name) == {(1, "immediate_destination"), (1, "file_id_modifier")}
    message = next(p.message for p in validate_file(sample(name)) if p.field == "immediate_destination")
    assert "the 9th digit should be 8" in message


def test_a_masked_crlf_vendor_return_file_reads_with_only_its_masked_destination_as_an_error():
    assert _errors("return-issue702-vendor.ach") == {(1, "immediate_destination")}


def test_the_validator_reports_every_problem_not_just_the_first():
    text = sample("ppd-debit.ach").decode()
    broken = (text.replace("62723138010412345678 ", "62723138010512345678 ")  # check digit
              .replace("Receiver Account Name ", "                      ")   # blank name
              .replace("094101Federal", "095101Federal"))                      # record size
    found = {(p.line, p.field) for p in validate_file(broken) if p.is_error}
    assert found == {(1, "record_size"), (3, "check_digit"), (3, "individual_name")}


def test_strict_validation_requires_a_blank_settlement_date():
    lines = sample("ppd-debit.ach").decode().split("\n")
    lines[1] = lines[1][:75] + "176" + lines[1][78:]
    filled = "\n".join(lines)
    assert validate_file(filled) == []
    assert [(p.line, p.field) for p in validate_file(filled, strict=True)] == [(2, "settlement_date")]


def test_non_ascii_bytes_are_reported_with_their_field():
    data = sample("ppd-debit.ach").replace(b"Receiver Account Name ", "Récéiver Account Name ".encode("latin-1")[:22])
    problems = [p for p in validate_file(data) if p.is_error]
    assert [(p.line, p.field) for p in problems] == [(3, "individual_name")]
    assert "U+00E9" in problems[0].message
