"""Placement import through `import_placement_file` and the `arrears import placements` command."""

import csv
import io
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from arrears.accounts.models import Account, AccountDebtor, Role
from arrears.placements import format as placement_format
from arrears.placements.actions import import_placement_file
from arrears.placements.models import PlacementBatch
from arrears.clients.actions import save_client
from arrears.core.errors import InvalidInput
from arrears.debtors.models import Address, Debtor, Email, Phone
from arrears.ledger.models import Book, Entry, Posting
from arrears.ledger.queries import balances, entry_sums_not_zero
from conftest import PLACEMENT_HEADER, placement_csv

REPO = Path(__file__).resolve().parents[3]

MARIA = ("A-1001,Maria,Lopez,123-45-6789,1980-04-02,(602) 555-0134,mobile,maria@example.com,12 Main St,Phoenix,AZ,"
         "85004,credit card,1200.00,35.50,0,2025-06-30,charge_off,2025-06-30,Big Bank")
JOHN = ("A-1002,John,Smith,,1975-01-15,212-555-0199,,john@example.org,45 Elm St Apt 3,New York,NY,10001,medical,"
        "1000.00,0,25,2025-08-01,last_statement,,City Hospital")
ANNA = ("A-1003,Anna,Berg,234-56-7890,1990-11-30,907 555 0100,landline,anna@example.net,9 Spruce Rd,Juneau,AK,99801,"
        "utility,80.25,0,0,2025-07-15,last_payment,,North Power")


def row(text: str, **changes: str) -> str:
    """A copy of a data line with some columns changed, by column name of the shared header."""
    names = PLACEMENT_HEADER.split(",")
    values = next(csv.reader([text]))
    for name, value in changes.items():
        values[names.index(name)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(values)
    return out.getvalue()


def report(batch: PlacementBatch) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(batch.report_csv)))


def domain_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (Account, AccountDebtor, Debtor, Phone, Email, Address, Entry, Posting)}


def nothing_written() -> bool:
    return not any(domain_counts().values())


def account(number: str) -> Account:
    return Account.objects.get(client_account_number=number)


def primary_debtor(number: str) -> Debtor:
    return AccountDebtor.objects.get(account__client_account_number=number, role=Role.PRIMARY).debtor


# --- a good file --------------------------------------------------------------------------------------------


def test_a_good_file_imports_every_account_with_its_balances_in_the_ledger(client_acme, place):
    batch = place(client_acme, MARIA, JOHN, ANNA)

    assert batch.status == "imported", batch.report_csv
    assert (batch.rows_total, batch.rows_imported, batch.rows_rejected, batch.errors) == (3, 3, 0, 0)
    assert set(batch.accounts.values_list("client_account_number", flat=True)) == {"A-1001", "A-1002", "A-1003"}
    assert balances(account("A-1001").pk) == {"principal": 120000, "interest": 3550, "fees": 0, "costs": 0}
    assert balances(account("A-1002").pk) == {"principal": 100000, "interest": 0, "fees": 2500, "costs": 0}
    assert balances(account("A-1003").pk) == {"principal": 8025, "interest": 0, "fees": 0, "costs": 0}
    # The other side of each opening entry is the client's claim, and every entry balances.
    for number in ("A-1001", "A-1002", "A-1003"):
        a = account(number)
        claim = sum(Posting.objects.filter(account=a, book=Book.CLIENT_PLACED).values_list("amount_cents", flat=True))
        assert claim == -sum(balances(a.pk).values())
    assert not entry_sums_not_zero().exists()


def test_a_good_file_records_each_account_as_the_client_described_it(client_acme, place):
    place(client_acme, MARIA, JOHN)

    maria = account("A-1001")
    assert maria.client == client_acme
    assert (maria.debt_type, maria.itemization_basis, maria.original_creditor) == ("credit_card", "charge_off", "Big Bank")
    assert maria.itemization_on == maria.charged_off_on == date(2025, 6, 30)
    assert maria.itemization_amount_cents == 123550
    assert maria.status == "new"
    john = account("A-1002")
    assert (john.debt_type, john.itemization_basis, john.charged_off_on) == ("medical", "last_statement", None)


