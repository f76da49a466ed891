"""One creditor's data stays that creditor's.

Maria Lopez owes Acme and Beta: both placed her with the same SSN, so the agency works one debtor. Acme sent
"Maria Lopez" with one phone, email and address; Beta sent "Mary Lopes" with the same phone and its own email
and address. The agency's collectors then found a number through a skip-trace vendor, the debtor gave a
number while her Beta account was worked, and her financial situation was noted. Each client's user sees
only what its own placements and accounts supplied; the agency's staff see everything.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from arrears.accounts.queries import search_accounts
from arrears.compliance.actions import log_contact, record_restriction
from arrears.contacts.actions import add_note
from arrears.debtors import actions as debtor_actions
from arrears.desk.tests.test_query_budgets import PAGE_BUDGET
from arrears.payments.actions import post_payment
from arrears.users import roles
from arrears.users.actions import create_api_token, create_user
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

HEADER = ("account_number,first_name,last_name,ssn,dob,phone,phone_type,phone_autodialer_consent,email,"
          "email_consent,address1,city,state,zip,principal,itemization_date,itemization_basis")
ACME_ROW = ("A-1001,Maria,Lopez,123-45-6789,1980-04-02,(602) 555-0134,mobile,Y,maria@acme-mail.example,Y,"
            "12 Main St,Phoenix,AZ,85004,1200.00,2025-06-30,charge_off")
BETA_ROW = ("B-9001,Mary,Lopes,123-45-6789,1980-04-02,(602) 555-0134,mobile,N,mary@beta-mail.example,N,"
            "99 Oak St,Tempe,AZ,85281,300.00,2025-05-01,last_statement")
SKIP_TRACED = "(480) 555-0161"
GIVEN_TO_BETA = "(623) 555-0177"
FINANCIAL = "Laid off in March; rent is 1400 a month"


@pytest.fixture
def shared(client_acme, client_beta, place, collector):
    acme = place(client_acme, ACME_ROW, header=HEADER, file_name="acme.csv")
    beta = place(client_beta, BETA_ROW, header=HEADER, file_name="beta.csv")
    assert acme.status == beta.status == "imported", (acme.report_csv, beta.report_csv)
    a, b = acme.accounts.get(), beta.accounts.get()
    maria = a.parties.get().debtor
    assert b.parties.get().debtor == maria  # one person to the agency

    staff = HttpClient()
    staff.force_login(collector)
    # The collector works Acme's account: a skip-traced number, a note and a call.
    assert staff.post(f"/accounts/{a.pk}/contact/phone", {"debtor": maria.pk, "number": SKIP_TRACED,
                                                          "kind": "mobile", "source": "skip_trace"}).status_code == 200
    add_note(a, "Acme-only note: promised to call back", collector)
    log_contact(a, collector, channel="call_outbound", result="no_answer", phone=maria.phone_set.get(e164="+16025550134"))
    # ... and Beta's: the debtor gives a new number; then her financial situation is noted.
    assert staff.post(f"/accounts/{b.pk}/contact/phone", {"debtor": maria.pk, "number": GIVEN_TO_BETA,
                                                          "kind": "mobile", "source": "debtor"}).status_code == 200
    add_note(b, "Beta note: asked for an itemized bill", collector)
    debtor_actions.record_financial_status(maria, FINANCIAL, collector)
    return {"A": a, "B": b, "maria": maria}


@pytest.fixture
def beta_user(client_beta):
    return create_user("beta-viewer", PASSWORD, roles.CLIENT_USER, None, client=client_beta)


def browser(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def api(user) -> HttpClient:
    _, plain = create_api_token(user, "scoping", None)
    return HttpClient(headers={"Authorization": f"Bearer {plain}"})


def page(user, account) -> str:
    response = browser(user).get(f"/accounts/{account.pk}/")
    assert response.status_code == 200
    return response.content.decode()


# --- the account screen ---------------------------------------------------------------------------------------


def test_a_client_user_sees_the_name_its_own_placement_sent(shared, acme_user, beta_user):
    beta_page = page(beta_user, shared["B"])
    acme_page = page(acme_user, shared["A"])

    assert "Mary Lopes" in beta_page and "Maria Lopez" not in beta_page
    assert "Maria Lopez" in acme_page and "Mary Lopes" not in acme_page


def test_a_client_user_sees_only_the_contact_data_its_own_placements_supplied(shared, acme_user, beta_user):
    beta_page = page(beta_user, shared["B"])
    acme_page = page(acme_user, shared["A"])

    # Beta sent the number Acme had already sent: Beta still sees the number it sent.
    assert "(602) 555-0134" in beta_page and "(602) 555-0134" in acme_page
    assert "mary@beta-mail.example" in beta_page and "99 Oak St" in beta_page
    assert "maria@acme-mail.example" not in beta_page and "12 Main St" not in beta_page
    assert "maria@acme-mail.example" in acme_page and "12 Main St" in acme_page
    assert "mary@beta-mail.example" not in acme_page and "99 Oak St" not in acme_page
    # The number the debtor gave while Beta's account was worked is Beta's; Acme never sees it.
    assert GIVEN_TO_BETA in beta_page and GIVEN_TO_BETA not in acme_page


def test_no_client_user_sees_skip_traced_numbers_or_the_debtors_financial_notes(shared, acme_user, beta_user,
                                                                                collector):
    for user, account in ((acme_user, shared["A"]), (beta_user, shared["B"])):
        text = page(user, account)
        assert SKIP_TRACED not in text
        assert FINANCIAL not in text
    staff_page = page(collector, shared["A"])
    assert SKIP_TRACED in staff_page and FINANCIAL in staff_page and GIVEN_TO_BETA in staff_page


def test_a_client_users_timeline_has_only_its_own_accounts_events(shared, acme_user, beta_user, collector):
    beta_page = page(beta_user, shared["B"])
    acme_page = page(acme_user, shared["A"])

    assert "Beta note: asked for an itemized bill" in beta_page
    assert "Acme-only note" not in beta_page and "No answer" not in beta_page
    assert "Acme-only note" in acme_page and "No answer" in acme_page
    assert "Beta note" not in acme_page
    # Events filed only on the debtor (a phone added, the financial status) are the agency's own.
    for text in (beta_page, acme_page):
        assert "Financial status" not in text and "added (from" not in text
    staff_page = page(collector, shared["B"])
    assert "Financial status" in staff_page


def test_a_client_users_screen_never_shows_the_other_creditors_account(shared, acme_user, beta_user, collector):
    beta_page = page(beta_user, shared["B"])

    assert "A-1001" not in beta_page and "Acme" not in beta_page
    assert "Linked accounts (0)" in beta_page
    assert "Linked accounts (1)" in page(collector, shared["B"])


def test_the_consents_shown_on_an_account_are_its_own_clients(shared, collector):
    # Acme's placement gave autodialer consent and email consent; Beta's did not.
    assert "autodialer ok" in page(collector, shared["A"])
    assert "autodialer ok" not in page(collector, shared["B"])


def test_another_clients_account_screen_is_not_found(shared, acme_user, beta_user):
    assert browser(beta_user).get(f"/accounts/{shared['A'].pk}/").status_code == 404
    assert browser(acme_user).get(f"/accounts/{shared['B'].pk}/").status_code == 404


# --- the API --------------------------------------------------------------------------------------------------


def test_the_api_debtor_shows_a_client_user_only_its_own_data(shared, beta_user):
    body = api(beta_user).get(f"/api/v1/debtors/{shared['maria'].pk}").json()

    assert (body["name"], body["first_name"], body["last_name"]) == ("Mary Lopes", "Mary", "Lopes")
    assert {p["e164"] for p in body["phones"]} == {"+16025550134", "+16235550177"}
    assert [e["address"] for e in body["emails"]] == ["mary@beta-mail.example"]
    assert [a["line1"] for a in body["addresses"]] == ["99 Oak St"]
    assert body["account_ids"] == [shared["B"].pk]
    # The number both sent carries Beta's consents (none), not Acme's.
    [shared_phone] = [p for p in body["phones"] if p["e164"] == "+16025550134"]
    assert shared_phone["consent_autodialer"] is False
    assert "financial_notes" not in body


def test_the_api_account_shows_a_client_user_the_as_placed_name_and_no_linked_accounts(shared, beta_user, collector):
    body = api(beta_user).get(f"/api/v1/accounts/{shared['B'].pk}").json()

    assert body["debtor"] == "Mary Lopes"
    assert [p["name"] for p in body["parties"]] == ["Mary Lopes"]
    assert body["linked_account_ids"] == []
    staff = api(collector).get(f"/api/v1/accounts/{shared['B'].pk}").json()
    assert staff["linked_account_ids"] == [shared["A"].pk]


def test_the_api_answers_not_found_for_the_other_clients_account_and_a_debtor_it_never_placed(
        shared, acme_user, client_beta, place):
    olga = place(client_beta, "B-9002,Olga,Ivanova,234-56-7891,1969-12-01,(718) 555-0142,landline,N,,N,"
                              "5 Bay St,Brooklyn,NY,11201,75.00,2025-05-01,last_statement", header=HEADER)
    olga_id = olga.accounts.get().parties.get().debtor_id
    http = api(acme_user)

    assert http.get(f"/api/v1/accounts/{shared['B'].pk}").status_code == 404
    assert http.get(f"/api/v1/debtors/{olga_id}").status_code == 404


def test_the_api_account_list_shows_a_client_user_its_own_name_for_the_debtor(shared, beta_user):
    body = api(beta_user).get("/api/v1/accounts").json()

    assert [(i["number"], i["debtor"]) for i in body["items"]] == [("B-9001", "Mary Lopes")]


# --- search ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "found"), [
    ("Lopes", {"B-9001"}),
    ("Mary Lopes", {"B-9001"}),
    ("Maria Lopez", set()),  # Acme's name for her
    ("lopez", set()),
    ("maria@acme-mail.example", set()),  # Acme's email
    ("mary@beta-mail.example", {"B-9001"}),
    (SKIP_TRACED, set()),
    (GIVEN_TO_BETA, {"B-9001"}),
    ("(602) 555-0134", {"B-9001"}),
    ("6789", {"B-9001"}),
])
def test_a_client_users_search_matches_only_what_it_supplied(shared, beta_user, text, found):
    rows = search_accounts(beta_user, text)

    assert {r.number for r in rows} == found
    assert all(r.debtor_name == "Mary Lopes" for r in rows)


@pytest.mark.parametrize(("text", "found"), [
    ("Maria Lopez", {"A-1001", "B-9001"}),
    ("Mary Lopes", {"B-9001"}),  # the account placed under that name; its linked accounts show the rest
    (SKIP_TRACED, {"A-1001", "B-9001"}),
])
def test_staff_search_finds_the_debtor_by_any_name_or_number_on_file(shared, collector, text, found):
    assert {r.number for r in search_accounts(collector, text)} == found


def test_the_search_page_shows_a_client_user_its_own_name_for_the_debtor(shared, beta_user):
    text = browser(beta_user).get("/search", {"q": "Lopes"}).content.decode()

    assert "Mary Lopes" in text and "Maria Lopez" not in text and "A-1001" not in text


# --- exports --------------------------------------------------------------------------------------------------


def test_a_client_users_remittance_statement_names_the_debtor_as_it_placed_her(shared, beta_user, business_hours):
    post_payment(shared["B"], None, amount_cents=5000, method="check", idempotency_key="beta-1")
    business_hours.shift(timedelta(days=1))

    body = api(beta_user).get("/api/v1/remittance/beta/open").json()

    assert [(line["account_number"], line["debtor_name"]) for line in body["lines"]] == [("B-9001", "Mary Lopes")]


def test_a_client_user_never_sees_the_other_creditors_consents_or_restrictions(shared, beta_user, collector,
                                                                               client_acme):
    record_restriction(shared["maria"], collector, kind="third_party_consent", received_at=timezone.now(),
                       received_via="phone", evidence="Acme call: may speak with her sister Ana",
                       client=client_acme, details={"person": "Ana Lopez"})
    record_restriction(shared["maria"], collector, kind="medium_opt_out", received_at=timezone.now(),
                       received_via="phone", evidence="Acme call: no calls to the number the vendor found",
                       client=client_acme, phone=shared["maria"].phone_set.get(e164="+14805550161"),
                       details={"medium": "call"})

    assert "may speak with her sister" not in page(beta_user, shared["B"])
    assert "may speak with her sister" in page(collector, shared["A"])
    assert "the number the vendor found" not in page(beta_user, shared["B"])


def test_a_client_users_account_screen_stays_within_the_page_budget(shared, beta_user):
    http = browser(beta_user)
    http.get(f"/accounts/{shared['B'].pk}/")
    with CaptureQueriesContext(connection) as queries:
        assert http.get(f"/accounts/{shared['B'].pk}/").status_code == 200
    assert len(queries.captured_queries) <= PAGE_BUDGET
