"""The remittance statement PDF, read back as its reader would: the figures, the DRAFT marking, every line."""

from dataclasses import replace

import pytest

from arrears.core.money import format_cents
from arrears.documents.pdf import statement_pdf
from arrears.documents.tests import factories, pdf_text

DETAIL_HEADER = "Date Account Debtor Method Reference Amount Principal Interest Fees Costs Rate Commission"


@pytest.fixture(scope="module")
def long_statement():
    """200 lines of payments, reversals and direct payments: several pages."""
    statement = factories.statement(factories.mixed_lines(200), closed=False)
    pdf = statement_pdf(statement)
    return statement, pdf, pdf_text.pages(pdf)


def test_positive_net_due_is_labelled_remitted_to_you():
    statement = factories.statement((factories.line(1, amount_cents=123_456), factories.line(2)))
    assert statement.net_due_cents > 0

    text = pdf_text.text(statement_pdf(statement))

    assert f"Remitted to you {format_cents(statement.net_due_cents)}" in text
    assert "Due from you" not in text


def test_negative_net_due_is_labelled_due_from_you_with_the_amount_owed():
    statement = factories.statement((factories.line(1, kind="direct", amount_cents=40_000),))
    assert statement.net_due_cents == -10_000

    text = pdf_text.text(statement_pdf(statement))

    assert "Due from you $100.00" in text
    assert "Remitted to you" not in text


def test_open_period_is_marked_draft_on_every_page(long_statement):
    _, _, pages = long_statement

    assert len(pages) > 1
    # the watermark on every page, and the banner (page 1) or the running header (the others)
    assert all(page.count("DRAFT") >= 2 for page in pages)
    assert "This period is still open" in pages[0]


def test_closed_period_carries_no_draft_marking():
    statement = factories.statement(factories.mixed_lines(60), closed=True)

    text = pdf_text.text(statement_pdf(statement))

    assert "DRAFT" not in text.upper()
    assert "Status Final" in text


def test_every_line_appears_once_across_the_pages(long_statement):
    statement, _, pages = long_statement
    text = " ".join(pages)

    assert len(pages) > 1
    for line in statement.lines:
        assert text.count(f"{line.account_number} ") == 1, line.account_number


def test_column_header_repeats_on_every_page_of_the_detail(long_statement):
    _, _, pages = long_statement

    assert all(DETAIL_HEADER in page for page in pages)


def test_pages_are_numbered_of_the_total(long_statement):
    _, _, pages = long_statement

    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page


def test_pages_are_us_letter(long_statement):
    _, pdf, _ = long_statement

    assert {tuple(sorted(size)) for size in pdf_text.page_sizes(pdf)} == {(612.0, 792.0)}


def test_names_with_typst_markup_characters_print_literally():
    name = factories.SPECIAL_NAME
    code = '#read("/etc/hostname") \\ `x` // <label> -- ~'
    lines = (
        factories.line(1, debtor_name=name),
        factories.line(2, debtor_name=code, kind="reversal", amount_cents=-500, note="*chargeback* [CB-9] #x"),
    )
    statement = factories.statement(lines)

    text = pdf_text.text(statement_pdf(statement))

    assert name in text
    assert code in text
    assert "*chargeback* [CB-9] #x" in text


def test_summary_shows_each_figure_with_dollar_sign_separators_and_minus_for_deductions():
    lines = (
        factories.line(1, amount_cents=123_456_789),
        factories.line(2, kind="reversal", amount_cents=-1_234),
        factories.line(3, kind="direct", amount_cents=50_000),
    )
    s = factories.statement(lines)

    text = pdf_text.text(statement_pdf(s))

    assert "Gross collected $1,234,567.89" in text
    assert "Less reversals -$12.34" in text
    assert f"Net collected {format_cents(s.net_collected_cents)}" in text
    assert f"Less commission {format_cents(-s.commission_cents)}" in text
    assert "Direct payments received by you (for information) $500.00" in text
    assert "Less commission on direct payments -$125.00" in text
    assert f"Remitted to you {format_cents(s.net_due_cents)}" in text


def test_previous_balance_is_shown_only_when_there_is_one():
    lines = (factories.line(1, amount_cents=90_000),)

    with_balance = pdf_text.text(statement_pdf(factories.statement(lines, previous_balance_cents=-4_321)))
    without = pdf_text.text(statement_pdf(factories.statement(lines)))

    assert "Previous balance -$43.21" in with_balance
    assert "Previous balance" not in without


def test_collections_are_broken_down_by_bucket():
    s = factories.statement((factories.line(1, amount_cents=100_000), factories.line(2, amount_cents=20_000)))

    text = pdf_text.text(statement_pdf(s))

    assert "Collections by bucket Principal $840.00 Interest $240.00 Fees $120.00 Costs $0.00 Total $1,200.00" in text


def test_reversal_line_shows_negative_amounts_and_its_reason(long_statement):
    _, _, pages = long_statement
    text = " ".join(pages)

    assert "ACC-00010 Debtor Number10 ACH PAY-000010 R01 insufficient funds -$50.10 -$35.07 -$10.02 -$5.01" in text


def test_each_section_ends_with_the_totals_of_its_lines(long_statement):
    s, _, pages = long_statement
    text = " ".join(pages)

    def total_row(label, lines):
        figures = ("amount", "principal", "interest", "fees", "costs", "commission")
        return " ".join([label] + [format_cents(sum(getattr(x, f"{f}_cents") for x in lines)) for f in figures])

    trust = [x for x in s.lines if x.kind != "direct"]
    direct = [x for x in s.lines if x.kind == "direct"]
    assert total_row("Net collected", trust) in text
    assert total_row("Direct payments", direct) in text
    assert format_cents(sum(x.amount_cents for x in trust)) == format_cents(s.net_collected_cents)


def test_statement_without_lines_says_so():
    text = pdf_text.text(statement_pdf(factories.statement(())))

    assert "No payments in this period." in text
    assert "Remitted to you" not in text and "Net due $0.00" in text


def test_a_line_of_unknown_kind_is_refused():
    statement = factories.statement((factories.line(1),))
    statement = replace(statement, lines=(replace(factories.line(2), kind="refund"),))

    with pytest.raises(ValueError, match="'refund'"):
        statement_pdf(statement)


def test_only_the_fonts_typst_embeds_are_used(long_statement):
    _, pdf, _ = long_statement

    assert pdf_text.font_names(pdf) <= {"LibertinusSerif-Regular-Identity-H", "LibertinusSerif-Bold-Identity-H"}