def test_a_good_file_creates_the_debtors_with_their_phones_addresses_and_emails(client_acme, place):
    place(client_acme, MARIA, JOHN, ANNA)

    maria = primary_debtor("A-1001")
    assert (maria.first_name, maria.last_name, maria.tax_id_last4, maria.birth_year) == ("Maria", "Lopez", "6789", 1980)
    phone = Phone.objects.get(debtor=maria)
    assert (phone.e164, phone.kind, phone.source, phone.time_zones) == ("+16025550134", "mobile", "placement",
                                                                       ["America/Phoenix"])
    address = Address.objects.get(debtor=maria)
    assert (address.line1, address.city, address.state, address.zip_code) == ("12 Main St", "Phoenix", "AZ", "85004")
    assert address.time_zones == ["America/Phoenix"]
    assert Email.objects.get(debtor=maria).address == "maria@example.com"

    john = primary_debtor("A-1002")
    assert Phone.objects.get(debtor=john).time_zones == ["America/New_York"]
    assert Phone.objects.get(debtor=john).kind == "unknown"
    assert Address.objects.get(debtor=john).time_zones == ["America/New_York"]

    # An area code that spans two zones gives both; the ZIP gives the one of the address.
    anna = primary_debtor("A-1003")
    assert set(Phone.objects.get(debtor=anna).time_zones) == {"America/Anchorage", "America/Adak"}
    assert Address.objects.get(debtor=anna).time_zones == ["America/Juneau"]


def test_headers_are_matched_by_any_accepted_spelling_and_delimiter(client_acme, place):
    header = "Acct No;Last Name;First Name;Home Phone;Principal Balance;Itemization Date;Itemization Basis;Zip Code"
    batch = place(client_acme, "X-1;Okafor;Chidi;(503) 555-0100;$1,250.00;06/30/2025;Charge-off;97201", header=header)

    assert batch.status == "imported", batch.report_csv
    assert balances(account("X-1").pk)["principal"] == 125000
    assert account("X-1").itemization_on == date(2025, 6, 30)
    assert account("X-1").itemization_basis == "charge_off"
    assert Phone.objects.get().e164 == "+15035550100"


def _snapshot(client) -> dict:
    """What an import produced for a client, in a form two imports can be compared by."""
    result = {}
    for a in Account.objects.filter(client=client):
        debtors = []
        for party in AccountDebtor.objects.filter(account=a).select_related("debtor").order_by("role"):
            d = party.debtor
            debtors.append((
                party.role, d.first_name, d.last_name, d.tax_id_last4, d.reveal_tax_id(), d.reveal_birth_date(),
                sorted((p.e164, p.kind, tuple(p.time_zones)) for p in Phone.objects.filter(debtor=d)),
                sorted(e.address for e in Email.objects.filter(debtor=d)),
                sorted((x.line1, x.city, x.state, x.zip_code, tuple(x.time_zones)) for x in Address.objects.filter(debtor=d)),
            ))
        result[a.client_account_number] = (
            a.debt_type, a.original_creditor, a.opened_on, a.charged_off_on, a.placed_on, a.itemization_on,
            a.itemization_basis, a.itemization_amount_cents, balances(a.pk), debtors,
        )
    return result


def test_an_xlsx_file_imports_the_same_as_the_csv(client_acme, client_beta, place):
    # Spreadsheet cells carry types: dates, numbers (money, ZIP, phone as digits) and text.
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(PLACEMENT_HEADER.split(","))
    sheet.append(["A-1001", "Maria", "Lopez", "123-45-6789", date(1980, 4, 2), 6025550134, "mobile",
                  "maria@example.com", "12 Main St", "Phoenix", "AZ", 85004, "credit card", 1200, 35.5, 0,
                  date(2025, 6, 30), "charge_off", date(2025, 6, 30), "Big Bank"])
    sheet.append([None] * 20)  # blank rows are skipped, as in a CSV
    sheet.append(["A-1002", "John", "Smith", None, date(1975, 1, 15), "212-555-0199", None, "john@example.org",
                  "45 Elm St Apt 3", "New York", "NY", "10001", "medical", 1000.0, 0, 25, "2025-08-01",
                  "last_statement", None, "City Hospital"])
    content = io.BytesIO()
    workbook.save(content)

    xlsx_batch = import_placement_file(client_acme, "placement.xlsx", content.getvalue(), None)
    csv_batch = place(client_beta, MARIA, JOHN)

    assert xlsx_batch.status == "imported", xlsx_batch.report_csv
    assert xlsx_batch.rows_imported == csv_batch.rows_imported == 2
    assert _snapshot(client_acme) == _snapshot(client_beta)


