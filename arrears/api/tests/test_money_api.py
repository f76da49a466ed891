"""Payments, arrangements and remittance statements over the API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from arrears.payments.actions import post_payment
from arrears.payments.models import Payment
from arrears.payments.processors import FakeProcessor
from arrears.remittance.actions import close_period
from arrears.users.actions import create_api_token

pytestmark = pytest.mark.django_db


def bearer(user, **headers):
    _, plain = create_api_token(user, "test", None)
    return {"Authorization": f"Bearer {plain}", **headers}


@pytest.fixture
def maria(acme_accounts):
    return acme_accounts["A-1001"]


def test_a_payment_sent_twice_with_one_idempotency_key_posts_once(client, collector, maria):
    headers = bearer(collector, **{"Idempotency-Key": "crm-7781"})
    body = {"amount_cents": 10000, "method": "money_order", "reference": "MO-55"}

    first = client.post(f"/api/v1/accounts/{maria.pk}/payments", body, content_type="application/json", headers=headers)
    again = client.post(f"/api/v1/accounts/{maria.pk}/payments", body, content_type="application/json", headers=headers)

    assert first.status_code == 201 and again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert first.json()["id"] == again.json()["id"] and Payment.objects.count() == 1
    assert first.json()["allocations"] == [{"account_id": maria.pk, "amount_cents": 10000, "commission_rate_bp": 2500,
                                            "commission_cents": 2500}]
    other = client.post(f"/api/v1/accounts/{maria.pk}/payments", {**body, "amount_cents": 5000},
                        content_type="application/json", headers=headers)
    assert other.status_code == 422 and "already used for another payment" in other.json()["detail"]
    missing = client.post(f"/api/v1/accounts/{maria.pk}/payments", body, content_type="application/json",
                          headers=bearer(collector))
    assert missing.status_code == 422 and missing.json()["field"] == "Idempotency-Key"


def test_a_card_payment_is_charged_through_the_processor_by_token(client, collector, maria):
    token = FakeProcessor().tokenize_card("4242424242424242", 12, 2030, "123", "Maria Lopez").token
    response = client.post(f"/api/v1/accounts/{maria.pk}/payments",
                           {"amount_cents": 2500, "method": "card", "card_token": token, "instrument": "Visa 4242"},
                           content_type="application/json", headers=bearer(collector, **{"Idempotency-Key": "c1"}))
    assert response.status_code == 201 and response.json()["reference"].startswith("ch_")


def test_the_preview_says_where_the_money_would_go_and_posts_nothing(client, collector, maria):
    response = client.post(f"/api/v1/accounts/{maria.pk}/payments/preview", {"amount_cents": 130000, "method": "check"},
                           content_type="application/json", headers=bearer(collector))
    body = response.json()
    assert body["lines"][0]["by_bucket_cents"] == {"interest": 3550, "principal": 120000}
    assert body["credit_cents"] == 130000 - 123550 and not Payment.objects.exists()


def test_only_a_supervisor_reverses_a_payment_over_the_api(client, collector, supervisor, maria):
    posted = client.post(f"/api/v1/accounts/{maria.pk}/payments", {"amount_cents": 10000, "method": "check"},
                         content_type="application/json",
                         headers=bearer(collector, **{"Idempotency-Key": "k"})).json()
    url = f"/api/v1/payments/{posted['id']}/reversal"
    assert client.post(url, {"reason": "nsf"}, content_type="application/json",
                       headers=bearer(collector)).status_code == 403
    reversed_ = client.post(url, {"reason": "nsf", "code": "NSF"}, content_type="application/json",
                            headers=bearer(supervisor)).json()
    assert reversed_["status"] == "reversed" and reversed_["reversal"]["code"] == "NSF"


def test_the_api_s_last_payment_is_the_one_posted_here_and_falls_back_when_it_comes_back(client, collector,
                                                                                          supervisor, maria):
    placed = maria.last_payment_on
    received = timezone.localdate() - timedelta(days=3)
    posted = client.post(f"/api/v1/accounts/{maria.pk}/payments",
                         {"amount_cents": 10000, "method": "check", "received_at": f"{received.isoformat()}T10:00:00-05:00"},
                         content_type="application/json", headers=bearer(collector, **{"Idempotency-Key": "lp"})).json()
    account = client.get(f"/api/v1/accounts/{maria.pk}", headers=bearer(collector)).json()
    assert account["last_payment_on"] == received.isoformat()

    client.post(f"/api/v1/payments/{posted['id']}/reversal", {"reason": "nsf", "code": "NSF"},
                content_type="application/json", headers=bearer(supervisor))
    account = client.get(f"/api/v1/accounts/{maria.pk}", headers=bearer(collector)).json()
    assert account["last_payment_on"] == (placed.isoformat() if placed else None)


def test_an_arrangement_is_previewed_and_agreed_over_the_api(client, collector, supervisor, maria):
    offer = {"kind": "settlement", "first_due": timezone.localdate().isoformat(), "settlement_cents": 90000}
    preview = client.post(f"/api/v1/accounts/{maria.pk}/arrangements/preview", offer, content_type="application/json",
                          headers=bearer(collector)).json()
    assert preview["discount_bp"] == 2715 and "past the 20%" in preview["needs_approval_because"]

    created = client.post(f"/api/v1/accounts/{maria.pk}/arrangements", offer, content_type="application/json",
                          headers=bearer(collector))
    assert created.status_code == 201 and created.json()["status"] == "pending_approval"
    decided = client.post(f"/api/v1/arrangements/{created.json()['id']}/decision", {"approve": True},
                          content_type="application/json", headers=bearer(supervisor)).json()
    assert decided["status"] == "active" and decided["decided_by"] == "sue"
    refused = client.post(f"/api/v1/accounts/{acme_other(maria).pk}/arrangements",
                          {**offer, "settlement_cents": 10000}, content_type="application/json",
                          headers=bearer(collector))
    assert refused.status_code == 422 and "settlement floor" in refused.json()["detail"]


def acme_other(maria):
    from arrears.accounts.models import Account

    return Account.objects.exclude(pk=maria.pk).get(client=maria.client)


def test_a_client_reads_its_own_statements_and_no_one_else_s(client, acme_user, client_beta, maria, business_hours):
    from arrears.payments.actions import post_payment

    post_payment(maria, None, amount_cents=10000, method="check", idempotency_key="k1")
    business_hours.shift(timedelta(days=1))
    period = close_period(maria.client, None, ends_on=timezone.localdate() - timedelta(days=1))
    headers = bearer(acme_user)

    listed = client.get("/api/v1/remittance/acme/statements", headers=headers).json()
    assert [p["number"] for p in listed] == [period.number] and listed[0]["remitted_cents"] == 7500
    statement = client.get(f"/api/v1/remittance/acme/statements/{period.number}", headers=headers).json()
    assert statement["net_due_cents"] == 7500 and statement["lines"][0]["account_number"] == "A-1001"
    pdf = client.get(f"/api/v1/remittance/acme/statements/{period.number}/pdf", headers=headers)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    assert client.get("/api/v1/remittance/beta/statements", headers=headers).status_code == 404


def test_an_arrangement_agreed_over_the_api_is_charged_to_the_debtor_s_own_card_only(client, collector, acme_accounts):
    from arrears.payments.actions.methods import add_card

    maria, john = acme_accounts["A-1001"], acme_accounts["A-1002"]
    card = {d.pk: add_card(d, collector, number="4242424242424242", exp_month=12, exp_year=2030, cvc="123",
                           holder_name=d.display_name, authorization="agreed on the recorded call")
            for d in (maria.parties.get().debtor, john.parties.get().debtor)}
    offer = {"kind": "plan", "first_due": timezone.localdate().isoformat(), "frequency": "monthly", "count": 6,
             "channel": "card"}

    johns = client.post(f"/api/v1/accounts/{maria.pk}/arrangements",
                        {**offer, "payment_method_id": card[john.parties.get().debtor_id].pk},
                        content_type="application/json", headers=bearer(collector))
    assert johns.status_code == 422 and johns.json()["field"] == "payment_method_id"

    own = client.post(f"/api/v1/accounts/{maria.pk}/arrangements",
                      {**offer, "payment_method_id": card[maria.parties.get().debtor_id].pk},
                      content_type="application/json", headers=bearer(collector))
    assert own.status_code == 201 and own.json()["payment_method_id"] == card[maria.parties.get().debtor_id].pk
    listed = client.get(f"/api/v1/accounts/{maria.pk}/arrangements", headers=bearer(collector))
    assert [a["id"] for a in listed.json()] == [own.json()["id"]]


def test_a_split_may_name_only_the_debtor_s_own_accounts(client, collector, acme_accounts):
    """Naming another debtor's account in `split` would apply one person's money to someone else's debt."""
    maria, john = acme_accounts["A-1001"], acme_accounts["A-1002"]
    url = f"/api/v1/accounts/{maria.pk}/payments"
    body = {"amount_cents": 10000, "method": "check", "reference": "101", "split": {john.pk: 10000}}
    for path in (url, url + "/preview"):
        response = client.post(path, body, content_type="application/json",
                               headers=bearer(collector, **{"Idempotency-Key": "s1"}))
        assert response.status_code == 422, path
        assert response.json()["field"] == "split" and f"account {john.pk}" in response.json()["detail"]
    assert not Payment.objects.exists()


