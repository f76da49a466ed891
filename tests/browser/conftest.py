"""Playwright on Debian's chromium, against the test server. Never downloads a browser.

When /usr/bin/chromium is missing the browser tests are skipped, unless ARREARS_REQUIRE_BROWSER=1
(set by .ci/run, which installs chromium), in which case they fail.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("ARREARS_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("ARREARS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing (apt-get install -y chromium)")
        pytest.skip(f"{CHROMIUM} is missing; install Debian's chromium to run browser tests")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()



@pytest.fixture(autouse=True)
def _browser_tests_are_transactional(role_groups):
    """The live server runs in another thread, so these tests use a real (flushed) database."""
