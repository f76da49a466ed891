import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/$"))
    page.wait_for_load_state()  # the URL changes before the page's scripts run; keys pressed earlier are lost


def test_collector_searches_opens_an_account_logs_a_call_and_sees_it_on_the_timeline(
    page, live_server, collector, acme_accounts, tmp_path
):
    log_in(page, live_server, collector.username)

    page.keyboard.press("/")
    page.keyboard.type("lopez")
    results = page.locator("#results table.results tbody tr[data-href]")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("A-1001")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/\d+/$"))
    page.wait_for_load_state()
    expect(page.locator("#account-head")).to_contain_text("Maria Lopez")
    expect(page.locator("#account-head")).to_contain_text("$1,235.50")
    expect(page.locator("#status-badge")).to_have_text("New")

    page.keyboard.press("c")
    page.select_option("#call-form select[name=result]", label="Conversation with right party")
    page.fill("#call-form textarea[name=note]", "Debtor will call back Friday with a payment date")
    page.click("#call-form button[type=submit]")

    expect(page.locator("#call-form [role=status]")).to_have_text("Call logged.")
    first_item = page.locator("#timeline li").first
    expect(first_item).to_contain_text("Outbound call — Conversation with right party")
    expect(first_item).to_contain_text("Debtor will call back Friday")
    expect(page.locator("#status-badge")).to_have_text("Active")  # the first attempt puts a new account to work
    page.screenshot(path=str(tmp_path / "account-after-call.png"), full_page=True)

    page.reload()  # what the page showed came from the database, not only from the browser
    expect(page.locator("#timeline li").first).to_contain_text("Conversation with right party")


def test_an_address_change_keeps_the_old_address_in_the_history(page, live_server, collector, acme_accounts):
    log_in(page, live_server, collector.username)
    page.goto(f"{live_server.url}/accounts/{acme_accounts['A-1002'].pk}/")
    page.keyboard.press("a")
    form = page.locator("#address-form")
    form.locator("input[name=line1]").fill("9 Harbor Rd")
    form.locator("input[name=city]").fill("Seattle")
    form.locator("select[name=state]").select_option("WA")
    form.locator("input[name=zip_code]").fill("98101")
    form.locator("select[name=replaces]").select_option(index=1)
    form.locator("input[name=reason]").fill("debtor moved")
    form.locator("button[type=submit]").click()

    expect(page.locator("#address-form [role=status]")).to_have_text("Address saved.")
    parties = page.locator("#parties")
    expect(parties).to_contain_text("9 Harbor Rd")
    expect(parties).to_contain_text("PST")  # Seattle's local time is shown in its zone
    parties.locator("details summary", has_text="Address history").click()
    expect(parties.locator("details")).to_contain_text("45 Elm St")
    expect(page.locator("#timeline")).to_contain_text("Address changed to 9 Harbor Rd")


def test_a_client_user_cannot_open_another_clients_account(page, live_server, acme_user, client_beta, place):
    batch = place(client_beta, "B-1,Ann,Other,,1970-01-01,,,,,,,,medical,100,0,0,2025-01-01,last_statement,,Clinic")
    other = batch.accounts.get()
    log_in(page, live_server, acme_user.username)
    response = page.goto(f"{live_server.url}/accounts/{other.pk}/")
    assert response.status == 404
