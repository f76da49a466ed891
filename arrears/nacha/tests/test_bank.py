"""The stand-in bank: for a file we sent, the returns and NOC file the bank would send back, read end to
end by `read_returns` and checked by our validator (and by achkit where it understands returns)."""

from datetime import date, datetime
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arrears.nacha import (
    RETURN_REASONS,
    PaymentType,
    ReturnKind,
    SecCode,
    WrittenFile,
    parse_file,
    prenote_for,
    read_returns,
    validate_file,
    write_file,
)
from arrears.nacha.bank import bank_response, return_transaction_code

from .factories import ODFI_ROUTING, RECEIVER_ROUTING, batch, entry, file_spec, web_entry
from .strategies import batches

ANSWERED_AT = datetime(2026, 11, 27, 6, 0)  # Friday after Thanksgiving, a banking day (day 331)
OTHER_BANK = "091400606"


@cache
def _sent() -> WrittenFile:
    """Three batches (PPD, WEB, CCD) of live entries, prenotes and refunds, one of them at a second bank."""
    return write_file(file_spec(
        batch(entry(key="ppd-debit", amount_cents=12_345, discretionary_data="AB"),
              prenote_for(entry(transaction_code=37, account_number="99887766"), key="ppd-prenote"),
              entry(key="ppd-savings", transaction_code=37, amount_cents=4_500, name="JOHN SMITH", individual_id="A-2"),
              entry(key="ppd-refund", transaction_code=22, amount_cents=2_000),
              entry(key="ppd-other-bank", routing_number=OTHER_BANK, account_number="555-0001", amount_cents=7_700),
              company_discretionary_data="CLIENT 7", descriptive_date="NOV 26"),
        batch(web_entry(key="web-debit", amount_cents=9_999, addenda="ACCOUNT A-1001"),
              web_entry(key="web-recurring", transaction_code=37, amount_cents=15_000,
                        payment_type=PaymentType.RECURRING),
              prenote_for(web_entry(), key="web-prenote"),
              sec_code=SecCode.WEB, entry_description="INSTALMENT", effective_date=date(2026, 11, 27)),
        batch(entry(key="ccd-debit", name="BEST CO", account_number="744-5678-99", individual_id="INV-77",
                    amount_cents=250_000),
              entry(key="ccd-credit", transaction_code=32, amount_cents=1_000),
              prenote_for(entry(transaction_code=22), key="ccd-prenote"),
              prenote_for(entry(transaction_code=32), key="ccd-savings-prenote"),
              sec_code=SecCode.CCD, company_name="ACME COMMERCIAL", company_id="9876543210",
              entry_description="INVOICES"),
    ))


def _trace(key: str) -> str:
    return _sent().trace_numbers_by_key()[key]


def _spec_of(key: str):
    return next(e.spec for e in _sent().entries if e.key == key)


def _respond(**answers) -> str:
    return bank_response(_sent().text, created_at=ANSWERED_AT, **answers)


def test_returned_entries_read_back_with_their_code_original_trace_amount_and_return_transaction_code():
    text = _respond(returns={_trace("ppd-debit"): "R01", _trace("web-prenote"): "R03", _trace("ccd-credit"): "R23",
                             _trace("ppd-savings"): "R10"})
    report = read_returns(text)

    assert report.problems == [] and report.notices_of_change == []
    assert [(r.reason_code, r.original_trace_number, r.amount_cents, r.entry.transaction_code)
            for r in report.returns] == [
        ("R01", _trace("ppd-debit"), 12_345, 26),
        ("R10", _trace("ppd-savings"), 4_500, 36),
        ("R03", _trace("web-prenote"), 0, 26),
        ("R23", _trace("ccd-credit"), 1_000, 31),
    ]
    assert [r.reason.description for r in report.returns] == [
        "Insufficient funds", "Consumer advises the originator is unknown or the debit not authorised",
        "No account, or unable to locate account / name does not match", "Credit entry refused by the receiver"]
    assert {r.kind for r in report.returns} == {ReturnKind.RETURN}
    assert {r.date_of_death for r in report.returns} == {None}


