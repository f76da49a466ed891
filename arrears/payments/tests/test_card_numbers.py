"""No card number is ever written anywhere by arrears: not in a table, not in a file (the fake processor's
included), not in the log. Cards are kept as the processor's token, a label and the last four digits."""

import logging

import pytest
from django.db import connection

from arrears.payments.actions.taking import NewCard, take_payment
from arrears.payments.models import Payment, PaymentMethod
from arrears.payments.processors import FakeProcessor

pytestmark = pytest.mark.django_db
NUMBER = "4242424242424242"
SPACED = "4242 4242 4242 4242"
DECLINED = "4000000000009995"


def everything_in_the_database() -> str:
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            parts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(parts)


def everything_in_files(folder) -> str:
    return "\n".join(path.read_bytes().decode("utf-8", "replace") for path in folder.rglob("*") if path.is_file())


def test_after_card_payments_no_table_file_or_log_line_holds_the_card_number(acme_accounts, collector, tmp_path,
                                                                               caplog):
    maria = acme_accounts["A-1001"]
    caplog.set_level(logging.DEBUG)
    kept = take_payment(maria, collector, amount_cents=5000, method="card", idempotency_key="c1",
                        new_card=NewCard(SPACED, 12, 2030, "123", "Maria Lopez"), keep_card=True)
    card = PaymentMethod.objects.get()
    again = take_payment(maria, collector, amount_cents=2500, method="card", idempotency_key="c2", card=card)
    once = take_payment(maria, collector, amount_cents=1000, method="card", idempotency_key="c3",
                        new_card=NewCard(NUMBER, 1, 2031, "999", "Maria Lopez"))
    assert [p.status for p in (kept, again, once)] == ["posted"] * 3
    with pytest.raises(Exception, match="insufficient funds"):
        take_payment(maria, collector, amount_cents=1000, method="card", idempotency_key="c4",
                     new_card=NewCard(DECLINED, 1, 2031, "999", "Maria Lopez"))
    assert Payment.objects.get(idempotency_key="c4").status == "declined"

    stored = everything_in_the_database() + everything_in_files(tmp_path) + caplog.text
    assert (tmp_path / "fake-processor.json").exists()
    for number in (NUMBER, SPACED, DECLINED, NUMBER[:12]):
        assert number not in stored
    assert card.label == "Visa ····4242" and "4242" in stored  # the last four are kept, to recognise the card




def test_a_token_is_not_derived_from_the_number():
    """A digest of the number could be reversed by trying the six digits a label does not show."""
    first = FakeProcessor().tokenize_card(NUMBER, 12, 2030, "123", "Maria Lopez")
    second = FakeProcessor().tokenize_card(NUMBER, 12, 2030, "123", "Maria Lopez")
    assert first.token != second.token and first.last4 == second.last4 == "4242"


def test_a_processor_file_written_before_keeps_working_and_loses_the_numbers(tmp_path, settings):
    import json

    path = settings.FAKE_PROCESSOR_PATH
    path.write_text(json.dumps({"tokens": {"tok_old": {"card": NUMBER}, "tok_poor": {"card": DECLINED}},
                                "charges": {}}))
    processor = FakeProcessor()
    assert processor.charge(token="tok_old", amount_cents=500, idempotency_key="k1", description="x").approved
    poor = processor.charge(token="tok_poor", amount_cents=500, idempotency_key="k2", description="x")
    assert not poor.approved and poor.message == "insufficient funds"
    assert NUMBER not in path.read_text() and DECLINED not in path.read_text()
