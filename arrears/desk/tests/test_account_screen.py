"""The account screen as each role meets it: what it offers, what it says when something is refused, and
whether what it shows is consistent and labelled."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from arrears.arrangements.forms import BudgetForm
from arrears.compliance.actions import log_contact, record_restriction
from arrears.debtors.actions import add_email, add_phone
from arrears.payments.actions import post_payment

from conftest import MARIA, PLACEMENT_HEADER

from .page import holding, parse

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def maria(acme_accounts):
    return acme_accounts["A-1001"]


def debtor_of(account):
    return account.parties.get().debtor


def page(client, user, account) -> str:
    client.force_login(user)
    response = client.get(f"/accounts/{account.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def posts(html: str) -> set[str]:
    """Where the page's forms and buttons send their requests."""
    return set(re.findall(r'(?:hx-post|action)="/accounts/\d+/([^"]*)"', html))


def seven_calls(account, actor):
    phone = debtor_of(account).phone_set.get()
    now = timezone.now()
    for days_ago in (6, 5, 4, 3, 2, 1, 0):
        log_contact(account, actor, channel="call_outbound", result="no_answer", phone=phone,
                    occurred_at=now - timedelta(days=days_ago, minutes=30))


@pytest.fixture
def worked(maria, collector):
    """Maria's account with a payment posted and a bankruptcy on file."""
    post_payment(maria, collector, amount_cents=10000, method="check", idempotency_key="k1")
    record_restriction(debtor_of(maria), collector, kind="medium_opt_out", details={"medium": "email"},
                       received_at=timezone.now() - timedelta(days=1), received_via="phone", evidence="said no emails")
    record_restriction(debtor_of(maria), collector, kind="attorney", details={"name": "J. Counsel"},
                       received_at=timezone.now() - timedelta(days=1), received_via="phone",
                       evidence="gave her attorney's name")
    maria.refresh_from_db()
    return maria


def test_a_client_user_sees_the_account_but_is_offered_nothing_to_do_on_it(client, acme_user, worked):
    html = page(client, acme_user, worked)

    assert posts(html) == set()
    for offer in ("Post payment", "Override", "Change status", "Reverse", "Log call", "Record", "End"):
        assert not [e for e in parse(html).iter() if e.tag in ("button", "summary") and e.text == offer], offer


def test_a_collector_is_offered_no_supervisor_action(client, collector, worked):
    seven_calls(worked, collector)
    html = page(client, collector, worked)
    client.post(f"/accounts/{worked.pk}/calls", {"phone": debtor_of(worked).phone_set.get().pk,
                                                 "result": "no_answer"}, headers=HTMX)
    refused = client.post(f"/accounts/{worked.pk}/calls", {"phone": debtor_of(worked).phone_set.get().pk,
                                                           "result": "no_answer"}, headers=HTMX).content.decode()

    offered = posts(html)
    assert "payments" in offered and "calls" in offered  # a collector's own work
    assert not [p for p in offered if p.endswith("/reverse") or p in ("adjustments", "refunds", "status")]
    assert "Reverse" not in parse(html).text
    assert "override_factor" not in refused and "Override and log call" not in refused
    # the attorney's notice takes a supervisor to end; the email opt-out the collector may end
    restrictions = [e for e in parse(html).iter() if "restriction" in e.classes]
    attorney = next(r for r in restrictions if "Represented by an attorney" in r.text)
    opt_out = next(r for r in restrictions if "Do not contact by this medium" in r.text)
    assert not [e for e in attorney.iter() if e.tag == "form"]
    assert [e for e in opt_out.iter() if e.tag == "form"]


def test_a_refused_end_of_a_restriction_says_why_where_it_can_be_seen(client, collector, worked):
    client.force_login(collector)
    opt_out = debtor_of(worked).restrictions.get(kind="medium_opt_out")

    html = client.post(f"/accounts/{worked.pk}/restrictions/{opt_out.pk}/end", {"reason": ""},
                       headers=HTMX).content.decode()

    [message] = holding(parse(html), "say why it no longer applies")
    assert message.shown