# --- files refused as a whole -------------------------------------------------------------------------------


def _xls_bytes() -> bytes:
    # The compound-document signature every .xls file starts with.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


@pytest.mark.parametrize(("file_name", "content", "named"), [
    ("placement.csv", placement_csv(MARIA, header=PLACEMENT_HEADER.replace(",principal,", ",balance,")), "principal"),
    ("placement.csv", placement_csv(row(MARIA), header=PLACEMENT_HEADER.replace("last_name", "surname")), "last_name"),
    ("placement.csv", b"", "empty"),
    ("placement.csv", b"\n\n", "header"),
    ("placement.csv", (PLACEMENT_HEADER + "\n").encode(), "no rows"),
    ("placement.csv", (PLACEMENT_HEADER + ",ssn\n").encode() + MARIA.encode() + b",1\n", "twice"),
    ("placement.xls", _xls_bytes(), ".xls"),
    ("placement.xlsx", b"PK\x03\x04 this is not a workbook", "workbook"),
], ids=["missing_required_column", "missing_name_column", "empty_file", "blank_header", "header_only",
        "column_named_twice", "old_xls", "corrupt_xlsx"])
def test_a_bad_file_is_rejected_with_a_message_naming_the_problem_and_nothing_written(
    client_acme, file_name, content, named
):
    batch = import_placement_file(client_acme, file_name, content, None)

    assert batch.status == "rejected"
    assert named in batch.message
    assert batch.message.startswith(file_name)
    [issue] = report(batch)
    assert (issue["file"], issue["row"], issue["severity"]) == (file_name, "", "error")
    assert named in issue["problem"]
    assert nothing_written()


# --- bad rows -----------------------------------------------------------------------------------------------


BAD_ROWS = [
    MARIA,                                                      # row 2: good
    row(JOHN, principal="ten dollars"),                         # row 3: not an amount
    ANNA,                                                       # row 4: good
    row(MARIA, account_number="A-1004", itemization_basis=""),  # row 5: required value missing
    row(MARIA, account_number="A-1005", dob="1980-02-30"),      # row 6: not a real date
]


def test_a_file_with_bad_rows_imports_nothing_and_reports_every_bad_row(client_acme, place):
    batch = place(client_acme, *BAD_ROWS, file_name="june.csv")

    assert batch.status == "rejected"
    assert (batch.rows_total, batch.rows_rejected, batch.rows_imported, batch.errors) == (5, 3, 0, 3)
    assert "3 of 5 rows" in batch.message and "nothing was imported" in batch.message
    errors = [(i["file"], i["row"], i["column"]) for i in report(batch) if i["severity"] == "error"]
    assert errors == [("june.csv", "3", "principal"), ("june.csv", "5", "itemization_basis"), ("june.csv", "6", "dob")]
    problems = {i["row"]: i["problem"] for i in report(batch)}
    assert "'ten dollars' is not an amount" in problems["3"]
    assert "is required" in problems["5"]
    assert "not a date" in problems["6"]
    assert nothing_written()


def test_skip_bad_rows_imports_only_the_good_rows_and_reports_the_bad_ones(client_acme, place):
    batch = place(client_acme, *BAD_ROWS, skip_bad_rows=True)

    assert batch.status == "imported", batch.report_csv
    assert (batch.rows_total, batch.rows_imported, batch.rows_rejected) == (5, 2, 3)
    assert set(Account.objects.values_list("client_account_number", flat=True)) == {"A-1001", "A-1003"}
    assert [i["row"] for i in report(batch) if i["severity"] == "error"] == ["3", "5", "6"]
    assert Debtor.objects.count() == 2
    assert "2 accounts imported" in batch.message and "3 bad rows skipped" in batch.message


def test_the_same_account_number_twice_in_one_file_is_an_error_on_the_second_row(client_acme, place):
    batch = place(client_acme, MARIA, JOHN, row(ANNA, account_number="A-1001"))

    assert batch.status == "rejected"
    [issue] = report(batch)
    assert (issue["row"], issue["column"]) == ("4", "account_number")
    assert "row 2" in issue["problem"]


