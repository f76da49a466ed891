"""Every file arrears hands out for a spreadsheet opens with its text as text: a debtor, file or note that
begins like a formula (`=HYPERLINK(...)`, `@SUM(...)`) is written so the spreadsheet shows it and never runs
it, while amounts and phone numbers stay as they are."""

import csv
import io

import pytest
from openpyxl import load_workbook

from arrears.compliance.models import DialListExport
from arrears.core.export import safe_cell
from arrears.documents.tests import factories
from arrears.documents.xlsx import statement_xlsx
from arrears.users.actions import create_api_token
from conftest import PLACEMENT_HEADER

LINK = '=HYPERLINK("http://x.example/steal")'
SUM = "@SUM(A1)"
RISKY = ("=", "+", "-", "@", "\t", "\r")


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def risky_cells(text: str) -> list[str]:
    """Cells a spreadsheet would evaluate: text beginning with a formula character that is no number or phone."""
    return [c for c in cells(text) if c.startswith(RISKY) and safe_cell(c) != c]


def test_the_cell_rule_quotes_formulas_and_leaves_numbers_and_phones():
    assert safe_cell(LINK) == "'" + LINK
    assert safe_cell(SUM) == "'@SUM(A1)"
    assert safe_cell("-1+1") == "'-1+1"
    assert safe_cell("\t=1") == "'\t=1"
    assert [safe_cell(v) for v in ("-12.50", "+16025550134", "+1 555-555-0134", "+1 (602) 555-0134", 42, -3,
                                   "Maria Lopez", "")] == \
        ["-12.50", "+16025550134", "+1 555-555-0134", "+1 (602) 555-0134", 42, -3, "Maria Lopez", ""]


@pytest.mark.django_db
def test_the_placement_report_csv_quotes_a_file_name_and_a_column_that_look_like_formulas(
        client, supervisor, client_acme, place):
    header = PLACEMENT_HEADER + "," + SUM
    batch = place(client_acme, "A-1,Ann,Lee,,1980-01-01,602-555-0134,,,1 Main St,Phoenix,AZ,85004,credit card,"
                               "x,0,0,2025-06-30,charge_off,,Big Bank,1",
                  header=header, file_name=LINK + ".csv")
    _, token = create_api_token(supervisor, "reports", None)
    client.force_login(supervisor)
    for url in (f"/placements/{batch.pk}/report.csv", f"/api/v1/placements/{batch.pk}/report.csv"):
        report = client.get(url, headers={"Authorization": f"Bearer {token}"}).content.decode()
        assert len(cells(report)) > 5
        assert risky_cells(report) == [], report
        assert "'" + LINK + ".csv" in cells(report)


@pytest.mark.django_db
def test_the_dial_list_csv_quotes_a_debtor_name_that_looks_like_a_formula(client, supervisor, client_acme, place):
    place(client_acme, f'A-7,"{LINK.replace(chr(34), chr(34) * 2)}",Lee,,1980-01-01,212-555-0199,,,1 Main St,'
                       "New York,NY,10001,credit card,100.00,0,0,2025-06-30,charge_off,,Big Bank",
          f"A-8,{SUM},Ng,,1981-01-01,212-555-0198,,,2 Main St,New York,NY,10001,credit card,100.00,0,0,2025-06-30,"
          "charge_off,,Big Bank")
    client.force_login(supervisor)
    client.post("/dial-lists/", {"client": "acme"})
    export = DialListExport.objects.get()
    text = client.get(f"/dial-lists/{export.pk}.csv").content.decode()
    assert export.rows == 2, text
    assert risky_cells(text) == [], text
    assert {"'" + LINK + " Lee", "'" + SUM + " Ng"} <= set(cells(text))
    assert "+12125550199" in cells(text)  # the number to dial is as it was


def test_the_remittance_workbook_keeps_formula_like_names_and_notes_as_text_even_when_edited():
    statement = factories.statement([factories.line(1, debtor_name=LINK, note=SUM), factories.line(2)], closed=True)
    sheet = load_workbook(io.BytesIO(statement_xlsx(statement)))["Payments"]
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2])}
    for cell, text in ((row["Debtor"], LINK), (row["Note"], SUM)):
        # stored as the text itself, marked as text the way a typed leading apostrophe is, so that editing the
        # cell in Excel does not turn it into a formula either
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    plain = {h: c for h, c in zip(header, sheet[3])}
    assert plain["Debtor"].quotePrefix is False
    assert row["Amount"].data_type == "n"  # amounts stay numbers