@pytest.mark.parametrize("key, original_code, return_code", [
    ("ppd-debit", 27, 26), ("ppd-prenote", 38, 36), ("ppd-savings", 37, 36), ("ppd-refund", 22, 21),
    ("web-prenote", 28, 26), ("web-recurring", 37, 36), ("ccd-credit", 32, 31), ("ccd-prenote", 23, 21),
    ("ccd-savings-prenote", 33, 31),
])
def test_the_return_transaction_code_keeps_the_account_type_and_side_of_the_original(key, original_code,
                                                                                      return_code):
    assert int(_spec_of(key).transaction_code) == original_code
    (returned,) = read_returns(_respond(returns={_trace(key): "R03"})).returns
    assert returned.entry.transaction_code == return_code == return_transaction_code(original_code)


def test_a_return_copies_the_original_batch_and_entry_and_is_routed_back_to_our_odfi():
    text = _respond(returns={_trace("ppd-debit"): "R02"})
    ach = parse_file(text)
    sent_header = parse_file(_sent().text).batches[0].header
    (returned,) = read_returns(text).returns

    assert (ach.header.immediate_destination, ach.header.immediate_origin) == (" " + ODFI_ROUTING,
                                                                             " " + RECEIVER_ROUTING)
    assert (ach.header.immediate_destination_name, ach.header.immediate_origin_name) == \
        ("ARREARS COLLECTIONS", "FEDERAL RESERVE BANK")
    assert (ach.header.creation_date, ach.header.creation_time.isoformat()) == (date(2026, 11, 27), "06:00:00")
    header = returned.batch
    assert (header.company_name, header.company_id, header.company_discretionary_data, header.sec_code,
            header.entry_description, header.descriptive_date, header.effective_entry_date) == \
        (sent_header.company_name, sent_header.company_id, "CLIENT 7", "PPD", "PAYMENT", "NOV 26",
         sent_header.effective_entry_date)
    assert (header.originator_status_code, header.odfi_id, header.batch_number) == ("1", RECEIVER_ROUTING[:8], 1)
    assert header.settlement_date == 331  # 2026-11-27, the day the bank answers
    detail = returned.entry
    assert detail.routing_number == ODFI_ROUTING  # routed back to our ODFI
    assert (detail.account_number, detail.individual_id, detail.individual_name, detail.discretionary_data) == \
        ("12345678", "A-1001", "MARIA LOPEZ", "AB")
    assert (detail.addenda_indicator, detail.trace_number) == ("1", RECEIVER_ROUTING[:8] + "0000001")
    assert returned.original_rdfi_id == RECEIVER_ROUTING[:8]
    assert returned.addenda.trace_number == detail.trace_number and returned.addenda_information == ""


def test_a_web_return_keeps_the_payment_type_of_the_original_entry():
    (returned,) = read_returns(_respond(returns={_trace("web-recurring"): "R08"})).returns
    assert (returned.batch.sec_code, returned.batch.entry_description, returned.entry.payment_type) == \
        ("WEB", "INSTALMENT", "R")
    assert returned.batch.effective_entry_date == date(2026, 11, 27)


def test_an_r15_return_carries_its_date_of_death_and_an_r14_without_one_leaves_it_blank():
    text = _respond(returns={_trace("ppd-debit"): "R15", _trace("web-debit"): "R14"},
                    date_of_death={_trace("ppd-debit"): date(2026, 11, 2)})
    deceased, payee = read_returns(text).returns
    assert (deceased.reason_code, deceased.date_of_death, deceased.amount_cents) == ("R15", date(2026, 11, 2), 12_345)
    assert (payee.reason_code, payee.date_of_death) == ("R14", None)
    assert deceased.reason.retry.name == "STOP"
    assert validate_file(text) == []


def _parts(notice) -> dict:
    names = ("routing_number", "account_number", "transaction_code", "individual_name", "individual_id")
    return {name: value for name in names if (value := getattr(notice.corrected, name)) is not None}