def test_itemization_that_does_not_add_up_is_an_error_naming_itemization_amount(client_acme, place):
    header = PLACEMENT_HEADER + ",itemization_amount,interest_since,payments_since"
    # Balance 1,235.50 now; 1,100.00 + 35.50 interest - 0 payments since is only 1,135.50.
    batch = place(client_acme, MARIA + ",1100.00,35.50,0", header=header)

    assert batch.status == "rejected"
    [issue] = report(batch)
    assert (issue["row"], issue["column"], issue["severity"]) == ("2", "itemization_amount", "error")
    assert "1135.50" in issue["problem"] and "1235.50" in issue["problem"]
    assert nothing_written()


def test_itemization_that_adds_up_is_stored_as_given(client_acme, place):
    header = PLACEMENT_HEADER + ",itemization_amount,interest_since,payments_since"
    batch = place(client_acme, MARIA + ",1300.00,35.50,100.00", header=header)

    assert batch.status == "imported", batch.report_csv
    maria = account("A-1001")
    assert (maria.itemization_amount_cents, maria.itemization_interest_cents, maria.itemization_payments_cents) == (
        130000, 3550, 10000)
    assert maria.itemized_balance_cents == sum(balances(maria.pk).values())


# --- warnings -----------------------------------------------------------------------------------------------


def test_an_invalid_phone_is_reported_and_the_row_imported_without_it(client_acme, place):
    batch = place(client_acme, row(MARIA, phone="555-0134"))

    assert batch.status == "imported"
    assert (batch.rows_imported, batch.errors, batch.warnings) == (1, 0, 1)
    [issue] = report(batch)
    assert (issue["row"], issue["column"], issue["severity"]) == ("2", "phone", "warning")
    assert "'555-0134' is not a valid phone number" in issue["problem"]
    assert not Phone.objects.exists()
    assert Address.objects.count() == Email.objects.count() == 1


def test_an_invalid_email_is_reported_and_the_row_imported_without_it(client_acme, place):
    batch = place(client_acme, row(MARIA, email="maria at example"))

    assert batch.status == "imported"
    [issue] = report(batch)
    assert (issue["column"], issue["severity"]) == ("email", "warning")
    assert not Email.objects.exists()
    assert Phone.objects.count() == 1


def test_an_unknown_zip_is_reported_and_the_address_kept_without_a_time_zone(client_acme, place):
    batch = place(client_acme, row(MARIA, zip="00001"))

    assert batch.status == "imported"
    [issue] = report(batch)
    assert (issue["row"], issue["column"], issue["severity"]) == ("2", "zip", "warning")
    assert "00001" in issue["problem"]
    address = Address.objects.get()
    assert (address.zip_code, address.time_zones) == ("00001", [])


def test_a_zip_in_another_state_is_reported_and_the_row_imported(client_acme, place):
    batch = place(client_acme, row(MARIA, state="NM"))

    assert batch.status == "imported"
    [issue] = report(batch)
    assert (issue["column"], issue["severity"]) == ("zip", "warning")
    assert "85004 belongs to AZ, not NM" in issue["problem"]
    assert Account.objects.count() == 1


def test_an_incomplete_address_is_reported_and_the_row_imported_without_it(client_acme, place):
    batch = place(client_acme, row(MARIA, city=""))

    assert batch.status == "imported"
    [issue] = report(batch)
    assert (issue["column"], issue["severity"]) == ("address1", "warning")
    assert "city is missing" in issue["problem"]
    assert not Address.objects.exists()
    assert Phone.objects.count() == 1


# --- re-import and placements that overlap ------------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(client_acme, place):
    first = place(client_acme, MARIA, JOHN)
    before = domain_counts()

    again = place(client_acme, MARIA, JOHN)

    assert again.status == "duplicate"
    assert f"batch #{first.pk}" in again.message
    assert (again.rows_imported, again.rows_total) == (0, 0)
    assert domain_counts() == before


def test_the_same_file_for_another_client_is_a_new_placement(client_acme, client_beta, place):
    place(client_acme, MARIA)

    batch = place(client_beta, MARIA)

    assert batch.status == "imported"
    assert Account.objects.filter(client_account_number="A-1001").count() == 2
    assert Debtor.objects.count() == 1  # one person, owing two creditors


