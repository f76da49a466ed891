"""Writing files: what lands in which position, computed controls, blocking, and round trips through
our own reader and strict validator."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from arrears.nacha import (
    LineEnding,
    PaymentType,
    SecCode,
    TransactionCode,
    check_digit_for,
    parse_file,
    prenote_for,
    validate_file,
    write_file,
)

from .factories import ODFI_ROUTING, batch, entry, file_spec, web_entry
from .strategies import batches


def _records(text: str) -> list[str]:
    return text.splitlines()


def test_a_written_debit_file_reads_back_with_every_value_it_was_given():
    spec = file_spec(batch(
        web_entry(amount_cents=12_345, name="MARIA LOPEZ", individual_id="A-1001", addenda="ACCOUNT A-1001 JUNE"),
        web_entry(transaction_code=37, routing_number="091400606", account_number="555-0001", amount_cents=9_999,
                  name="JOHN SMITH", individual_id="A-1002", payment_type=PaymentType.RECURRING, key="payment-2"),
        sec_code=SecCode.WEB, company_discretionary_data="CLIENT 7", descriptive_date="NOV 26"))
    written = write_file(spec)

    ach = parse_file(written.text)
    assert validate_file(ach, strict=True) == []
    assert ach.header.destination_routing_number == "231380104"
    assert ach.header.immediate_origin == " 121042882"
    assert (ach.header.creation_date, ach.header.creation_time.isoformat()) == (date(2026, 11, 24), "15:30:00")
    (read_batch,) = ach.batches
    header = read_batch.header
    assert (header.sec_code, header.company_name, header.company_id, header.entry_description) == \
        ("WEB", "ACME RECOVERY", "1234567890", "PAYMENT")
    assert (header.company_discretionary_data, header.descriptive_date) == ("CLIENT 7", "NOV 26")
    assert header.effective_entry_date == date(2026, 11, 25)
    assert header.settlement_date is None and header.odfi_id == "12104288" and header.batch_number == 1
    first, second = (e.detail for e in read_batch.entries)
    assert (first.transaction_code, first.routing_number, first.account_number, first.amount_cents) == \
        (27, "231380104", "12345678", 12_345)
    assert (first.individual_id, first.individual_name, first.payment_type) == ("A-1001", "MARIA LOPEZ", "S")
    assert read_batch.entries[0].remittance_addenda[0].payment_related_information == "ACCOUNT A-1001 JUNE"
    assert (second.transaction_code, second.routing_number, second.account_number, second.payment_type) == \
        (37, "091400606", "555-0001", "R")
    assert read_batch.control.total_debit_cents == 12_345 + 9_999


def test_trace_numbers_are_the_odfi_id_and_an_ascending_sequence_returned_by_key():
    written = write_file(file_spec(
        batch(entry(key="a"), entry(key="b")), batch(entry(key="c")), first_trace_sequence=41))
    assert written.trace_numbers_by_key() == {"a": "121042880000041", "b": "121042880000042", "c": "121042880000043"}
    assert [e.batch_number for e in written.entries] == [1, 1, 2]
    assert [line[79:94] for line in _records(written.text) if line[0] == "6"] == \
        ["121042880000041", "121042880000042", "121042880000043"]


def test_service_class_is_225_for_debits_220_for_credits_and_200_for_a_mix():
    written = write_file(file_spec(
        batch(entry(), prenote_for(entry(), key="pre")),
        batch(entry(transaction_code=22), entry(transaction_code=33, amount_cents=0)),
        batch(entry(transaction_code=27), entry(transaction_code=32))))
    headers = [line for line in _records(written.text) if line[0] == "5"]
    controls = [line for line in _records(written.text) if line[0] == "8"]
    assert [h[1:4] for h in headers] == ["225", "220", "200"]
    assert [c[1:4] for c in controls] == ["225", "220", "200"]


def test_prenotes_are_zero_amount_entries_with_codes_28_and_38():
    checking, savings = prenote_for(entry()), prenote_for(entry(transaction_code=37))
    assert (checking.transaction_code, checking.amount_cents) == (TransactionCode.CHECKING_DEBIT_PRENOTE, 0)
    assert savings.transaction_code == TransactionCode.SAVINGS_DEBIT_PRENOTE
    text = write_file(file_spec(batch(checking, savings))).text
    entries = [line for line in _records(text) if line[0] == "6"]
    assert [(line[1:3], line[29:39]) for line in entries] == [("28", "0000000000"), ("38", "0000000000")]
    assert validate_file(text, strict=True) == []


def test_entry_hash_sums_rdfi_ids_and_keeps_the_rightmost_10_digits():
    four = write_file(file_spec(batch(*[entry(routing_number="081000210")] * 4))).text
    assert _records(four)[6][10:20] == "0032400084"  # batch control: 4 x 08100021

    # 123 x 99999999 + 45679024 = 12345678901, which keeps 2345678901.
    many = [entry(routing_number="999999992")] * 123 + [entry(routing_number="45679024" + check_digit_for("45679024"))]
    text = write_file(file_spec(batch(*many))).text
    control = next(line for line in _records(text) if line[0] == "8")
    file_control = next(line for line in _records(text) if line[0] == "9" and line != "9" * 94)
    assert control[10:20] == "2345678901"
    assert file_control[21:31] == "2345678901"


def test_controls_count_addenda_but_add_only_entry_amounts_by_side():
    text = write_file(file_spec(batch(
        entry(amount_cents=10_000, addenda="FIRST"), entry(transaction_code=22, amount_cents=2_500),
        prenote_for(entry())))).text
    control = next(line for line in _records(text) if line[0] == "8")
    assert control[4:10] == "000004"  # three entries and one addenda 05
    assert (control[20:32], control[32:44]) == ("000000010000", "000000002500")
    file_control = next(line for line in _records(text) if line[0] == "9")
    assert (file_control[1:7], file_control[13:21]) == ("000001", "00000004")


def test_files_are_padded_with_9_filled_records_to_a_multiple_of_10():
    small = _records(write_file(file_spec()).text)
    assert len(small) == 10 and small[5:] == ["9" * 94] * 5
    eleven = _records(write_file(file_spec(batch(*[entry()] * 7))).text)  # 1 + 1 + 7 + 1 + 1 records
    assert len(eleven) == 20 and eleven[11:] == ["9" * 94] * 9
    assert eleven[10][7:13] == "000002"  # block count


def test_line_ending_is_lf_by_default_or_crlf_on_request_with_every_record_94_long():
    lf = write_file(file_spec()).text
    crlf = write_file(file_spec(line_ending=LineEnding.CRLF)).text
    assert "\r" not in lf and lf.endswith("\n")
    assert crlf.count("\r\n") == 10 and crlf.endswith("\r\n")
    assert {len(line) for line in crlf.split("\r\n")[:-1]} == {94}
    assert parse_file(crlf).line_ending == "\r\n"


def test_web_payment_type_is_written_left_aligned_and_tel_may_leave_it_blank():
    web = write_file(file_spec(batch(web_entry(payment_type=PaymentType.STANDING_AUTHORIZATION),
                                     web_entry(payment_type="R"), sec_code=SecCode.WEB))).text
    assert [line[76:78] for line in _records(web) if line[0] == "6"] == ["ST", "R "]
    tel = write_file(file_spec(batch(entry(), sec_code=SecCode.TEL))).text
    assert [line[76:78] for line in _records(tel) if line[0] == "6"] == ["  "]


def test_long_display_names_are_shortened_to_their_fields():
    text = write_file(file_spec(
        batch(entry(name="MARIA DE LOS ANGELES LOPEZ GARCIA"), company_name="ACME RECOVERY SERVICES OF TEXAS"),
        immediate_origin_name="ARREARS COLLECTIONS INCORPORATED")).text
    records = _records(text)
    assert records[0][63:86] == "ARREARS COLLECTIONS INC"
    assert records[1][4:20] == "ACME RECOVERY SE"
    assert records[2][54:76] == "MARIA DE LOS ANGELES L"


def test_an_origin_id_of_ten_characters_is_written_as_given():
    text = write_file(file_spec(immediate_origin="1234567890")).text
    assert text[13:23] == "1234567890"


def test_batch_numbers_ascend_and_batch_controls_repeat_the_header():
    text = write_file(file_spec(batch(), batch(company_id="9876543210"), batch())).text
    records = _records(text)
    headers = [r for r in records if r[0] == "5"]
    controls = [r for r in records if r[0] == "8"]
    assert [h[87:94] for h in headers] == ["0000001", "0000002", "0000003"]
    assert [(c[44:54], c[79:87], c[87:94]) for c in controls] == [
        ("1234567890", ODFI_ROUTING[:8], "0000001"), ("9876543210", ODFI_ROUTING[:8], "0000002"),
        ("1234567890", ODFI_ROUTING[:8], "0000003")]


@settings(max_examples=60, deadline=None)
@given(st.lists(batches(), min_size=1, max_size=4))
def test_any_file_we_write_validates_strictly_and_reads_back_what_was_given(specs):
    read = parse_file(write_file(file_spec(*specs)).text)
    assert validate_file(read, strict=True) == []
    assert [[(e.detail.transaction_code, e.detail.routing_number, e.detail.account_number, e.detail.amount_cents,
              e.detail.individual_name, e.detail.payment_type,
              e.remittance_addenda[0].payment_related_information if e.addenda else None)
             for e in b.entries] for b in read.batches] == \
        [[(s.transaction_code, s.routing_number, s.account_number, s.amount_cents, s.name[:22].rstrip(),
           s.payment_type or "", s.addenda.rstrip() if s.addenda else None)
          for s in b.entries] for b in specs]
