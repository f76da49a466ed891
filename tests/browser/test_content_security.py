"""The main pages keep to the Content-Security-Policy (nothing the browser refuses to apply, so nothing looks
broken) and have their icon."""

import pytest

from arrears.payments.actions import post_payment
from tests.browser.test_collector_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded from the first byte of every page, before its own scripts and styles are applied.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
});
"""


def test_the_main_pages_trip_no_content_security_policy_and_show_their_icon(page, live_server, supervisor,
                                                                              acme_accounts):
    maria = acme_accounts["A-1001"]
    payment = post_payment(maria, supervisor, amount_cents=5000, method="check", idempotency_key="csp-1")
    page.add_init_script(LISTEN)
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    icons = []
    page.on("response", lambda r: icons.append((r.url, r.status)) if "favicon" in r.url else None)
    log_in(page, live_server, supervisor.username)

    pages = ["/", "/?q=lopez", f"/accounts/{maria.pk}/", "/payments/", "/remittance/", "/remittance/acme/",
             "/placements/", "/approvals/", "/dial-lists/", "/admin/", f"/admin/payments/payment/{payment.pk}/change/",
             "/login/"]
    seen = {}
    for path in pages:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        if path == f"/accounts/{maria.pk}/":
            page.keyboard.press("p")  # the payment form, with its live preview
            page.locator("#pay-form input[name=amount]").fill("10.00")
            page.wait_for_load_state("networkidle")
        seen[path] = page.evaluate("window.__violations")
    assert {path: v for path, v in seen.items() if v} == {}
    # the listener hears a violation when there is one: markup with an inline style is refused
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_function("window.__violations.length > 0")
    refused.clear()
    assert refused == []
    assert payment.pk  # the account screen had a payment to show

    page.goto(live_server.url + "/")
    hrefs = page.eval_on_selector_all("link[rel=icon]", "links => links.map(l => l.getAttribute('href'))")
    assert hrefs
    for href in hrefs + ["/favicon.ico"]:
        answer = page.request.get(live_server.url + href)
        assert answer.status == 200 and answer.headers["content-type"].startswith("image/"), href
    assert [status for url, status in icons if status != 200] == []  # what the browser fetched by itself