def test_an_adjustment_s_outcome_is_shown_in_the_open_form(client, supervisor, worked):
    client.force_login(supervisor)

    refused = client.post(f"/accounts/{worked.pk}/adjustments", {"kind": "fee", "amount": "5.00", "bucket": "fees",
                                                                 "reason": "returned check fee"},
                          headers=HTMX).content.decode()
    done = client.post(f"/accounts/{worked.pk}/adjustments", {"kind": "correction", "amount": "-5.00",
                                                              "bucket": "principal", "reason": "client's correction"},
                       headers=HTMX).content.decode()

    [message] = holding(parse(refused), "contract does not allow fees")
    assert message.shown
    saved = [e for e in parse(done).iter() if e.attrs.get("role") == "status" and e.text == "Adjusted."]
    assert saved and all(e.shown for e in saved)  # also in the balance panel that replaces the form's, box open


def test_recording_a_budget_updates_what_the_plan_form_says_it_leaves(client, collector, maria):
    client.force_login(collector)
    assert "(none taken yet)" in page(client, collector, maria)

    every_line_monthly = {name: "month" for name in BudgetForm().fields if name.endswith("_per")}
    html = client.post(f"/accounts/{maria.pk}/budget", {
        **every_line_monthly, "income_0_amount": "2000", "expense_0_amount": "1200"}, headers=HTMX).content.decode()

    assert "Budget recorded." in html

    [label] = [e for e in parse(html).iter() if e.attrs.get("id") == "plan-budget"]
    assert "hx-swap-oob" in label.attrs  # it replaces the label in the plan form, beside the budget form
    assert "$800.00 a month left" in label.text and "none taken yet" not in label.text


def test_every_id_on_the_account_screen_is_unique_and_every_label_names_its_field(client, supervisor, worked):
    debtor = debtor_of(worked)
    add_phone(debtor, "(602) 555-0177", supervisor, kind="landline", source="debtor")
    add_email(debtor, "maria.lopez@work.example", supervisor, source="debtor")
    post_payment(worked, supervisor, amount_cents=2500, method="check", idempotency_key="k2")

    root = parse(page(client, supervisor, worked))

    ids = [e.attrs["id"] for e in root.iter() if e.attrs.get("id")]
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    dangling = [e.attrs["for"] for e in root.iter() if e.tag == "label" and e.attrs.get("for") not in (None, *ids)]
    assert dangling == []


MARIA_WITH_LAST_PAYMENT = MARIA + ",2025-03-15"


def account_fact(html: str, name: str) -> str:
    row = next(e for e in parse(html).iter() if e.tag == "tr" and e.text.startswith(name))
    return row.text.removeprefix(name).strip()


def test_last_payment_is_the_latest_of_the_placement_s_and_the_payments_posted_here(client, collector, place,
                                                                                     client_acme):
    with_last_payment = place(client_acme, MARIA_WITH_LAST_PAYMENT, header=PLACEMENT_HEADER + ",last_payment_date")
    account = with_last_payment.accounts.get()
    assert account_fact(page(client, collector, account), "Last payment").startswith("03/15/2025")

    client.post(f"/accounts/{account.pk}/payments", {
        "amount": "50.00", "method": "check", "reference": "1042", "idempotency_key": "web:1",
        "received_on": timezone.localdate().isoformat()}, headers=HTMX)

    assert account_fact(page(client, collector, account), "Last payment").startswith(
        timezone.localdate().strftime("%m/%d/%Y"))


