"""A good file reads into exact cents, keys and line numbers, whatever its encoding details or header spelling."""

import hashlib
from datetime import date

from arrears.payments.lockbox import ERROR, WARNING, read_lockbox, require_clean

from . import lockbox_csv, problems_at

GOOD = lockbox_csv(
    "2025-06-02,B7,1,125.00,ACME-100,1042,Jane Roe",
    '06/02/2025,B7,2,"$1,250.05",ACME-200,1043,"Smith, John"',
    "2025-06-03,B8,1,0.01,ACME-300,77,R. Patel",
)


def test_a_good_file_reads_every_item_with_exact_cents_and_keys():
    lockbox = read_lockbox("june.csv", GOOD)
    assert lockbox.problems == ()
    assert [item.amount_cents for item in lockbox.items] == [12_500, 125_005, 1]
    assert [item.key for item in lockbox.items] == ["lockbox:2025-06-02:B7:1", "lockbox:2025-06-02:B7:2",
                                                    "lockbox:2025-06-03:B8:1"]
    assert lockbox.total_cents == 137_506
    assert all(isinstance(item.amount_cents, int) for item in lockbox.items)


def test_a_good_file_gives_each_item_its_line_and_fields():
    first, second, _ = read_lockbox("june.csv", GOOD).items
    assert first.row == 2 and second.row == 3
    assert second.deposit_date == date(2025, 6, 2)
    assert second.payer_name == "Smith, John"
    assert (first.account_number, first.check_number, first.instrument) == ("ACME-100", "1042", "check")
    assert (first.client_code, first.routing_last4, first.account_last4, first.note) == ("", "", "", "")


def test_the_file_summary_gives_dates_batches_and_the_hash_of_the_bytes():
    lockbox = read_lockbox("june.csv", GOOD)
    assert lockbox.file_name == "june.csv"
    assert lockbox.deposit_dates == (date(2025, 6, 2), date(2025, 6, 3))
    assert lockbox.batches == ("B7", "B8")
    assert lockbox.sha256 == hashlib.sha256(GOOD).hexdigest()


def test_require_clean_returns_a_file_that_has_only_warnings():
    lockbox = read_lockbox("june.csv", lockbox_csv("2025-06-02,B7,1,125.00,,1042,Jane Roe"))
    assert lockbox.warnings and not lockbox.errors
    assert require_clean(lockbox) is lockbox


def test_a_byte_order_mark_and_crlf_line_endings_are_read():
    data = b"\xef\xbb\xbf" + GOOD.replace(b"\n", b"\r\n")
    lockbox = read_lockbox("june.csv", data)
    assert lockbox.problems == ()
    assert [(item.row, item.key, item.payer_name) for item in lockbox.items] == [
        (2, "lockbox:2025-06-02:B7:1", "Jane Roe"), (3, "lockbox:2025-06-02:B7:2", "Smith, John"),
        (4, "lockbox:2025-06-03:B8:1", "R. Patel")]


def test_old_mac_cr_line_endings_are_read():
    assert len(read_lockbox("june.csv", GOOD.replace(b"\n", b"\r")).items) == 3


def test_header_aliases_case_and_spacing_name_the_same_columns():
    header = ("Deposit Date,BATCH #,Item No,Check Amt,Acct No,Check No,Remitter,Client Code,Item Type,"
              "Routing Last 4,ACCT_LAST4,Memo")
    data = lockbox_csv("2025-06-02,B7,1,125.00,ACME-100,1042,Jane Roe,acme,Money Order,0104,6789,torn coupon",
                       header=header)
    lockbox = read_lockbox("june.csv", data)
    assert lockbox.problems == ()
    (item,) = lockbox.items
    assert (item.batch, item.item, item.amount_cents, item.account_number) == ("B7", "1", 12_500, "ACME-100")
    assert (item.payer_name, item.client_code, item.instrument) == ("Jane Roe", "acme", "money_order")
    assert (item.routing_last4, item.account_last4, item.note) == ("0104", "6789", "torn coupon")


def test_columns_may_come_in_any_order():
    data = lockbox_csv("125.00,1,B7,2025-06-02", header="amount,item,batch,deposit_date",
                       control="TOTAL,1,125.00")
    (item,) = read_lockbox("june.csv", data).items
    assert (item.deposit_date, item.batch, item.item, item.amount_cents) == (date(2025, 6, 2), "B7", "1", 12_500)


def test_an_unknown_column_is_a_warning_on_the_header_row_and_is_ignored():
    data = lockbox_csv("2025-06-02,B7,1,125.00,ACME-100,1042,Jane Roe,blue", header="deposit_date,batch,item,"
                       "amount,account_number,check_number,payer_name,Envelope Colour")
    lockbox = read_lockbox("june.csv", data)
    (problem,) = lockbox.problems
    assert (problem.file, problem.row, problem.column, problem.severity) == ("june.csv", 1, "Envelope Colour", WARNING)
    assert len(lockbox.items) == 1