@pytest.mark.parametrize("code, corrected_data, parts", [
    ("C01", "55500001", {"account_number": "55500001"}),
    ("C02", "091400606", {"routing_number": "091400606"}),
    ("C03", "091400606" + "   " + "55500001", {"routing_number": "091400606", "account_number": "55500001"}),
    ("C04", "MARIA LOPEZ GARCIA", {"individual_name": "MARIA LOPEZ GARCIA"}),
    ("C05", "37", {"transaction_code": 37}),
    ("C06", "55500001".ljust(17) + "   " + "37", {"account_number": "55500001", "transaction_code": 37}),
    ("C07", "091400606" + "55500001".ljust(17) + "32",
     {"routing_number": "091400606", "account_number": "55500001", "transaction_code": 32}),
    ("C09", "A-1001-NEW", {"individual_id": "A-1001-NEW"}),
])
def test_a_notification_of_change_reads_back_with_its_corrected_parts(code, corrected_data, parts):
    text = _respond(changes={_trace("ppd-debit"): (code, corrected_data)})
    report = read_returns(text)

    assert report.problems == [] and report.returns == []
    (notice,) = report.notices_of_change
    assert (notice.change_code, notice.original_trace_number, notice.is_refused) == (code, _trace("ppd-debit"), False)
    assert _parts(notice) == parts
    assert {c.value for c in notice.reason.corrects} == set(parts)
    assert notice.addenda.corrected_data == corrected_data
    assert (notice.batch.sec_code, notice.batch.company_name, notice.batch.entry_description) == \
        ("COR", "ACME RECOVERY", "PAYMENT")
    assert (notice.entry.amount_cents, notice.entry.transaction_code, notice.entry.account_number) == (0, 26, "12345678")
    assert notice.original_rdfi_id == RECEIVER_ROUTING[:8] and notice.addenda.trace_number == notice.entry.trace_number


def test_a_notification_of_change_on_a_prenote_or_a_credit_uses_the_return_code_of_its_account_type():
    text = _respond(changes={_trace("ppd-prenote"): ("C01", "99887767"), _trace("ccd-credit"): ("C05", "22")})
    prenote, credit = read_returns(text).notices_of_change
    assert (prenote.entry.transaction_code, prenote.corrected.account_number) == (36, "99887767")
    assert (credit.entry.transaction_code, credit.corrected.transaction_code) == (31, 22)
    assert (credit.batch.sec_code, credit.batch.company_id) == ("COR", "9876543210")


def test_a_mixed_file_carries_returns_and_nocs_in_batches_of_their_own():
    returns = {_trace("ppd-debit"): "R01", _trace("ppd-refund"): "R23", _trace("ccd-debit"): "R29"}
    changes = {_trace("ppd-savings"): ("C05", "27"), _trace("web-debit"): ("C01", "55500009")}
    text = _respond(returns=returns, changes=changes)
    report = read_returns(text)

    assert report.problems == []
    assert {r.original_trace_number: r.reason_code for r in report.returns} == returns
    assert {n.original_trace_number: (n.change_code, n.addenda.corrected_data)
            for n in report.notices_of_change} == changes
    ach = parse_file(text)
    assert [(b.header.batch_number, b.header.sec_code, b.header.service_class_code, len(b.entries))
            for b in ach.batches] == [(1, "PPD", 200, 2), (2, "CCD", 225, 1), (3, "COR", 225, 1), (4, "COR", 225, 1)]
    traces = [e.detail.trace_number for b in ach.batches for e in b.entries]
    assert traces == sorted(set(traces)) and len(traces) == 5


