"""Taking a payment as a collector does: a card charged (on file, new, or kept on file with the debtor's
agreement), or a payment posted as received on its day; and the receipt emailed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from arrears.core.errors import InvalidInput
from arrears.debtors.actions import add_email, end_contact_point
from arrears.payments.actions import ChargeDeclined, NewCard, email_receipt, take_payment
from arrears.payments.models import Payment, PaymentMethod

pytestmark = pytest.mark.django_db
VISA = NewCard("4242 4242 4242 4242", 12, 2030, "123", "Maria Lopez")


@pytest.fixture
def maria(acme_accounts):
    return acme_accounts["A-1001"]


def test_a_new_card_kept_on_file_is_charged_and_offered_next_time(maria, collector):
    payment = take_payment(maria, collector, amount_cents=5000, method="card", idempotency_key="c1", new_card=VISA,
                           keep_card=True)

    [card] = PaymentMethod.objects.filter(debtor=maria.parties.get().debtor)
    assert (payment.method, payment.payment_method_id, payment.instrument) == ("card", card.pk, card.label)
    assert payment.reference.startswith("ch_") and collector.get_username() in card.authorization

    again = take_payment(maria, collector, amount_cents=2500, method="card", idempotency_key="c2", card=card)
    assert again.payment_method_id == card.pk and PaymentMethod.objects.count() == 1


def test_a_card_not_kept_is_charged_and_nothing_is_kept_on_file(maria, collector):
    payment = take_payment(maria, collector, amount_cents=5000, method="card", idempotency_key="c1", new_card=VISA)

    assert payment.status == "posted" and payment.payment_method_id is None and not PaymentMethod.objects.exists()
    with pytest.raises(ChargeDeclined, match="declined"):
        take_payment(maria, collector, amount_cents=5000, method="card", idempotency_key="c2",
                     new_card=NewCard("4000 0000 0000 0002", 12, 2030, "123", "Maria Lopez"))
    assert Payment.objects.get(idempotency_key="c2").status == "declined"


def test_a_check_received_yesterday_is_posted_on_that_day_from_the_primary_debtor(maria, collector):
    yesterday = timezone.localdate() - timedelta(days=1)

    payment = take_payment(maria, collector, amount_cents=10000, method="check", idempotency_key="k1",
                           received_on=yesterday, reference="1042")

    assert (payment.effective_on, payment.instrument, payment.reference) == (yesterday, "Check #1042", "1042")
    assert payment.payer_id == maria.parties.get().debtor_id


def test_the_receipt_is_emailed_to_the_debtor_and_refused_without_an_address(maria, collector):
    payment = take_payment(maria, collector, amount_cents=10000, method="cash", idempotency_key="k1")
    maria.refresh_from_db()  # the payment put the new account to work
    debtor = maria.parties.get().debtor
    for email in debtor.email_set.filter(active=True):
        end_contact_point(email, "bounced", collector)

    with pytest.raises(InvalidInput, match="no email address on file"):
        email_receipt(maria, payment, collector)

    add_email(debtor, "maria.l@example.net", collector, consent_email=True)
    email_receipt(maria, payment, collector)
    [message] = mail.outbox
    assert message.to == ["maria.l@example.net"] and message.attachments[0][0] == f"receipt-R-{payment.pk:08d}.pdf"
