"""Which client's relationship a contact point (and a consent given with it) belongs to."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from arrears.compliance.models import Restriction
from arrears.core.errors import InvalidInput
from arrears.debtors.actions import add_email, add_phone
from arrears.debtors.models import Phone, Provenance
from conftest import MARIA

pytestmark = pytest.mark.django_db

BETA_MARIA = MARIA.replace("A-1001", "B-1001").replace("(602) 555-0134", "(602) 555-0188")


@pytest.fixture
def maria(acme_accounts, client_beta, place):
    batch = place(client_beta, BETA_MARIA)
    assert batch.status == "imported", batch.report_csv
    return acme_accounts["A-1001"].parties.get().debtor


def sides(point) -> set[tuple[str, str]]:
    return {(p.client.code, p.source) for p in point.provenance.all()}


def test_each_placement_links_its_client_to_the_points_its_file_supplied(maria):
    acme_phone, beta_phone = maria.phone_set.get(e164="+16025550134"), maria.phone_set.get(e164="+16025550188")
    [email] = maria.email_set.all()  # both files sent the same address: one row, linked to both clients

    assert sides(acme_phone) == {("acme", "placement")}
    assert sides(beta_phone) == {("beta", "placement")}
    assert sides(email) == {("acme", "placement"), ("beta", "placement")}


def test_placing_the_same_file_again_adds_no_second_link(maria, client_beta, place):
    before = Provenance.objects.count()
    place(client_beta, BETA_MARIA.replace("B-1001", "B-1002"))

    assert Provenance.objects.count() == before


def test_a_consent_given_for_one_client_is_recorded_for_that_client(maria, client_beta, collector):
    phone = add_phone(maria, "(480) 555-0199", collector, kind="mobile", source="debtor", client=client_beta,
                      consent_autodialer=True)

    [supplied] = phone.provenance.all()
    assert (supplied.client, supplied.consent_autodialer, supplied.source) == (client_beta, True, "debtor")


def test_a_consent_without_its_client_is_refused_for_a_debtor_of_two_clients(maria, collector):
    with pytest.raises(InvalidInput) as refused:
        add_email(maria, "maria.two@example.net", collector, source="debtor", consent_email=True)

    assert refused.value.field == "client"
    assert not Phone.objects.filter(e164="+14805550199").exists()


def test_a_number_the_agency_found_without_a_client_is_the_agencys_alone(maria, collector):
    phone = add_phone(maria, "(480) 555-0111", collector, source="skip_trace")

    assert sides(phone) == set()


@pytest.mark.django_db(transaction=True)
def test_the_migration_links_existing_points_to_the_debtors_only_client(acme_accounts, client_beta, place):
    """Upgrading: contact points, consents and restrictions of a debtor with one client become that client's;
    those of a debtor placed by two clients stay the agency's, their consent no client's."""
    place(client_beta, "B-1,Olga,Ivanova,234-56-7891,1969-12-01,(718) 555-0142,landline,olga@example.net,"
                       "5 Bay St,Brooklyn,NY,11201,medical,75.00,0,0,2025-05-01,last_statement,,Beta Clinic",
          BETA_MARIA)
    before = [("debtors", "0003_phone_kind_work"), ("accounts", "0002_initial"), ("compliance", "0003_dial_list_export")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldPhone, OldRestriction = old.get_model("debtors", "Phone"), old.get_model("compliance", "Restriction")
    OldPhone.objects.update(consent_autodialer=True)
    at = datetime(2025, 9, 1, tzinfo=UTC)
    for phone in OldPhone.objects.all():
        OldRestriction.objects.create(debtor_id=phone.debtor_id, kind="sms_consent", phone_id=phone.pk, received_at=at,
                                      received_via="phone", evidence="said texts are fine")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    olga = Phone.objects.get(e164="+17185550142")  # Beta's alone
    maria = Phone.objects.get(e164="+16025550134")  # placed by Acme and Beta
    assert [(p.client.code, p.source, p.consent_autodialer) for p in olga.provenance.all()] == [
        ("beta", "placement", True)]
    assert not maria.provenance.exists()
    assert Restriction.objects.get(phone=olga).client.code == "beta"
    assert Restriction.objects.get(phone=maria).client is None
    # The party keeps the name on file as the name its client placed.
    assert {(p.account.client_account_number, p.placed_name) for p in maria.debtor.parties.all()} == {
        ("A-1001", "Maria Lopez"), ("B-1001", "Maria Lopez")}