def test_a_blank_account_number_is_a_warning_sending_the_item_to_unapplied_cash():
    lockbox = read_lockbox("june.csv", lockbox_csv("2025-06-02,B7,1,125.00,,1042,Jane Roe"))
    (problem,) = problems_at(lockbox.problems, 2, "account_number")
    assert problem.severity == WARNING and "unapplied-cash list" in problem.message
    assert lockbox.items[0].account_number == ""


def test_a_check_without_a_number_is_a_warning_but_a_money_order_without_one_is_not():
    header = "deposit_date,batch,item,amount,account_number,instrument,check_number"
    lockbox = read_lockbox("june.csv", lockbox_csv("2025-06-02,B7,1,125.00,A1,check,",
                                                   "2025-06-02,B7,2,125.00,A1,money_order,", header=header))
    assert [(p.row, p.column, p.severity) for p in lockbox.problems] == [(2, "check_number", WARNING)]
    assert [item.instrument for item in lockbox.items] == ["check", "money_order"]


def test_a_blank_instrument_means_check_and_spellings_of_money_order_are_accepted():
    header = "deposit_date,batch,item,amount,account_number,instrument,check_number"
    rows = [f"2025-06-02,B7,{n},1.00,A1,{spelling},9" for n, spelling in
            enumerate(["", "Check", "cheque", "Money Order", "money-order", "MO", "Cashier's Check"], start=1)]
    lockbox = read_lockbox("june.csv", lockbox_csv(*rows, header=header))
    assert lockbox.errors == ()
    assert [item.instrument for item in lockbox.items] == ["check", "check", "check", "money_order",
                                                           "money_order", "money_order", "check"]


def test_amounts_in_every_accepted_spelling_become_exact_cents():
    spellings = {"125": 12_500, "125.5": 12_550, "$125.00": 12_500, "1,250.00": 125_000, "$ 1,234,567.89": 123_456_789,
                 ".99": 99, "0.10": 10}
    rows = [f'2025-06-02,B7,{n},"{text}",A1,1,P' for n, text in enumerate(spellings, start=1)]
    lockbox = read_lockbox("june.csv", lockbox_csv(*rows))
    assert lockbox.errors == ()
    assert [item.amount_cents for item in lockbox.items] == list(spellings.values())


def test_leading_zeros_of_an_all_digit_batch_or_item_are_dropped_so_excel_cannot_change_a_key():
    lockbox = read_lockbox("june.csv", lockbox_csv("2025-06-02,0042,007,1.00,A1,1,P", "2025-06-02,B-07,0,1.00,A1,1,P"))
    assert [item.key for item in lockbox.items] == ["lockbox:2025-06-02:42:7", "lockbox:2025-06-02:B-07:0"]


def test_blank_lines_are_skipped_but_keep_their_numbers():
    data = b"\n".join([b"deposit_date,batch,item,amount", b"", b"2025-06-02,B7,1,1.00", b",,,",
                       b"2025-06-02,B7,2,2.00", b"", b"TOTAL,2,3.00", b"", b""])
    lockbox = read_lockbox("june.csv", data)
    assert lockbox.errors == ()
    assert [item.row for item in lockbox.items] == [3, 5]


def test_a_quoted_line_break_keeps_the_rows_after_it_numbered_by_line():
    data = lockbox_csv('2025-06-02,B7,1,1.00,A1,1,"Jane\nRoe"', "2025-06-02,B7,2,1.00,A1,2,P")
    lockbox = read_lockbox("june.csv", data)
    assert [(item.row, item.payer_name) for item in lockbox.items] == [(2, "Jane\nRoe"), (4, "P")]


def test_values_are_trimmed_of_surrounding_spaces():
    (item,) = read_lockbox("june.csv", lockbox_csv(" 2025-06-02 , B7 , 1 , 125.00 , ACME-100 ,1042, Jane Roe ")).items
    assert (item.batch, item.item, item.account_number, item.payer_name) == ("B7", "1", "ACME-100", "Jane Roe")


def test_problems_come_file_first_then_by_row():
    data = lockbox_csv("2025-06-02,B7,1,abc,A1,1,P", "2025-06-02,B7,2,1.00,,1,P", control="TOTAL,2,1.00\nextra")
    rows = [p.row for p in read_lockbox("june.csv", data).problems]
    assert rows == sorted(rows, key=lambda row: (row is not None, row or 0))
    assert ERROR in {p.severity for p in read_lockbox("june.csv", data).problems}
