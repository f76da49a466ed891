"""The back office has a page for every table, as the README promises; what is evidence or money (the ledger,
the audit trail, decisions, payments and their seals) can be read there and never added, changed or deleted,
even by an administrator who holds every permission."""

import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.utils import timezone

from arrears.compliance.actions import log_contact, record_restriction
from arrears.payments.actions import post_payment, reverse_payment

pytestmark = pytest.mark.django_db

# Rows that are never changed once written: what happened, as it happened.
APPEND_ONLY = {
    "audit.AuditEvent", "audit.EventSeal", "ledger.Entry", "ledger.Posting", "ledger.EntrySeal",
    "ledger.ClosedBooks", "accounts.StatusChange", "contacts.ContactAttempt", "compliance.DecisionRecord",
    "compliance.DialListExport", "payments.Payment", "payments.Allocation", "payments.Reversal",
    "payments.Adjustment", "payments.Refund", "payments.AchFile", "payments.AchEntry", "payments.AchReturnFile",
    "payments.LockboxImport", "remittance.RemittancePeriod", "core.JobRun", "core.KeyFingerprint",
}


def arrears_models():
    return [m for m in apps.get_models() if m.__module__.startswith("arrears.")]


def admin_url(model, view: str, *args) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/" + {"changelist": "", "add": "add/",
                                                                        "change": "{}/change/",
                                                                        "delete": "{}/delete/"}[view].format(*args)


@pytest.fixture
def some_of_everything(acme_accounts, collector, supervisor):
    """Accounts, a payment posted and reversed, a call with its decision, a restriction, and sealed chains."""
    maria = acme_accounts["A-1001"]
    payment = post_payment(maria, collector, amount_cents=5000, method="check", idempotency_key="bo-1")
    reverse_payment(payment, supervisor, reason="nsf")
    maria.refresh_from_db()  # the payment put it to work
    debtor = maria.parties.get().debtor
    log_contact(maria, collector, channel="call_outbound", result="no_answer", phone=debtor.phone_set.get())
    record_restriction(debtor, collector, kind="oral_dispute", received_at=timezone.now(), received_via="phone",
                       evidence="says it is not hers", account=maria)
    call_command("check_ledger", stdout=io.StringIO())
    return acme_accounts


def test_every_table_has_a_back_office_page():
    missing = [m._meta.label for m in arrears_models() if m not in admin.site._registry]
    assert len(arrears_models()) > 30
    assert missing == []


def test_every_back_office_page_opens_for_an_administrator(client, admin_user, some_of_everything):
    client.force_login(admin_user)
    opened = 0
    for model in arrears_models():
        answer = client.get(admin_url(model, "changelist"))
        assert answer.status_code == 200, model._meta.label
        row = model._default_manager.order_by("pk").first()
        if row is not None:
            assert client.get(admin_url(model, "change", row.pk)).status_code == 200, model._meta.label
            opened += 1
    assert opened >= 20  # the fixture gave most tables a row to open


def test_append_only_rows_cannot_be_added_changed_or_deleted_in_the_back_office(client, admin_user,
                                                                                 some_of_everything):
    client.force_login(admin_user)
    for label in sorted(APPEND_ONLY):
        model = apps.get_model(label)
        model_admin = admin.site._registry[model]
        assert client.post(admin_url(model, "add"), {}).status_code == 403, label
        row = model._default_manager.order_by("pk").first()
        if row is None:
            continue
        page = client.get(admin_url(model, "change", row.pk))
        assert page.status_code == 200 and b'name="_save"' not in page.content, label
        assert client.post(admin_url(model, "change", row.pk), {}).status_code == 403, label
        assert client.post(admin_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403, label
        assert model._default_manager.filter(pk=row.pk).exists(), label
        assert not model_admin.get_actions(page.wsgi_request).get("delete_selected"), label


def test_a_client_user_and_a_collector_reach_no_back_office_page(client, acme_user, collector, some_of_everything):
    for user in (acme_user, collector):
        client.force_login(user)
        for model in arrears_models():
            row = model._default_manager.order_by("pk").first()
            for url in [admin_url(model, "changelist")] + ([admin_url(model, "change", row.pk)] if row else []):
                answer = client.get(url)
                assert answer.status_code in (302, 403, 404), (user.username, url, answer.status_code)
                assert answer.status_code != 302 or "/login/" in answer["Location"], (user.username, url)