def test_a_different_file_with_an_account_already_placed_skips_that_row_with_a_warning(client_acme, place):
    first = place(client_acme, MARIA)
    maria_before = balances(account("A-1001").pk)

    batch = place(client_acme, row(MARIA, principal="9999.00"), JOHN)

    assert batch.status == "imported"
    assert (batch.rows_imported, batch.rows_already_placed) == (1, 1)
    [issue] = report(batch)
    assert (issue["row"], issue["column"], issue["severity"]) == ("2", "account_number", "warning")
    assert "'A-1001' was already placed" in issue["problem"] and f"batch #{first.pk}" in issue["problem"]
    assert balances(account("A-1001").pk) == maria_before
    assert account("A-1001").placement_id == first.pk
    assert account("A-1002").placement_id == batch.pk


# --- debtors already known ----------------------------------------------------------------------------------


def test_a_debtor_with_the_same_ssn_is_linked_not_duplicated(client_acme, place):
    place(client_acme, MARIA)

    place(client_acme, row(MARIA, account_number="A-2001", first_name="María", last_name="Lopez-Garcia",
                           phone="602-555-0177", address1="80 Oak Ave", zip="85006"))

    assert Debtor.objects.count() == 1
    assert primary_debtor("A-2001") == primary_debtor("A-1001")
    maria = primary_debtor("A-1001")
    # Only what is new is added to the known debtor.
    assert sorted(Phone.objects.filter(debtor=maria).values_list("e164", flat=True)) == ["+16025550134", "+16025550177"]
    assert Address.objects.filter(debtor=maria).count() == 2
    assert Email.objects.filter(debtor=maria).count() == 1


def test_a_debtor_with_the_same_name_and_birth_date_and_no_ssn_is_linked(client_acme, client_beta, place):
    place(client_acme, JOHN)

    place(client_beta, row(JOHN, account_number="B-1", first_name="JOHN", last_name="smith"))

    assert Debtor.objects.count() == 1
    assert primary_debtor("B-1") == primary_debtor("A-1002")
    assert Phone.objects.count() == 1


def test_the_same_name_and_birth_date_with_a_different_ssn_is_a_different_person(client_acme, place):
    place(client_acme, MARIA)

    place(client_acme, row(MARIA, account_number="A-3001", ssn="321-54-9876"))

    assert Debtor.objects.count() == 2
    assert primary_debtor("A-3001") != primary_debtor("A-1001")
    assert primary_debtor("A-3001").tax_id_last4 == "9876"


def test_one_debtor_on_several_rows_of_a_new_file_is_created_once(client_acme, place):
    place(client_acme, MARIA, row(MARIA, account_number="A-1009", principal="10.00", interest="0"))

    assert Debtor.objects.count() == 1
    assert Phone.objects.count() == Email.objects.count() == Address.objects.count() == 1
    assert primary_debtor("A-1009") == primary_debtor("A-1001")


# --- co-obligors ----------------------------------------------------------------------------------------------


CO_HEADER = PLACEMENT_HEADER + ",co_role,co_first_name,co_last_name,co_ssn,co_phone,co_email"


def test_co_obligor_columns_create_a_second_party_with_its_role(client_acme, place):
    batch = place(client_acme, MARIA + ",joint,Luis,Lopez,345-67-8901,(480) 555-0111,luis@example.com",
                  JOHN + ",cosigner,Jane,Smith,,,", header=CO_HEADER)

    assert batch.status == "imported", batch.report_csv
    maria_parties = {p.role: p.debtor for p in AccountDebtor.objects.filter(account=account("A-1001"))}
    assert set(maria_parties) == {Role.PRIMARY, Role.CO_OBLIGOR}
    luis = maria_parties[Role.CO_OBLIGOR]
    assert (luis.first_name, luis.last_name, luis.tax_id_last4) == ("Luis", "Lopez", "8901")
    assert Phone.objects.get(debtor=luis).e164 == "+14805550111"
    assert Email.objects.get(debtor=luis).address == "luis@example.com"
    john_parties = dict(AccountDebtor.objects.filter(account=account("A-1002")).values_list("role", "debtor__first_name"))
    assert john_parties == {"primary": "John", "guarantor": "Jane"}


