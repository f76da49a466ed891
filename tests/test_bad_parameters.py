"""A request with a parameter no one could mean (a NUL byte, an id past any integer column) is the caller's
mistake: pages answer 400 or 404 with a short message, the API answers JSON 4xx, and nothing answers 500."""

import pytest

from arrears.users.actions import create_api_token

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


def bearer(user):
    _, plain = create_api_token(user, "probe", None)
    return {"Authorization": f"Bearer {plain}"}


def test_a_nul_byte_in_the_search_is_a_400_with_a_plain_message(client, collector, acme_accounts):
    client.force_login(collector)
    answer = client.get("/search?q=Lo%00pez")
    assert answer.status_code == 400
    assert answer["Content-Type"].startswith("text/plain")
    assert b"NUL" in answer.content


def test_a_nul_byte_in_a_posted_form_is_a_400(client, collector, acme_accounts):
    client.force_login(collector)
    account = acme_accounts["A-1001"]
    answer = client.post(f"/accounts/{account.pk}/notes", {"text": "hello\x00there"})
    assert answer.status_code == 400


@pytest.mark.parametrize("url", [
    f"/accounts/{HUGE}/",
    f"/accounts/{HUGE}/decisions/1/",
    "/accounts/{pk}/decisions/" + HUGE + "/",
    f"/accounts/{HUGE}/payments/1/receipt.pdf",
    f"/placements/{HUGE}/",
    f"/placements/{HUGE}/report.csv",
    f"/payments/ach/{HUGE}",
    f"/dial-lists/{HUGE}.csv",
    f"/remittance/acme/{HUGE}.pdf",
])
def test_a_huge_id_in_a_page_address_is_a_404(client, admin_user, acme_accounts, url):
    client.force_login(admin_user)
    answer = client.get(url.replace("{pk}", str(acme_accounts["A-1001"].pk)))
    assert answer.status_code == 404


@pytest.mark.parametrize("url", [
    f"/approvals/{HUGE}",
    f"/accounts/{HUGE}/notes",
    "/accounts/{pk}/payments/" + HUGE + "/reverse",
    "/accounts/{pk}/restrictions/" + HUGE + "/end",
    f"/payments/unapplied/{HUGE}",
])
def test_a_huge_id_in_a_form_address_is_a_404(client, admin_user, acme_accounts, url):
    client.force_login(admin_user)
    answer = client.post(url.replace("{pk}", str(acme_accounts["A-1001"].pk)), {"text": "x", "reason": "nsf"})
    assert answer.status_code == 404


@pytest.mark.parametrize("method,url", [
    ("get", f"/api/v1/accounts/{HUGE}"),
    ("get", f"/api/v1/debtors/{HUGE}"),
    ("get", f"/api/v1/payments/{HUGE}"),
    ("get", f"/api/v1/accounts/{HUGE}/payments"),
    ("get", f"/api/v1/arrangements/{HUGE}"),
    ("get", f"/api/v1/placements/{HUGE}"),
    ("get", f"/api/v1/remittance/acme/statements/{HUGE}"),
    ("get", "/api/v1/accounts?q=Lo%00pez"),
    ("get", "/api/v1/accounts?status=new%00"),
    ("post", f"/api/v1/accounts/{HUGE}/payments/preview"),
    ("post", f"/api/v1/payments/{HUGE}/reversal"),
])
def test_the_api_answers_bad_parameters_with_json_4xx(client, admin_user, acme_accounts, method, url):
    headers = bearer(admin_user)
    if method == "get":
        answer = client.get(url, headers=headers)
    else:
        answer = client.post(url, {"amount_cents": 100, "method": "cash", "reason": "x"},
                             content_type="application/json", headers=headers)
    assert answer.status_code in (400, 404, 422), answer.content[:300]
    assert answer["Content-Type"].startswith("application/json")
    assert "detail" in answer.json()


def test_the_api_refuses_a_nul_byte_in_a_json_body_and_posts_nothing(client, admin_user, acme_accounts):
    account = acme_accounts["A-1001"]
    headers = {**bearer(admin_user), "Idempotency-Key": "nul-1"}
    url = f"/api/v1/accounts/{account.pk}/payments"
    answer = client.post(url, {"amount_cents": 100, "method": "cash", "memo": "paid\x00"},
                         content_type="application/json", headers=headers)
    assert answer.status_code == 400, answer.content[:300]
    assert answer["Content-Type"].startswith("application/json") and "NUL" in answer.json()["detail"]
    assert client.get(url, headers=headers).json() == []


def test_the_sign_in_page_refuses_a_nul_byte(client, collector):
    answer = client.post("/login/", {"username": "carla\x00", "password": "x"})
    assert answer.status_code == 400


def test_the_api_refuses_a_json_body_nested_past_reason_with_a_400(client, admin_user, acme_accounts):
    account = acme_accounts["A-1001"]
    body = '{"amount_cents": 100, "method": "cash", "split": ' + "[" * 100_000 + "]" * 100_000 + "}"
    answer = client.post(f"/api/v1/accounts/{account.pk}/payments/preview", body, content_type="application/json",
                         headers=bearer(admin_user))
    assert answer.status_code == 400 and "nested" in answer.json()["detail"]
