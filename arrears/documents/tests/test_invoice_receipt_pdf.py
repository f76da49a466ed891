"""The commission invoice and the debtor's payment receipt, read back from their PDFs."""

from dataclasses import replace

from arrears.core.money import format_cents
from arrears.documents.pdf import invoice_pdf, receipt_pdf
from arrears.documents.tests import factories, pdf_text

DISCLOSURE = ("This communication is from a debt collector. This is an attempt to collect a debt and any "
              "information obtained will be used for that purpose.")


def test_invoice_shows_its_number_dates_amount_due_and_each_line():
    lines = tuple(factories.line(n, kind="direct", amount_cents=20_000 + n) for n in range(1, 16))
    invoice = factories.invoice(lines)

    pdf = invoice_pdf(invoice)
    text = pdf_text.text(pdf)

    assert len(pdf_text.pages(pdf)) == 1
    assert "Invoice number INV-2026-0042" in text
    assert "Issued 12/02/2026" in text and "Due 01/01/2027" in text
    assert "Statement ACME-2026-11" in text
    assert f"Amount due {format_cents(invoice.amount_cents)}" in text
    for line in lines:
        assert f"{line.account_number} {line.debtor_name} Direct to client {line.reference} " \
               f"{format_cents(line.amount_cents)} 25% {format_cents(line.commission_cents)}" in text
    assert f"Total {format_cents(sum(x.amount_cents for x in lines))} {format_cents(invoice.amount_cents)}" in text


def test_invoice_bills_the_client_at_its_address():
    text = pdf_text.text(invoice_pdf(factories.invoice((factories.line(1, kind="direct"),))))

    assert "BILL TO Acme Bank 1 Acme Plaza Buffalo, NY 14202" in text


def test_receipt_shows_amount_method_reference_allocation_and_balance_after():
    pdf = receipt_pdf(factories.receipt())
    text = pdf_text.text(pdf)

    assert len(pdf_text.pages(pdf)) == 1
    assert {tuple(sorted(size)) for size in pdf_text.page_sizes(pdf)} == {(612.0, 792.0)}
    assert "Amount paid $250.00" in text
    assert "Paid 11/14/2026 3:42 PM EST" in text
    assert "Account ACC-77001" in text and "Creditor Acme Bank" in text
    assert "Method Card" in text and "Reference ch_3QxY7" in text
    assert "Principal $200.00 Interest $40.00 Fees $10.00 Total applied $250.00" in text
    assert "Balance after this payment $1,234.56" in text


def test_receipt_prints_the_arrangement_note_and_disclosure_when_given():
    receipt = factories.receipt(arrangement_note="Instalment 3 of 12 of your payment plan", disclosure=DISCLOSURE)

    text = pdf_text.text(receipt_pdf(receipt))

    assert "Instalment 3 of 12 of your payment plan" in text
    assert DISCLOSURE in text


def test_receipt_prints_the_debtor_name_literally():
    receipt = replace(factories.receipt(), debtor=factories.Party(name=factories.SPECIAL_NAME))

    assert f"RECEIVED FROM {factories.SPECIAL_NAME}" in pdf_text.text(receipt_pdf(receipt))