def test_the_same_key_with_a_different_body_is_refused_naming_what_differs(client, collector, maria):
    url = f"/api/v1/accounts/{maria.pk}/payments"
    body = {"amount_cents": 10000, "method": "check", "reference": "101", "memo": "from the CRM"}
    headers = bearer(collector, **{"Idempotency-Key": "crm-1"})
    assert client.post(url, body, content_type="application/json", headers=headers).status_code == 201
    for change, named in [({"method": "money_order"}, "method"), ({"reference": "102"}, "reference"),
                          ({"memo": "other"}, "memo"), ({"received_at": "2026-01-05T12:00:00Z"}, "received_at")]:
        response = client.post(url, {**body, **change}, content_type="application/json", headers=headers)
        assert response.status_code == 422 and named in response.json()["detail"], change
    assert Payment.objects.count() == 1
    replay = client.post(url, body, content_type="application/json", headers=headers)
    assert replay.status_code == 200 and replay["Idempotent-Replayed"] == "true"


def test_an_absurd_amount_is_refused_with_a_clear_message_never_a_500(client, collector, supervisor, maria):
    url = f"/api/v1/accounts/{maria.pk}/payments"
    for cents in (100_000_001, 10**20):
        response = client.post(url, {"amount_cents": cents, "method": "check", "reference": "1"},
                               content_type="application/json",
                               headers=bearer(collector, **{"Idempotency-Key": f"big-{cents}"}))
        assert response.status_code == 422 and response.json()["field"] == "amount", response.content
        assert "largest accepted payment ($1,000,000.00)" in response.json()["detail"]
    assert not Payment.objects.exists()
    client.force_login(supervisor)
    html = client.post(f"/accounts/{maria.pk}/adjustments", {"kind": "correction", "bucket": "principal",
                       "amount": "5,000,000.00", "reason": "typo"}, headers={"HX-Request": "true"}).content.decode()
    assert "largest accepted amount ($1,000,000.00)" in html


def test_idempotency_keys_are_the_callers_own_and_cannot_reach_another_users_or_the_systems(
        client, collector, senior, maria):
    body = {"amount_cents": 1000, "method": "check", "reference": "C-1"}
    url = f"/api/v1/accounts/{maria.pk}/payments"
    system = post_payment(maria, None, amount_cents=1000, method="check", idempotency_key="lockbox:2026-11-02:1:1",
                          reference="C-1")

    mine = client.post(url, body, content_type="application/json", headers=bearer(collector, **{"Idempotency-Key": "k-1"}))
    theirs = client.post(url, body, content_type="application/json", headers=bearer(senior, **{"Idempotency-Key": "k-1"}))
    spoof = client.post(url, body, content_type="application/json",
                        headers=bearer(collector, **{"Idempotency-Key": "lockbox:2026-11-02:1:1"}))

    assert (mine.status_code, theirs.status_code, spoof.status_code) == (201, 201, 201)
    assert len({mine.json()["id"], theirs.json()["id"], spoof.json()["id"], system.pk}) == 4
