"""The contact record's own screens on the account (notes, contact data): served by this app at the desk's
addresses, answering with the account screen's partials, and closed to another client's users."""

import pytest

from arrears.accounts.models import Account
from arrears.contacts.models import Note
from arrears.debtors.models import Phone
from arrears.users import roles
from arrears.users.actions import create_user
from conftest import MARIA, PASSWORD

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def beta_account(client_beta, place):
    batch = place(client_beta, MARIA.replace("A-1001", "B-2001"))
    assert batch.status == "imported", batch.report_csv
    return batch.accounts.get()


@pytest.fixture
def beta_user(client_beta):
    return create_user("beta-viewer", PASSWORD, roles.CLIENT_USER, None, client=client_beta)


def test_a_note_answers_with_the_note_form_and_the_timeline(client, collector, acme_accounts):
    account = acme_accounts["A-1001"]
    client.force_login(collector)
    response = client.post(f"/accounts/{account.pk}/notes", {"text": "Asked for a call back"}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and 'id="timeline"' in body and "Asked for a call back" in body
    assert Note.objects.get(account=account).text == "Asked for a call back"


def test_another_clients_user_gets_404_for_notes_and_contact_data(client, acme_user, beta_user, acme_accounts,
                                                                  beta_account):
    acme = acme_accounts["A-1001"]
    debtor = acme.parties.get().debtor
    for user, account in ((beta_user, acme), (acme_user, beta_account)):
        client.force_login(user)
        assert client.post(f"/accounts/{account.pk}/notes", {"text": "hello"}, headers=HTMX).status_code == 404
        answer = client.post(f"/accounts/{account.pk}/contact/phone",
                             {"debtor": debtor.pk, "number": "(602) 555-0177", "kind": "mobile", "source": "debtor"},
                             headers=HTMX)
        assert answer.status_code == 404
    assert not Note.objects.exists()
    assert not Phone.objects.filter(e164="+16025550177").exists()
    assert Account.objects.count() == 3
