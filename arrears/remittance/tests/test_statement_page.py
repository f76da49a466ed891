"""The remittance page's lines, as a client or supervisor checks them: every bucket a payment went to has
its column, and each line's buckets add up to its amount."""

import io
import re
from html import unescape

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from arrears.documents.tests import pdf_text
from arrears.payments.actions import adjust_balance, post_payment

pytestmark = pytest.mark.django_db


def cents(text: str) -> int:
    text = text.replace("$", "").replace(",", "").strip()
    negative = text.startswith("-") or text.startswith("(")
    value = round(float(text.strip("-()")) * 100)
    return -value if negative else value


def lines_table(html: str) -> tuple[list[str], list[list[str]]]:
    table = re.search(r'<table class="statement-lines.*?</table>', html, re.S).group(0)
    header = [unescape(re.sub(r"<.*?>", "", h)).strip() for h in re.findall(r"<th.*?</th>", table, re.S)]
    rows = [[unescape(re.sub(r"<.*?>", " ", c)).split("  ")[0].strip() for c in re.findall(r"<td.*?</td>", r, re.S)]
            for r in re.findall(r"<tr class=\"line-.*?</tr>", table, re.S)]
    return header, rows


def test_the_remittance_page_shows_what_went_to_costs_and_each_line_adds_up(client, supervisor, acme_accounts):
    maria = acme_accounts["A-1001"]
    adjust_balance(maria, supervisor, kind="correction", amount_cents=4000, bucket="costs",
                   reason="court filing fee from the client")
    post_payment(maria, supervisor, amount_cents=123550 + 4000, method="check", idempotency_key="all-1")
    client.force_login(supervisor)

    page = client.get("/remittance/acme/", {"through": timezone.localdate().isoformat()}).content.decode()
    header, rows = lines_table(page)

    assert "Costs" in header
    assert len(rows) == 1 and all(len(row) == len(header) for row in rows)
    line = dict(zip(header, rows[0]))
    assert cents(line["Costs"]) == 4000
    assert cents(line["Amount"]) == sum(cents(line[b]) for b in ("Principal", "Interest", "Fees", "Costs"))

    # the draft's documents carry the same figure, in the column and in the totals by bucket
    text = pdf_text.text(client.get("/remittance/acme/draft.pdf").content)
    assert "Costs $40.00 Total $1,275.50" in text
    book = load_workbook(io.BytesIO(client.get("/remittance/acme/draft.xlsx").content))
    sheet = book["Payments"]
    header = [c.value for c in sheet[1]]
    assert [round(r[header.index("Costs")] * 100) for r in sheet.iter_rows(min_row=2, values_only=True)] == [4000]