def test_controls_add_up_the_returned_amounts_by_side_and_the_file_is_blocked_by_ten():
    text = _respond(returns={_trace("ppd-debit"): "R01", _trace("ppd-savings"): "R01", _trace("ppd-refund"): "R23",
                             _trace("ccd-debit"): "R01"})
    ach = parse_file(text)
    first, ccd = ach.batches
    assert (first.control.entry_addenda_count, first.control.total_debit_cents, first.control.total_credit_cents) == \
        (6, 12_345 + 4_500, 2_000)
    assert first.control.entry_hash == 3 * int(ODFI_ROUTING[:8])  # entries are routed to our ODFI
    assert (ach.control.batch_count, ach.control.entry_addenda_count, ach.control.total_debit_cents,
            ach.control.total_credit_cents) == (2, 8, 12_345 + 4_500 + 250_000, 2_000)
    assert ach.control.entry_hash == 4 * int(ODFI_ROUTING[:8])
    assert (ach.record_count, ach.padding_count, ach.control.block_count) == (14, 6, 2)
    assert text.endswith("9" * 94 + "\n") and len(text.splitlines()) == 20


def test_returns_of_one_batch_at_two_banks_come_back_in_one_batch_per_returning_bank():
    text = _respond(returns={_trace("ppd-debit"): "R01", _trace("ppd-other-bank"): "R02"})
    report = read_returns(text)
    assert report.problems == []
    ours, other = parse_file(text).batches
    assert (ours.header.odfi_id, other.header.odfi_id) == (RECEIVER_ROUTING[:8], OTHER_BANK[:8])
    assert other.entries[0].detail.trace_number == OTHER_BANK[:8] + "0000002"
    assert [r.original_rdfi_id for r in report.returns] == [RECEIVER_ROUTING[:8], OTHER_BANK[:8]]


def test_the_response_passes_the_lenient_validator_and_strict_flags_only_the_filled_settlement_dates():
    text = _respond(returns={_trace("ppd-debit"): "R01", _trace("web-debit"): "R15"},
                    changes={_trace("ccd-debit"): ("C01", "744-5678-00")},
                    date_of_death={_trace("web-debit"): date(2026, 10, 31)})
    assert validate_file(text) == []
    strict = validate_file(text, strict=True)
    assert [(p.line, p.field) for p in strict] == [(2, "settlement_date"), (6, "settlement_date"),
                                                   (10, "settlement_date")]


def test_a_response_made_on_a_weekend_settles_on_the_last_banking_day():
    text = bank_response(_sent().text, returns={_trace("ppd-debit"): "R01"}, created_at=datetime(2026, 11, 29, 9, 0))
    (returned,) = read_returns(text).returns
    assert returned.batch.settlement_date == 331  # Friday 2026-11-27, not Sunday the 29th


def test_a_file_sent_with_a_company_id_as_origin_is_answered_at_our_odfi_routing_number():
    sent = write_file(file_spec(immediate_origin="1234567890")).text
    (trace,) = [e.detail.trace_number for b in parse_file(sent).batches for e in b.entries]
    text = bank_response(sent, returns={trace: "R01"}, created_at=ANSWERED_AT)
    assert parse_file(text).header.immediate_destination == " " + ODFI_ROUTING
    assert read_returns(text).problems == []


def test_a_response_with_nothing_to_say_is_refused():
    with pytest.raises(ValueError, match="nothing to say"):
        _respond()


def test_an_unknown_trace_number_is_refused_naming_it():
    with pytest.raises(ValueError, match="trace number 121042889999999 is not in the sent file"):
        _respond(returns={"121042889999999": "R01"})
    with pytest.raises(ValueError, match="121042889999998"):
        _respond(changes={"121042889999998": ("C01", "1")})