def test_a_co_obligor_without_a_name_is_an_error(client_acme, place):
    batch = place(client_acme, MARIA + ",co_obligor,,,,(480) 555-0111,", header=CO_HEADER)

    assert batch.status == "rejected"
    [issue] = report(batch)
    assert (issue["row"], issue["column"]) == ("2", "co_last_name")


# --- personal data ------------------------------------------------------------------------------------------


def _every_stored_value():
    """Every value of every row of every table, as text."""
    for model in apps.get_models():
        for values in model.objects.values_list():
            for value in values:
                if isinstance(value, memoryview):
                    value = bytes(value)
                if isinstance(value, bytes):
                    value = value.decode("latin-1")
                yield model._meta.label, str(value)


def test_an_ssn_is_stored_only_encrypted_and_as_its_last_four_digits(client_acme, place):
    place(client_acme, MARIA, row(JOHN, ssn="456-78-9012"))

    maria, john = primary_debtor("A-1001"), primary_debtor("A-1002")
    assert maria.reveal_tax_id() == "123456789" and john.reveal_tax_id() == "456789012"
    assert maria.tax_id_last4 == "6789" and maria.tax_id_masked == "***-**-6789"
    assert maria.tax_id_encrypted and "123456789" not in maria.tax_id_encrypted
    assert maria.reveal_birth_date() == "1980-04-02"
    clear = re.compile(r"123-?45-?6789|456-?78-?9012|1980-04-02|1975-01-15")
    assert [label for label, value in _every_stored_value() if clear.search(value)] == []


def test_an_ssn_is_never_echoed_in_the_report(client_acme, place):
    batch = place(client_acme,
                  row(MARIA, ssn="234-56-789"),                                   # malformed SSN
                  row(JOHN, ssn="456-78-9012", principal="lots"),                 # good SSN, bad row
                  row(ANNA, ssn="666-12-3456"),                                    # never issued
                  row(MARIA, account_number="A-4", ssn="234-56-7891", dob="19800402"))  # bad date of birth

    assert batch.status == "rejected"
    assert [i["column"] for i in report(batch)] == ["ssn", "principal", "ssn", "dob"]
    for secret in ("234-56-789", "23456789", "456-78-9012", "456789012", "666-12-3456", "666123456", "19800402"):
        assert secret not in batch.report_csv
        assert secret not in batch.message


# --- the command line ---------------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_the_import_command_imports_a_file_and_writes_the_report(client_acme, tmp_path, capsys):
    path = _write(tmp_path, "june.csv", placement_csv(MARIA, JOHN, row(ANNA, phone="12")))
    out = tmp_path / "report.csv"

    call_command("import", "placements", str(path), client="acme", report=str(out), no_progress=True)

    batch = PlacementBatch.objects.get()
    assert batch.status == "imported" and batch.rows_imported == 3
    assert f"batch #{batch.pk}: 3 accounts imported" in capsys.readouterr().out
    lines = list(csv.DictReader(out.open()))
    assert [(i["file"], i["row"], i["column"], i["severity"]) for i in lines] == [("june.csv", "4", "phone", "warning")]


def test_the_import_command_can_skip_bad_rows(client_acme, tmp_path):
    path = _write(tmp_path, "june.csv", placement_csv(*BAD_ROWS))

    call_command("import", "placements", str(path), "--client", "acme", "--skip-bad-rows", "--no-progress")

    assert Account.objects.count() == 2


def test_the_import_command_fails_with_the_message_when_the_file_is_rejected(client_acme, tmp_path):
    path = _write(tmp_path, "june.csv", placement_csv(*BAD_ROWS))
    out = tmp_path / "report.csv"

    with pytest.raises(CommandError, match="3 of 5 rows have errors"):
        call_command("import", "placements", str(path), client="acme", report=str(out), no_progress=True)

    assert [i["row"] for i in csv.DictReader(out.open())] == ["3", "5", "6"]
    assert nothing_written()


def test_the_import_command_names_an_unknown_client(client_acme, tmp_path):
    path = _write(tmp_path, "june.csv", placement_csv(MARIA))

    with pytest.raises(CommandError, match=r"no client with code 'nope' \(known: acme\)"):
        call_command("import", "placements", str(path), client="nope", no_progress=True)

    assert not PlacementBatch.objects.exists()


