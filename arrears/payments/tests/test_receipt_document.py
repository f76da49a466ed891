"""The debtor's receipt, downloaded from the account screen, as the debtor reads it."""

import pytest

from arrears.documents.tests import pdf_text
from arrears.payments.actions import post_payment
from conftest import PLACEMENT_HEADER

pytestmark = pytest.mark.django_db


def test_the_receipt_is_addressed_with_the_second_address_line(client, collector, client_acme, place):
    batch = place(client_acme, "A-2001,Rosa,Diaz,,1979-03-03,602-555-0111,mobile,,12 Main St,Phoenix,AZ,85004,"
                               "credit card,500.00,0,0,2025-06-30,charge_off,,Big Bank,Apt 4B",
                  header=PLACEMENT_HEADER + ",address2")
    account = batch.accounts.get()
    payment = post_payment(account, collector, amount_cents=2500, method="check", idempotency_key="r-1")
    client.force_login(collector)

    answer = client.get(f"/accounts/{account.pk}/payments/{payment.pk}/receipt.pdf")

    assert answer.status_code == 200
    assert "Rosa Diaz 12 Main St Apt 4B Phoenix, AZ 85004" in pdf_text.text(answer.content)