@pytest.mark.parametrize("answers, message", [
    ({"returns": {"TRACE": "R99"}}, "'R99' is not a return reason code"),
    ({"returns": {"TRACE": "R48"}}, "'R48' is not a return reason code"),
    ({"returns": {"TRACE": "C01"}}, "'C01' is not a return reason code"),
    ({"returns": {"TRACE": "R68"}}, "R68 is a dishonored return code"),
    ({"returns": {"TRACE": "R74"}}, "R74 is a contested dishonored return code"),
    ({"changes": {"TRACE": ("C10", "12345")}}, "'C10' is not a change code"),
    ({"changes": {"TRACE": ("R01", "12345")}}, "'R01' is not a change code"),
    ({"changes": {"TRACE": ("C65", "12345")}}, "C65 is a refused NOC code"),
])
def test_a_code_the_bank_does_not_send_is_refused_naming_the_trace(answers, message):
    trace = _trace("ppd-debit")
    answers = {kind: {trace: value for value in given.values()} for kind, given in answers.items()}
    with pytest.raises(ValueError, match=f"trace number {trace}: {message}"):
        _respond(**answers)


def test_a_trace_both_returned_and_changed_is_refused_naming_it():
    trace = _trace("web-debit")
    with pytest.raises(ValueError, match=f"trace number {trace} is both returned"):
        _respond(returns={trace: "R01"}, changes={trace: ("C01", "55500001")})


@pytest.mark.parametrize("change, message", [
    (("C02", "091400607"), "fails the ABA check digit"),
    (("C01", ""), "the account number is blank"),
    (("C05", "99"), "'99' is not a transaction code"),
    (("C01", "5" * 30), "is 30 characters; the field holds 29"),
    (("C04", "MARÍA"), "outside printable ASCII"),
    (("C01",), "must be a \\(change code, corrected data\\) pair"),
])
def test_malformed_corrected_data_is_refused_naming_the_trace(change, message):
    trace = _trace("ppd-debit")
    with pytest.raises(ValueError, match=f"trace number {trace}: .*{message}"):
        _respond(changes={trace: change})


def test_a_date_of_death_for_an_entry_not_returned_r14_or_r15_is_refused():
    trace = _trace("ppd-debit")
    with pytest.raises(ValueError, match=f"trace number {trace}: a date of death is given but the entry is returned R01"):
        _respond(returns={trace: "R01"}, date_of_death={trace: date(2026, 11, 2)})
    with pytest.raises(ValueError, match="not returned R14 or R15"):
        _respond(returns={_trace("web-debit"): "R01"}, date_of_death={trace: date(2026, 11, 2)})


def test_every_problem_is_listed_in_one_error():
    with pytest.raises(ValueError) as raised:
        _respond(returns={"121042889999999": "R01", _trace("ppd-debit"): "R99"},
                 changes={_trace("web-debit"): ("C02", "091400607")})
    message = str(raised.value)
    assert message.startswith("Cannot write the bank's response, 3 problems:")
    assert "121042889999999" in message and _trace("ppd-debit") in message and _trace("web-debit") in message


def test_an_answer_dated_before_the_sent_file_is_refused():
    with pytest.raises(ValueError, match="before the sent file was created"):
        bank_response(_sent().text, returns={_trace("ppd-debit"): "R01"}, created_at=datetime(2026, 11, 23, 9, 0))


def test_a_sent_file_with_errors_is_refused():
    broken = _sent().text.replace("0000012345", "0000012346", 1)
    with pytest.raises(ValueError, match="not a valid NACHA file"):
        bank_response(broken, returns={_trace("ppd-debit"): "R01"}, created_at=ANSWERED_AT)


def test_a_returns_file_is_not_answered_again():
    response = _respond(returns={_trace("ppd-debit"): "R01"})
    (returned,) = read_returns(response).returns
    with pytest.raises(ValueError, match="not a forward entry"):
        bank_response(response, returns={returned.entry.trace_number: "R01"}, created_at=ANSWERED_AT)


_PLAIN_RETURN_CODES = sorted(code for code, reason in RETURN_REASONS.items() if reason.kind is ReturnKind.RETURN)
_CHANGES = [("C01", "55500001"), ("C02", "091400606"), ("C03", "091400606   55500001"), ("C05", "37"),
            ("C06", "55500001".ljust(17) + "   37"), ("C07", "091400606" + "55500001".ljust(17) + "37"), ("C09", "A-1"),
            ("C13", "")]