def test_the_import_command_refuses_an_inactive_client_and_an_unknown_user(client_acme, tmp_path):
    path = _write(tmp_path, "june.csv", placement_csv(MARIA))

    with pytest.raises(CommandError, match="no user 'ghost'"):
        call_command("import", "placements", str(path), client="acme", user="ghost", no_progress=True)
    client_acme.active = False
    save_client(client_acme, None)
    with pytest.raises(CommandError, match="client acme is inactive"):
        call_command("import", "placements", str(path), client="acme", no_progress=True)

    assert not PlacementBatch.objects.exists()


def test_the_import_command_records_who_imported(client_acme, supervisor, tmp_path):
    path = _write(tmp_path, "june.csv", placement_csv(MARIA))

    call_command("import", "placements", str(path), client="acme", user="sue", no_progress=True)

    assert PlacementBatch.objects.get().created_by == supervisor
    assert Phone.objects.get().added_by == supervisor


def test_the_arrears_script_exits_non_zero_with_the_message(tmp_path):
    """The installed console script, against a database of its own."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DEBUG="1", ARREARS_TESTING="1", ARREARS_VAR_DIR=str(tmp_path))
    script = Path(sys.executable).with_name("arrears")

    def arrears(*args):
        return subprocess.run([str(script), *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)

    assert arrears("migrate", "--no-input").returncode == 0
    created = arrears("shell", "-c", "from arrears.clients.actions import create_client; create_client(None, code='acme', name='Acme')")
    assert created.returncode == 0, created.stderr
    good = _write(tmp_path, "good.csv", placement_csv(MARIA))
    bad = _write(tmp_path, "bad.csv", placement_csv(MARIA, header=PLACEMENT_HEADER.replace("principal", "balance")))

    unknown = arrears("import", "placements", str(good), "--client", "nope", "--no-progress")
    rejected = arrears("import", "placements", str(bad), "--client", "acme", "--no-progress")
    imported = arrears("import", "placements", str(good), "--client", "acme", "--no-progress")

    assert unknown.returncode != 0 and "no client with code 'nope'" in unknown.stderr
    assert rejected.returncode != 0 and "required columns are missing: principal" in rejected.stderr
    assert imported.returncode == 0 and "1 accounts imported" in imported.stdout


# --- the format's documentation -----------------------------------------------------------------------------


def test_the_placement_format_document_lists_every_column_and_spelling():
    text = (REPO / "docs" / "placement-format.md").read_text()
    documented = set(re.findall(r"`([a-z0-9_]+)`", text))

    missing = [c.name for c in placement_format.COLUMNS if c.name not in documented]
    missing_aliases = [a for c in placement_format.COLUMNS for a in c.aliases if a not in documented]
    assert missing == [] and missing_aliases == []
    assert all(c.name in text for c in placement_format.COLUMNS if c.required)


def test_the_example_in_the_placement_format_document_imports_as_it_says(client_acme):
    text = (REPO / "docs" / "placement-format.md").read_text()
    example = text.split("## Example", 1)[1].split("```")[1].strip() + "\n"

    batch = import_placement_file(client_acme, "example.csv", example.encode(), None)

    assert batch.status == "imported" and batch.warnings == 0, batch.report_csv
    assert balances(account("A-1001").pk) == {"principal": 120000, "interest": 3550, "fees": 0, "costs": 0}
    assert account("A-1001").itemization_amount_cents == 123550
    assert dict(AccountDebtor.objects.filter(account=account("A-1001")).values_list("role", "debtor__first_name")) == {
        "primary": "Maria", "co_obligor": "Luis"}
    assert sum(balances(account("A-1002").pk).values()) == 102500


def test_an_email_too_long_to_deliver_is_reported_and_the_row_imported_without_it(client_acme, place):
    too_long = "a" * 64 + "@" + "b" * 60 + ".example" * 20 + ".com"  # a valid form, but over 254 characters

    batch = place(client_acme, row(MARIA, email=too_long))

    assert batch.status == "imported", batch.message
    [issue] = report(batch)
    assert (issue["column"], issue["severity"]) == ("email", "warning")
    assert "254" in issue["problem"]
    assert not Email.objects.exists()


def test_an_address_with_the_longest_lines_allowed_is_imported(client_acme, place):
    header = PLACEMENT_HEADER + ",address2"
    line1 = "1234 North West Corner of the Block By the Old Mill Road and the Long Street Name Extension Across the River Bridge"
    line2 = "Building 7, Floor 12, Suite 1200, Care of the Management Office, Attention Accounts Payable Dept"
    assert len(line1) <= 120 and len(line2) <= 120

    batch = place(client_acme, row(MARIA, address1=line1) + "," + f'"{line2}"', header=header)

    assert batch.status == "imported", batch.message
    address = Address.objects.get()
    assert (address.line1, address.line2) == (line1, line2)


def test_an_unclosed_quote_in_a_large_file_rejects_it_naming_the_row(client_acme, place):
    rows = [row(MARIA, account_number=f"A-{n}") for n in range(1, 1500)]
    rows[2] = rows[2].replace("Big Bank", '"Big Bank')  # row 4: the quote never closes

    batch = place(client_acme, *rows)

    assert batch.status == "rejected"
    assert "row 4" in batch.message and "quote" in batch.message
    assert nothing_written()


def test_numbers_a_spreadsheet_stored_without_their_leading_zeros_get_them_back(client_acme):
    # Excel turns 02134 typed in a cell into the number 2134; a ZIP, SSN or EIN is never meant as a number.
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["account_number", "first_name", "last_name", "ssn", "address1", "city", "state", "zip", "principal",
                  "itemization_date", "itemization_basis", "co_business_name", "co_ein", "co_zip", "co_address1",
                  "co_city", "co_state"])
    sheet.append(["Z-1", "Paul", "Revere", 12345678, "19 North Sq", "Boston", "MA", 2113, 100,
                  date(2025, 6, 30), "charge_off", "Revere Silver Co", 4567890, 21131234, "1 Hull St", "Boston", "MA"])
    content = io.BytesIO()
    workbook.save(content)

    batch = import_placement_file(client_acme, "boston.xlsx", content.getvalue(), None)

    assert batch.status == "imported", batch.report_csv
    assert batch.warnings == 0, batch.report_csv
    paul = primary_debtor("Z-1")
    assert paul.reveal_tax_id() == "012345678"
    assert Address.objects.get(debtor=paul).zip_code == "02113"
    assert Address.objects.get(debtor=paul).time_zones == ["America/New_York"]
    company = AccountDebtor.objects.get(account=account("Z-1"), role="co_obligor").debtor
    assert company.reveal_tax_id() == "004567890"
    assert (Address.objects.get(debtor=company).zip_code, Address.objects.get(debtor=company).zip4) == ("02113", "1234")


def test_an_inactive_client_cannot_receive_placements(client_acme, place):
    client_acme.active = False
    save_client(client_acme, None)
    with pytest.raises(InvalidInput, match="inactive"):
        place(client_acme, MARIA)
    assert not PlacementBatch.objects.exists()


def test_every_problem_of_a_row_is_reported_and_amounts_are_never_reinterpreted(client_acme, place):
    """A decimal comma is not ten thousand dollars, 1E5 is not an amount, a balance past the client's limit is
    a mistake, and a row with three problems is reported with three, so the sender fixes it in one go."""
    batch = place(client_acme,
                  row(MARIA, principal="1200,00"),
                  row(JOHN, principal="1E5", dob="someday", itemization_basis=""),
                  row(ANNA, principal="2000000.00", interest="0", fees="0"),
                  file_name="june.csv")

    assert batch.status == "rejected" and not Account.objects.exists()
    problems = [(i["row"], i["column"], i["problem"]) for i in report(batch) if i["severity"] == "error"]
    assert problems[0] == ("2", "principal", "'1200,00' uses a decimal comma; write dollars and cents with a point, "
                                             "e.g. 125.00")
    assert [(r, c) for r, c, _ in problems[1:4]] == [("3", "dob"), ("3", "principal"), ("3", "itemization_basis")]
    assert "scientific notation" in problems[2][2]
    assert problems[4][:2] == ("4", "principal") and "largest accepted amount ($1,000,000.00)" in problems[4][2]
