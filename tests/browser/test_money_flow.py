import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_collector_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_collector_takes_a_check_seeing_where_it_goes_first_then_agrees_a_plan_for_the_rest(
    page, live_server, collector, acme_accounts
):
    maria = acme_accounts["A-1001"]
    log_in(page, live_server, collector.username)
    page.goto(f"{live_server.url}/accounts/{maria.pk}/")

    page.keyboard.press("p")
    form = page.locator("#pay-form")
    form.locator("select[name=method]").select_option("check")
    expect(form.locator("input[name=card_number]")).to_be_hidden()  # card fields only for a card
    form.locator("input[name=amount]").fill("100.00")
    preview = page.locator("#pay-preview")
    expect(preview).to_contain_text("$35.50")  # interest first
    expect(preview).to_contain_text("$64.50")  # then principal
    expect(preview).to_contain_text("$1,135.50")
    form.locator("input[name=reference]").fill("1042")
    form.locator("button[type=submit]").click()

    expect(page.locator("#pay-form [role=status]")).to_contain_text("Check payment of $100.00 posted")
    expect(page.locator("#account-head")).to_contain_text("$1,135.50")
    expect(page.locator("#money")).to_contain_text("Check #1042")
    expect(page.locator("#timeline")).to_contain_text("Check payment of $100.00")

    page.keyboard.press("Escape")
    page.keyboard.press("o")
    plan = page.locator("#plan-form")
    plan.locator("select[name=kind]").select_option("plan")
    plan.locator("select[name=channel]").select_option("check")
    plan.locator("input[name=count]").fill("3")
    expect(page.locator("#plan-preview")).to_contain_text("$1,135.50 in 3 payments")
    plan.locator("button[type=submit]").click()

    expect(page.locator("#plan-form [role=status]")).to_contain_text(re.compile(r"Payment plan #\d+ agreed"))
    money = page.locator("#money")
    expect(money).to_contain_text("Payment plan")
    expect(money.locator("table.schedule tbody tr")).to_have_count(3)
    expect(page.locator("#status-badge")).to_have_text("Active")
