"""Money on the screens: taking a payment with its preview, receipts, reversals, arrangements and their
approval, the payments desk, and the client remittance pages."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from arrears.arrangements.models import Arrangement
from arrears.ledger.queries import balances
from arrears.payments.actions import post_payment
from arrears.payments.models import Payment
from arrears.remittance.models import RemittancePeriod

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def maria(acme_accounts):
    return acme_accounts["A-1001"]


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def check(amount="100.00", key="web:1", **more):
    return {"amount": amount, "method": "check", "reference": "1042", "received_on": timezone.localdate().isoformat(),
            "idempotency_key": key, **more}


def test_the_preview_shows_where_the_payment_goes_before_it_is_posted(client, collector, maria):
    client.force_login(collector)

    html = client.post(f"/accounts/{maria.pk}/payments/preview", check("1,250.00"), headers=HTMX).content.decode()

    assert "$35.50" in html and "$1,200.00" in html  # interest first, then principal
    assert "Overpayment kept as a credit balance to refund" in html and "$14.50" in html
    assert not Payment.objects.exists()


def test_a_check_is_posted_once_however_often_the_form_is_sent_and_its_receipt_says_so(client, collector, maria):
    client.force_login(collector)

    first = client.post(f"/accounts/{maria.pk}/payments", check(), headers=HTMX).content.decode()
    client.post(f"/accounts/{maria.pk}/payments", check(), headers=HTMX)  # a double click

    assert "Check payment of $100.00 posted" in first
    payment = Payment.objects.get()
    assert payment.instrument == "Check #1042" and sum(balances(maria.pk).values()) == 123550 - 10000
    assert 'id="balance"' in first and "$1,135.50" in first  # the balance panel is refreshed too
    receipt = client.get(f"/accounts/{maria.pk}/payments/{payment.pk}/receipt.pdf")
    assert receipt["Content-Type"] == "application/pdf"
    text = pdf_text(receipt.content)
    assert "$100.00" in text and "A-1001" in text and "$1,135.50" in text and "debt collector" in text


def test_a_declined_card_shows_why_and_posts_nothing(client, collector, maria):
    client.force_login(collector)

    html = client.post(f"/accounts/{maria.pk}/payments", {
        "amount": "50.00", "method": "card", "card_number": "4000 0000 0000 0002", "card_expiry": "12/30",
        "card_cvc": "123", "card_holder": "Maria Lopez", "idempotency_key": "web:2"}, headers=HTMX).content.decode()

    assert "the card was declined: card declined" in html
    assert Payment.objects.get().status == "declined" and sum(balances(maria.pk).values()) == 123550


def test_a_collector_cannot_reverse_a_payment_but_a_supervisor_can(client, collector, supervisor, maria):
    payment = post_payment(maria, collector, amount_cents=10000, method="check", idempotency_key="k1")
    client.force_login(collector)
    assert client.post(f"/accounts/{maria.pk}/payments/{payment.pk}/reverse", {"reason": "nsf"},
                       headers=HTMX).status_code == 403

    client.force_login(supervisor)
    html = client.post(f"/accounts/{maria.pk}/payments/{payment.pk}/reverse", {"reason": "nsf", "code": "NSF"},
                       headers=HTMX).content.decode()

    assert "Returned check (insufficient funds)" in html
    assert Payment.objects.get().status == "reversed" and sum(balances(maria.pk).values()) == 123550


def test_the_receipt_is_emailed_with_its_pdf_only_where_the_debtor_agreed_to_email(client, collector, maria):
    from arrears.debtors.actions import add_email

    payment = post_payment(maria, collector, amount_cents=10000, method="check", idempotency_key="k1")
    client.force_login(collector)
    url = f"/accounts/{maria.pk}/payments/{payment.pk}/receipt/email"

    refused = client.post(url, headers=HTMX).content.decode()  # the placement's email: no consent to email
    assert "1006.6(d)(3) safe harbor" in refused and not mail.outbox

    add_email(maria.parties.get().debtor, "maria.l@example.net", collector, consent_email=True)
    html = client.post(url, headers=HTMX).content.decode()

    assert "Receipt emailed." in html
    [message] = mail.outbox
    assert message.to == ["maria.l@example.net"] and message.attachments[0][0] == f"receipt-R-{payment.pk:08d}.pdf"
    assert "This communication is from a debt collector" in message.body


def test_an_offer_past_authority_is_previewed_sent_for_approval_and_approved_by_a_supervisor(
        client, collector, supervisor, maria):
    client.force_login(collector)
    offer = {"kind": "settlement", "first_due": timezone.localdate().isoformat(), "channel": "check",
             "settlement": "800.00", "frequency": "monthly", "count": "2", "use_budget": ""}

    preview = client.post(f"/accounts/{maria.pk}/arrangements/preview", offer, headers=HTMX).content.decode()
    assert "35.25% off" in preview and "Needs a supervisor's approval" in preview and "$400.00" in preview
    created = client.post(f"/accounts/{maria.pk}/arrangements", offer, headers=HTMX).content.decode()
    assert "sent to a supervisor for approval" in created
    arrangement = Arrangement.objects.get()

    client.force_login(supervisor)
    queue = client.get("/approvals/").content.decode()
    assert "A-1001" in queue and "past the 20%" in queue
    client.post(f"/approvals/{arrangement.pk}", {"decision": "approve", "note": "hardship"})
    arrangement.refresh_from_db()
    assert arrangement.status == "active" and arrangement.decided_by == supervisor


def test_the_budget_proposes_plans_the_debtor_can_afford(client, collector, maria):
    client.force_login(collector)

    html = client.post(f"/accounts/{maria.pk}/budget", {
        "income_0_amount": "2,000.00", "income_0_per": "month", "expense_0_amount": "1,500.00",
        "expense_0_per": "month", **{f"{g}_{i}_per": "month" for g, n in (("income", 3), ("expense", 8))
                                     for i in range(n)}}, headers=HTMX).content.decode()

    assert "Budget recorded." in html and "$500.00</strong> a month left" in html
    assert "Use</button>" in html
    page = client.get(f"/accounts/{maria.pk}/").content.decode()
    assert "Fits the debtor" not in page and "a month left)" in page


def test_the_payments_desk_posts_a_lockbox_file_and_refuses_a_bad_one_saying_where(client, supervisor, maria):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(supervisor)
    good = b"deposit_date,batch,item,amount,account_number\n2026-11-30,B1,1,25.00,A-1001\nTOTAL,1,25.00\n"
    bad = b"deposit_date,batch,item,amount,account_number\n2026-11-30,B1,1,abc,A-1001\nTOTAL,1,0\n"

    refused = client.post("/payments/lockbox", {"file": SimpleUploadedFile("bad.csv", bad)})
    assert refused.status_code == 422 and "bad.csv, row 2, amount" in refused.content.decode()
    client.post("/payments/lockbox", {"file": SimpleUploadedFile("good.csv", good)})
    assert Payment.objects.get().amount_cents == 2500
    assert "good.csv" in client.get("/payments/").content.decode()


def test_a_client_user_sees_only_their_own_statements_and_cannot_close(client, acme_user, client_beta, supervisor,
                                                                         maria, business_hours):
    post_payment(maria, None, amount_cents=10000, method="check", idempotency_key="k1")
    business_hours.shift(timedelta(days=1))
    client.force_login(acme_user)

    assert client.get("/remittance/").url == "/remittance/acme/"
    page = client.get("/remittance/acme/").content.decode()
    assert "$75.00" in page and "Close and remit" not in page
    assert client.get("/remittance/beta/").status_code == 404
    assert client.post("/remittance/acme/close", {"ends_on": timezone.localdate().isoformat()}).status_code == 302
    assert not RemittancePeriod.objects.exists()

    client.force_login(supervisor)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    client.post("/remittance/acme/close", {"ends_on": yesterday})
    period = RemittancePeriod.objects.get()
    assert period.remitted_cents == 7500
    client.force_login(acme_user)
    pdf = client.get(f"/remittance/acme/{period.pk}.pdf")
    assert "Remitted to you" in pdf_text(pdf.content) and "$75.00" in pdf_text(pdf.content)
    xlsx = client.get(f"/remittance/acme/{period.pk}.xlsx")
    assert xlsx.content[:2] == b"PK"


def test_a_key_sent_from_the_browser_cannot_pre_empt_a_lockbox_item(client, collector, supervisor, maria):
    """The form's idempotency key is the caller's: sent as a system key, it still lives in the caller's own
    namespace, so the bank's item with that key posts when its file comes."""
    from arrears.payments.actions.lockbox import import_lockbox

    client.force_login(collector)
    client.post(f"/accounts/{maria.pk}/payments", check(key="lockbox:2026-11-30:B7:1"), headers=HTMX)
    file = (b"deposit_date,batch,item,amount,account_number,client,instrument,check_number,payer_name\n"
            b"2026-11-30,B7,1,40.00,A-1001,acme,check,1043,Maria Lopez\nTOTAL,1,40.00\n")

    result = import_lockbox("lockbox.csv", file, supervisor)

    assert result.imported.posted == 1
    assert sorted(Payment.objects.values_list("amount_cents", flat=True)) == [4000, 10000]
    assert Payment.objects.get(amount_cents=10000).idempotency_key == f"web:{collector.pk}:lockbox:2026-11-30:B7:1"
