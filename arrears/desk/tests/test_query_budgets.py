"""Every page and fragment post of the account screen stays within its query budget: a fragment post
builds only the partials it answers with, so it costs less than the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arrears.arrangements.forms import EXPENSE_LINES, INCOME_LINES
from arrears.arrangements.models import FinancialStatement
from arrears.compliance.actions import log_contact

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}

PAGE_BUDGET = 35


@pytest.fixture
def worked(acme_accounts, supervisor):
    """Maria's account with a call on it, and a supervisor (who sees every panel) logged in."""
    account = acme_accounts["A-1001"]
    phone = account.parties.get().debtor.phone_set.get()
    log_contact(account, supervisor, channel="call_outbound", result="no_answer", phone=phone)
    return account, phone


def count(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    return len(queries.captured_queries), response


def test_the_account_screen_stays_within_its_budget(client, supervisor, worked):
    account, _ = worked
    client.force_login(supervisor)
    client.get(f"/accounts/{account.pk}/")  # the session and permissions, once
    used, response = count(lambda: client.get(f"/accounts/{account.pk}/"))
    assert response.status_code == 200
    assert used <= PAGE_BUDGET, f"the account screen ran {used} queries (budget {PAGE_BUDGET})"


# The budget form as a browser posts it: every line's period, one amount filled in.
EVERY_LINE_MONTHLY = {f"{group}_{i}_per": "month" for group, labels in (("income", INCOME_LINES), ("expense", EXPENSE_LINES))
                      for i in range(len(labels))}

POSTS = [  # (what, path under the account, form data, budget)
    ("note", "notes", {"text": "Debtor asked for a call back"}, 14),
    ("empty note", "notes", {"text": ""}, 6),
    ("status change", "status", {"status": "legal", "reason": "referred to counsel"}, 22),
    ("payment preview", "payments/preview", {"amount": "10.00", "method": "check"}, 10),
    ("refused payment", "payments", {"amount": "", "method": "check", "idempotency_key": "k-1"}, 10),
    ("budget", "budget", {**EVERY_LINE_MONTHLY, "income_0_amount": "2000"}, 20),  # writes it, answers 3 partials
    ("refused restriction", "restrictions", {"kind": "attorney"}, 10),
]


@pytest.mark.parametrize("what, path, data, budget", POSTS, ids=[p[0] for p in POSTS])
def test_a_fragment_post_stays_within_its_budget_and_under_the_page(client, supervisor, worked, what, path, data,
                                                                    budget):
    account, _ = worked
    client.force_login(supervisor)
    client.get(f"/accounts/{account.pk}/")
    used, response = count(lambda: client.post(f"/accounts/{account.pk}/{path}", data, headers=HTMX))
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert used <= budget < PAGE_BUDGET, f"{what} ran {used} queries (budget {budget})"
    if what == "budget":  # the post measured is one that records the budget
        assert FinancialStatement.objects.filter(debtor__parties__account=account).exists()


def test_logging_a_call_or_changing_contact_data_stays_within_its_budget(client, supervisor, worked):
    """These answer with the parties and the compliance panel again, which the engine decides afresh for
    every contact point; the write itself goes through the engine too."""
    account, phone = worked
    client.force_login(supervisor)
    client.get(f"/accounts/{account.pk}/")
    used, response = count(lambda: client.post(f"/accounts/{account.pk}/calls",
                                               {"phone": phone.pk, "result": "no_answer"}, headers=HTMX))
    assert response.status_code == 200 and "Call logged." in response.content.decode()
    assert used <= 48, f"logging a call ran {used} queries"
    used, response = count(lambda: client.post(
        f"/accounts/{account.pk}/contact/phone",
        {"debtor": phone.debtor_id, "number": "(602) 555-0177", "kind": "mobile", "source": "debtor"}, headers=HTMX))
    assert response.status_code == 200 and "Phone saved." in response.content.decode()
    assert used <= 32, f"adding a phone ran {used} queries"
