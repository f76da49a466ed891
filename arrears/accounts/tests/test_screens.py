"""The collector's pages through HTTP, as a browser without JavaScript (or htmx) would send them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from arrears.accounts.models import Status
from arrears.contacts.models import ContactAttempt
from arrears.debtors.models import Address
from conftest import JOHN, MARIA, placement_csv

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_pages_need_a_login(client, acme_accounts):
    response = client.get(f"/accounts/{acme_accounts['A-1001'].pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_search_finds_by_name_and_the_page_lists_balances(client, collector, acme_accounts):
    client.force_login(collector)
    page = client.get("/", {"q": "Lopez"}).content.decode()
    assert "A-1001" in page and "A-1002" not in page
    assert "$1,235.50" in page
    fragment = client.get("/search", {"q": "212 555 0199"}, headers=HTMX).content.decode()
    assert "A-1002" in fragment and "<html" not in fragment


def test_account_screen_shows_masked_personal_data_and_a_strict_csp(client, collector, acme_accounts):
    client.force_login(collector)
    response = client.get(f"/accounts/{acme_accounts['A-1001'].pk}/")
    page = response.content.decode()
    assert "***-**-6789" in page and "123-45-6789" not in page and "123456789" not in page
    assert "**/**/1980" in page and "1980-04-02" not in page
    assert "America/Phoenix" in page  # the phone's zone, with the local time beside it
    assert "Owed at placement" in page and "$1,235.50" in page
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]


def test_logging_a_call_returns_the_updated_fragments(client, collector, acme_accounts):
    account = acme_accounts["A-1001"]
    phone = account.parties.get().debtor.phone_set.get(e164="+16025550134")
    client.force_login(collector)
    response = client.post(f"/accounts/{account.pk}/calls", {"phone": phone.pk, "result": "voicemail", "note": "no msg"},
                           headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="timeline" class="panel" hx-swap-oob="true"' in html
    assert "Voicemail, no message left" in html
    attempt = ContactAttempt.objects.get(account=account)
    assert (attempt.result, attempt.phone_id, attempt.by_id) == ("voicemail", phone.pk, collector.pk)


def test_a_call_to_another_debtors_phone_is_refused(client, collector, acme_accounts):
    other_phone = acme_accounts["A-1002"].parties.get().debtor.phone_set.get()
    client.force_login(collector)
    response = client.post(f"/accounts/{acme_accounts['A-1001'].pk}/calls",
                           {"phone": other_phone.pk, "result": "no_answer"}, headers=HTMX)
    assert "Select a valid choice" in response.content.decode()
    assert not ContactAttempt.objects.exists()


def test_a_collector_cannot_change_status_but_a_senior_collector_can(client, collector, senior, acme_accounts):
    account = acme_accounts["A-1001"]
    client.force_login(collector)
    assert client.post(f"/accounts/{account.pk}/status", {"status": "disputed", "reason": "x"}).status_code == 403
    client.force_login(senior)
    response = client.post(f"/accounts/{account.pk}/status", {"status": "disputed", "reason": "written dispute received"},
                           headers=HTMX)
    assert "Status changed." in response.content.decode()
    account.refresh_from_db()
    assert account.status == Status.DISPUTED


def test_a_status_the_lifecycle_does_not_allow_is_not_offered(client, senior, acme_accounts):
    account = acme_accounts["A-1001"]
    client.force_login(senior)
    client.post(f"/accounts/{account.pk}/status", {"status": "closed", "reason": "client recall"}, headers=HTMX)
    response = client.post(f"/accounts/{account.pk}/status", {"status": "active", "reason": "reopen"}, headers=HTMX)
    assert "cannot change status" in response.content.decode()


def test_an_address_change_keeps_the_old_one_in_the_history(client, collector, acme_accounts):
    account = acme_accounts["A-1002"]
    old = Address.objects.get(debtor__parties__account=account)
    client.force_login(collector)
    response = client.post(f"/accounts/{account.pk}/contact/address", {
        "debtor": old.debtor_id, "line1": "9 Harbor Rd", "city": "Seattle", "state": "WA", "zip_code": "98101",
        "source": "debtor", "replaces": old.pk, "reason": "debtor moved"}, headers=HTMX)
    assert "Address saved." in response.content.decode()
    old.refresh_from_db()
    assert (old.active, old.ended_reason) == (False, "debtor moved")
    new = Address.objects.get(debtor=old.debtor, active=True)
    assert new.time_zones == ["America/Los_Angeles"]


def test_an_address_change_without_a_reason_is_refused(client, collector, acme_accounts):
    account = acme_accounts["A-1002"]
    old = Address.objects.get(debtor__parties__account=account)
    client.force_login(collector)
    response = client.post(f"/accounts/{account.pk}/contact/address", {
        "debtor": old.debtor_id, "line1": "9 Harbor Rd", "city": "Seattle", "state": "WA", "zip_code": "98101",
        "source": "debtor", "replaces": old.pk, "reason": ""}, headers=HTMX)
    assert "say why it changed" in response.content.decode()
    assert Address.objects.filter(debtor=old.debtor, active=True).get() == old


def test_a_client_user_can_read_but_not_work_an_account(client, acme_user, acme_accounts):
    account = acme_accounts["A-1001"]
    phone = account.parties.get().debtor.phone_set.first()
    client.force_login(acme_user)
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    assert "Maria Lopez" in page and 'id="call-form"' not in page
    assert client.post(f"/accounts/{account.pk}/calls", {"phone": phone.pk, "result": "no_answer"}).status_code == 404


def test_posts_without_a_csrf_token_are_refused(collector, acme_accounts):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(collector)
    response = browser.post(f"/accounts/{acme_accounts['A-1001'].pk}/notes", {"text": "hello"})
    assert response.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_upload_page_queues_the_file_and_the_worker_imports_it(role_groups, client, supervisor, client_acme):
    client.force_login(supervisor)
    upload = SimpleUploadedFile("march.csv", placement_csv(MARIA, JOHN.replace("1000.00", "lots")), content_type="text/csv")
    response = client.post("/placements/", {"client": "acme", "file": upload, "skip_bad_rows": "on"})
    assert response.status_code == 302
    batch_url = response["Location"]
    assert "Waiting for the worker" in client.get(batch_url).content.decode()

    call_command("worker", batch=True, verbosity=0)

    page = client.get(batch_url).content.decode()
    assert "1 accounts imported, 1 bad rows skipped" in page
    report = client.get(batch_url + "report.csv")
    assert report["Content-Disposition"] == 'attachment; filename="march-report.csv"'
    assert "march.csv,3,principal,error,'lots' is not an amount in dollars" in report.content.decode()


def test_a_collector_cannot_open_the_upload_page(client, collector):
    client.force_login(collector)
    assert client.get("/placements/").status_code == 403


def test_financial_status_is_recorded_shown_and_audited(client, collector, acme_accounts):
    from arrears.audit.models import AuditEvent

    account = acme_accounts["A-1001"]
    debtor = account.parties.get().debtor
    client.force_login(collector)
    response = client.post(f"/accounts/{account.pk}/contact/financial",
                           {"debtor": debtor.pk, "notes": "Laid off in May; new job starts in January"}, headers=HTMX)
    html = response.content.decode()
    assert "Financial status saved." in html
    assert "Laid off in May" in html  # the debtor panel, swapped out of band
    event = AuditEvent.objects.get(action="debtor.financial_status")
    assert (event.before, event.actor_label) == ({"financial_notes": ""}, collector.username)


def test_a_refused_page_says_so_in_the_products_layout(client, collector):
    client.force_login(collector)
    response = client.get("/placements/")
    assert response.status_code == 403
    assert "Your role does not allow this" in response.content.decode()
    missing = client.get("/accounts/999999/")
    assert missing.status_code == 404 and "not one you may see" in missing.content.decode()


def test_search_results_name_co_obligors(client, collector, client_acme, place):
    header = "account_number,first_name,last_name,co_first_name,co_last_name,principal,itemization_date,itemization_basis"
    place(client_acme, "J-1,Jack,Peterson,Maria,Garcia,500,2025-01-01,last_statement", header=header)
    client.force_login(collector)
    page = client.get("/", {"q": "garcia"}).content.decode()
    assert "Jack Peterson" in page and "with Maria Garcia" in page


def test_paid_in_full_or_settled_is_refused_while_a_balance_remains(client, senior, acme_accounts):
    """A status that contradicts the ledger would stop collection on money still owed and tell the client so."""
    account = acme_accounts["A-1001"]
    client.force_login(senior)
    for status in ("paid_in_full", "settled"):
        html = client.post(f"/accounts/{account.pk}/status", {"status": status, "reason": "debtor says so"},
                           headers=HTMX).content.decode()
        assert "the account still owes $1,235.50" in html, status
        account.refresh_from_db()
        assert account.status == Status.NEW
