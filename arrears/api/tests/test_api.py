import pytest
from django.core.management import call_command

from arrears.users.actions import create_api_token, revoke_api_token
from conftest import JOHN, MARIA, placement_csv

pytestmark = pytest.mark.django_db


def bearer(user, name="test"):
    _, plain = create_api_token(user, name, None)
    return {"Authorization": f"Bearer {plain}"}


def test_the_api_refuses_requests_without_a_token(client, acme_accounts):
    response = client.get("/api/v1/accounts")
    assert response.status_code == 401


def test_a_revoked_token_is_refused(client, collector, acme_accounts):
    token, plain = create_api_token(collector, "old", None)
    revoke_api_token(token, None)
    assert client.get("/api/v1/accounts", headers={"Authorization": f"Bearer {plain}"}).status_code == 401


def test_accounts_list_shows_balances_from_the_ledger(client, collector, acme_accounts):
    response = client.get("/api/v1/accounts", headers=bearer(collector))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    by_number = {item["number"]: item for item in body["items"]}
    assert by_number["A-1001"]["balance_cents"] == 123550
    assert by_number["A-1001"]["balance"] == "1235.50"
    assert by_number["A-1001"]["debtor"] == "Maria Lopez"


def test_accounts_search_and_filters(client, collector, acme_accounts):
    headers = bearer(collector)
    found = client.get("/api/v1/accounts", {"q": "smith"}, headers=headers).json()
    assert [i["number"] for i in found["items"]] == ["A-1002"]
    assert client.get("/api/v1/accounts", {"status": "new"}, headers=headers).json()["count"] == 2
    assert client.get("/api/v1/accounts", {"status": "closed"}, headers=headers).json()["count"] == 0
    bad = client.get("/api/v1/accounts", {"status": "nonsense"}, headers=headers)
    assert bad.status_code == 422 and "not a status" in bad.json()["detail"]


def test_account_detail_has_buckets_itemization_and_parties(client, collector, acme_accounts):
    account = acme_accounts["A-1001"]
    body = client.get(f"/api/v1/accounts/{account.pk}", headers=bearer(collector)).json()
    assert body["balances_cents"] == {"principal": 120000, "interest": 3550, "fees": 0, "costs": 0}
    assert body["itemization"]["basis"] == "charge_off"
    assert body["itemization"]["current_cents"] == 123550
    assert [(p["name"], p["role"]) for p in body["parties"]] == [("Maria Lopez", "primary")]


def test_debtor_detail_masks_the_ssn_and_lists_contact_points(client, collector, acme_accounts):
    debtor_id = acme_accounts["A-1001"].parties.get().debtor_id
    response = client.get(f"/api/v1/debtors/{debtor_id}", headers=bearer(collector))
    body = response.json()
    assert body["tax_id_masked"] == "***-**-6789"
    assert "123456789" not in response.content.decode() and "123-45-6789" not in response.content.decode()
    assert body["phones"][0]["e164"] == "+16025550134"
    assert body["phones"][0]["time_zones"] == ["America/Phoenix"]
    assert body["addresses"][0]["zip_code"] == "85004"


def test_a_client_user_sees_only_their_clients_accounts(client, acme_user, client_beta, place, acme_accounts):
    other = place(client_beta, "B-9,Ann,Other,,1970-01-01,,,,,,,,medical,100,0,0,2025-01-01,last_statement,,Clinic").accounts.get()
    headers = bearer(acme_user)
    numbers = [i["number"] for i in client.get("/api/v1/accounts", headers=headers).json()["items"]]
    assert sorted(numbers) == ["A-1001", "A-1002"]
    assert client.get(f"/api/v1/accounts/{other.pk}", headers=headers).status_code == 404
    other_debtor = other.parties.get().debtor_id
    assert client.get(f"/api/v1/debtors/{other_debtor}", headers=headers).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_placement_upload_is_queued_then_imported_by_the_worker(role_groups, client, supervisor, client_acme):
    headers = bearer(supervisor)
    upload = {"client": "acme", "file": _file("api.csv", placement_csv(MARIA, JOHN))}
    response = client.post("/api/v1/placements", upload, headers=headers)
    assert response.status_code == 202, response.content
    batch = response.json()
    assert batch["status"] == "queued"

    call_command("worker", batch=True, verbosity=0)

    done = client.get(f"/api/v1/placements/{batch['id']}", headers=headers).json()
    assert done["status"] == "imported"
    assert done["rows_imported"] == 2
    assert client.get("/api/v1/accounts", headers=headers).json()["count"] == 2


@pytest.mark.django_db(transaction=True)
def test_placement_upload_with_bad_rows_is_rejected_with_a_report(role_groups, client, supervisor, client_acme):
    headers = bearer(supervisor)
    bad = MARIA.replace("1200.00", "twelve")
    response = client.post("/api/v1/placements", {"client": "acme", "file": _file("bad.csv", placement_csv(bad, JOHN))},
                           headers=headers)
    call_command("worker", batch=True, verbosity=0)
    batch_id = response.json()["id"]
    done = client.get(f"/api/v1/placements/{batch_id}", headers=headers).json()
    assert done["status"] == "rejected"
    assert done["rows_imported"] == 0
    report = client.get(f"/api/v1/placements/{batch_id}/report.csv", headers=headers).content.decode()
    assert "bad.csv,2,principal,error,'twelve' is not an amount in dollars" in report
    assert client.get("/api/v1/accounts", headers=headers).json()["count"] == 0


def test_a_collector_may_not_upload_placements(client, collector, client_acme):
    response = client.post("/api/v1/placements", {"client": "acme", "file": _file("x.csv", placement_csv(MARIA))},
                           headers=bearer(collector))
    assert response.status_code == 403


def test_a_client_user_may_upload_only_for_their_own_client(client, acme_user, client_beta):
    response = client.post("/api/v1/placements", {"client": "beta", "file": _file("x.csv", placement_csv(MARIA))},
                           headers=bearer(acme_user))
    assert response.status_code == 422
    assert response.json()["field"] == "client"


def test_openapi_schema_and_docs_are_served(client, collector):
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/accounts" in schema["paths"]
    assert "/api/v1/placements" in schema["paths"]
    client.force_login(collector)
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert b"swagger-ui-bundle.js" in docs.content and b"cdn." not in docs.content


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")