def test_an_email_address_has_one_status_not_email_ok_beside_not_to_be_emailed(client, collector, maria):
    debtor = debtor_of(maria)
    add_email(debtor, "maria.lopez@work.example", collector, source="debtor", client=maria.client, consent_email=True)
    record_restriction(debtor, collector, kind="medium_opt_out", details={"medium": "email"},
                       received_at=timezone.now() - timedelta(days=1), received_via="phone", evidence="no emails")

    html = page(client, collector, maria)

    points = [e for e in parse(html).iter() if "cp" in e.classes and "maria.lopez@work.example" in e.text]
    assert len(points) == 1
    assert "Not to be emailed" in points[0].text and "email ok" not in points[0].text


def test_every_time_on_the_account_screen_says_its_zone_and_whose_it_is(client, supervisor, worked):
    seven_calls(worked, supervisor)
    client.force_login(supervisor)
    client.post(f"/accounts/{worked.pk}/calls", {"phone": debtor_of(worked).phone_set.get().pk,
                                                 "result": "no_answer"}, headers=HTMX)  # refused: a decision

    text = parse(page(client, supervisor, worked)).text

    times = re.findall(r"\d{1,2}:\d{2} [AP]M(?: [A-Z]{2,5}\b)?(?: \((?:debtor|agency)\))?", text)
    assert times, text
    assert [t for t in times if not re.search(r" [A-Z]{2,5}T \((debtor|agency)\)$", t)] == []
    assert re.search(r"\d:\d{2} [AP]M MST \(debtor\)", text)  # Maria's clock in Phoenix
    assert re.search(r"\d:\d{2} [AP]M ES?T \(agency\)", text)  # when things happened, on the agency's clock


def test_a_block_says_what_to_do_next_first_one_line_a_number_and_its_reason_once(client, collector, maria):
    debtor = debtor_of(maria)
    add_phone(debtor, "(602) 555-0177", collector, kind="landline", source="debtor", client=maria.client)
    record_restriction(debtor, collector, kind="written_cease_request", received_at=timezone.now() - timedelta(days=1),
                       received_via="mail", evidence="letter dated last week, scanned to the file")

    parties = next(e for e in parse(page(client, collector, maria)).iter() if e.attrs.get("id") == "parties")

    lines = [e for e in parties.iter() if "gate" in e.classes and "stop" in e.classes]
    phones = [e for e in lines if e.attrs.get("data-action") == "call"]
    assert len(phones) == 2  # one line per blocked number
    for line in phones:
        assert line.text.startswith("Not callable: Stop collecting"), line.text
        assert "12 CFR" not in line.text
    cease = "no further communication or attempt about this debt"
    assert parties.text.count(cease) == 1  # the shared detail, once, for both numbers
    [why] = [e for e in parties.iter() if e.tag == "li" and cease in e.text]
    assert "(602) 555-0134" in why.text and "(602) 555-0177" in why.text
    assert why.text.index(cease) < why.text.index("12 CFR 1006.6(c)(1)")  # the citation after


def test_a_refused_text_says_first_how_to_get_it_allowed(client, collector, maria):
    phone = debtor_of(maria).phone_set.get()
    client.force_login(collector)

    html = client.post(f"/accounts/{maria.pk}/messages", {"channel": "text", "point": f"phone-{phone.pk}",
                                                          "kind": "collection", "body": "Please call us back."},
                       headers=HTMX).content.decode()

    [refusal] = [e for e in parse(html).iter() if "blocked" in e.classes]
    [first, *_] = [e for e in refusal.iter() if e.tag == "li"]
    assert first.text.startswith("Ask for written consent to text"), first.text
    [cite] = [e.text for e in first.iter() if "cite" in e.classes]
    step_ends = first.text.index("first.") + len("first.")
    assert step_ends < first.text.index(cite) - 10  # the next step, then what the engine found, then the citation


def test_each_number_and_address_says_where_it_came_from_in_plain_words(client, collector, maria):
    debtor = debtor_of(maria)
    add_phone(debtor, "(602) 555-0177", collector, kind="landline", source="debtor", client=maria.client)

    text = parse(page(client, collector, maria)).text

    assert "Given by the debtor" in text and "Placement file" in text
    assert "from given by" not in text and "from placement file" not in text
