"""The account screen in a browser: refusals said where they are seen, search and the keyboard help from
any page, and a layout that fits a 1280 px screen."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from arrears.users import roles

from .test_collector_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_account(page, live_server, account):
    page.goto(f"{live_server.url}/accounts/{account.pk}/")
    page.wait_for_load_state()


def test_a_change_the_server_refuses_says_so_at_the_top_of_the_screen(page, live_server, senior, acme_accounts):
    account = acme_accounts["A-1001"]
    log_in(page, live_server, senior.username)
    open_account(page, live_server, account)
    page.click("[data-tab=status]")
    page.fill("#status-form input[name=reason]", "referred to counsel")
    senior.groups.set([Group.objects.get(name=roles.COLLECTOR)])  # the role is taken away in the back office

    page.click("#status-form button[type=submit]")

    refusal = page.locator("#refusal")
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text("Your role does not allow this")
    expect(refusal).to_contain_text("senior collector")


def test_search_as_you_type_works_on_the_account_screen(page, live_server, collector, acme_accounts):
    log_in(page, live_server, collector.username)
    open_account(page, live_server, acme_accounts["A-1001"])

    page.keyboard.press("/")
    page.keyboard.type("smith")

    results = page.locator("#results table.results tbody tr[data-href]")
    expect(results).to_have_count(1)
    expect(results.first).to_be_visible()
    expect(results.first).to_contain_text("A-1002")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/accounts/{acme_accounts['A-1002'].pk}/$"))
    expect(page.locator("#account-head")).to_contain_text("John Smith")


def test_question_mark_shows_the_keyboard_help_on_the_account_screen(page, live_server, collector, acme_accounts):
    log_in(page, live_server, collector.username)
    open_account(page, live_server, acme_accounts["A-1001"])
    help = page.locator("#keys-help")
    expect(help).to_be_hidden()

    page.keyboard.press("?")

    expect(help).to_be_visible()
    expect(help).to_contain_text("log a call")
    page.keyboard.press("Escape")
    expect(help).to_be_hidden()