@settings(max_examples=40, deadline=None)
@given(st.lists(batches(), min_size=1, max_size=3), st.data())
def test_any_answer_to_any_file_we_write_reads_back_exactly(specs, data):
    sent = write_file(file_spec(*specs))
    traces = [e.trace_number for e in sent.entries]
    chosen = data.draw(st.lists(st.sampled_from(traces), min_size=1, unique=True))
    returns, changes = {}, {}
    for trace in chosen:
        if data.draw(st.booleans()):
            returns[trace] = data.draw(st.sampled_from(_PLAIN_RETURN_CODES))
        else:
            changes[trace] = data.draw(st.sampled_from(_CHANGES))
    text = bank_response(sent.text, returns=returns, changes=changes, created_at=ANSWERED_AT)

    report = read_returns(text)
    assert report.problems == []
    amounts = {e.trace_number: e.spec.amount_cents for e in sent.entries}
    assert {r.original_trace_number: (r.reason_code, r.amount_cents) for r in report.returns} == \
        {trace: (code, amounts[trace]) for trace, code in returns.items()}
    assert {n.original_trace_number: (n.change_code, n.addenda.corrected_data) for n in report.notices_of_change} == \
        changes
    assert {p.field for p in validate_file(text, strict=True)} == {"settlement_date"}


# achkit (a test-only dependency, see test_independent_validator.py) recomputes lengths, blocking, routing
# check digits, counts, hashes and totals. It does not understand returns: its totals add only the forward
# codes (second digit 2, 3 credit; 7, 8 debit) and skip 21/26/31/36, which NACHA counts on the side of the
# entry they return. So a response with returned amounts gets exactly its total errors from achkit, a NOC-only
# response (amounts 0) passes, and a copy relabelled with the forward codes passes too.

def _achkit():
    return pytest.importorskip("achkit", reason="achkit, the independent ACH validator used as a test oracle, is "
                                                "not installed (pip install achkit==0.2.0)")


def _mixed_response() -> str:
    return _respond(returns={_trace("ppd-debit"): "R01", _trace("ppd-refund"): "R23", _trace("web-prenote"): "R03"},
                    changes={_trace("ccd-debit"): ("C01", "744-5678-00")})


def test_achkit_reports_only_the_return_totals_it_does_not_count_in_a_bank_response():
    achkit = _achkit()
    errors = achkit.validate(_mixed_response())["errors"]
    assert sorted((e["code"], e["message"]) for e in errors) == [
        ("BAD_BATCH_CREDIT", "total credit 2000 != 0"), ("BAD_BATCH_DEBIT", "total debit 12345 != 0"),
        ("BAD_FILE_CREDIT", "total credit 2000 != 0"), ("BAD_FILE_DEBIT", "total debit 12345 != 0")]


def test_achkit_finds_a_bank_response_sound_once_the_return_codes_read_as_forward_codes_it_counts():
    achkit = _achkit()
    forward = {"26": "27", "36": "37", "21": "22", "31": "32"}
    relabelled = "".join(line[0] + forward.get(line[1:3], line[1:3]) + line[3:] if line.startswith("6") else line
                         for line in _mixed_response().splitlines(keepends=True))
    assert achkit.validate(relabelled) == {"ok": True, "errors": []}


def test_achkit_passes_a_noc_only_response_and_reads_its_addenda_98():
    achkit = _achkit()
    text = _respond(changes={_trace("ppd-debit"): ("C01", "55500001"), _trace("ccd-credit"): ("C05", "22")})
    assert achkit.validate(text) == {"ok": True, "errors": []}
    parsed = achkit.parse(text)
    assert [b["sec"] for b in parsed["batches"]] == ["COR", "COR"]
    addenda = [a for b in parsed["batches"] for e in b["entries"] for a in e["addenda"]]
    assert [(a["type"], a["info"][:18]) for a in addenda] == [("98", "C01" + _trace("ppd-debit")),
                                                              ("98", "C05" + _trace("ccd-credit"))]
    assert all(achkit.describe_change(a["info"][:3]) for a in addenda)
