"""The account screen in a browser: refusals said where they are seen, search and the keyboard help from
any page, and a layout that fits a 1280 px screen."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from arrears.compliance.actions import log_contact, record_restriction
from arrears.users import roles
from arrears.users.actions import create_user
from conftest import PASSWORD

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


def busy(account, actor):
    """An account with a week of calls, a restriction and a note: a full screen."""
    phone = account.parties.get().debtor.phone_set.get()
    now = timezone.now()
    for days_ago in (6, 5, 4, 3, 2, 1, 0):
        log_contact(account, actor, channel="call_outbound", result="no_answer", phone=phone,
                    occurred_at=now - timedelta(days=days_ago, minutes=30), note="left a voicemail with our number")
    record_restriction(phone.debtor, actor, kind="medium_opt_out", received_at=now - timedelta(days=1),
                       received_via="phone", details={"medium": "email"}, evidence="said no emails, only calls")


def test_the_decisions_table_fits_the_screen_at_1280_px(browser, live_server, role_groups, acme_accounts):
    account = acme_accounts["A-1001"]
    supervisor = create_user("alexandra.richardson-whitfield", PASSWORD, roles.SUPERVISOR, None)
    busy(account, supervisor)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        log_in(page, live_server, supervisor.username)
        open_account(page, live_server, account)
        page.click("#call-form button[type=submit]")  # an eighth call: refused, then overridden
        page.select_option("#call-form select[name=override_factor]", index=1)
        page.fill("#call-form textarea[name=override_reason]", "She asked us to call back today with the payoff.")
        page.click("#call-form button[type=submit]")
        expect(page.locator("#call-form [role=status]")).to_have_text("Call logged.")
        table = page.locator("#compliance table.decisions")
        expect(table).to_contain_text("overridden")

        fits = table.evaluate("t => ({table: t.scrollWidth, box: t.parentElement.clientWidth})")
        # No cell is broken into a column of letters: each is at most three lines tall.
        tallest = table.evaluate("""t => Math.max(...[...t.querySelectorAll('td')].map(
            c => c.getBoundingClientRect().height / parseFloat(getComputedStyle(c).lineHeight || 16)))""")
        page_width = page.evaluate("() => ({page: document.documentElement.scrollWidth, window: innerWidth})")
    finally:
        context.close()
    assert fits["table"] <= fits["box"], fits
    assert page_width["page"] <= page_width["window"], page_width
    assert tallest <= 3.5, tallest
