"""Who may reach which account: visible_accounts, access_account, access_debtor, search and linked accounts."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from arrears.accounts.queries import (
    access_account,
    access_debtor,
    linked_accounts,
    search_accounts,
    visible_accounts,
)
from arrears.users import roles
from arrears.users.actions import create_user
from arrears.users.models import User
from conftest import PASSWORD

# Maria Lopez (same SSN as at Acme) also owes Beta; Beta's other debtor is Beta's alone.
BETA_ROWS = (
    "B-9001,Maria,Lopez,123-45-6789,1980-04-02,(602) 555-0134,mobile,maria@example.com,12 Main St,Phoenix,AZ,85004,"
    "medical,300.00,0,0,2025-05-01,last_statement,,Beta Clinic",
    "B-9002,Olga,Ivanova,234-56-7891,1969-12-01,(718) 555-0142,landline,olga@example.net,5 Bay St,Brooklyn,NY,11201,"
    "medical,75.00,0,0,2025-05-01,last_statement,,Beta Clinic",
)


@pytest.fixture
def accounts(acme_accounts, client_beta, place):
    batch = place(client_beta, *BETA_ROWS)
    assert batch.status == "imported", batch.report_csv
    return {**acme_accounts, **{a.client_account_number: a for a in batch.accounts.all()}}


@pytest.fixture
def beta_user(client_beta):
    return create_user("beta-viewer", PASSWORD, roles.CLIENT_USER, None, client=client_beta)


@pytest.fixture
def no_role_user(db):
    return User.objects.create_user("visitor", password=PASSWORD)


def numbers(rows) -> set[str]:
    return {getattr(r, "number", None) or r.client_account_number for r in rows}


# --- who sees what ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("staff", ["collector", "senior", "supervisor", "admin_user"])
def test_agency_staff_see_the_accounts_of_every_client(request, accounts, staff):
    user = request.getfixturevalue(staff)

    assert numbers(visible_accounts(user)) == set(accounts)
    assert access_account(user, accounts["B-9002"].pk) == accounts["B-9002"]


def test_a_client_user_sees_only_their_clients_accounts(accounts, acme_user, beta_user):
    assert numbers(visible_accounts(acme_user)) == {"A-1001", "A-1002"}
    assert numbers(visible_accounts(beta_user)) == {"B-9001", "B-9002"}
    assert access_account(acme_user, accounts["A-1001"].pk) == accounts["A-1001"]


@pytest.mark.parametrize("number", ["B-9001", "B-9002"])
def test_another_clients_account_is_not_found_for_a_client_user(accounts, acme_user, number):
    with pytest.raises(Http404):
        access_account(acme_user, accounts[number].pk)


def test_a_client_user_cannot_reach_the_other_clients_account_of_a_shared_debtor(accounts, acme_user):
    maria = accounts["A-1001"].parties.get().debtor
    assert accounts["B-9001"].parties.get().debtor == maria  # one person, owing both clients

    with pytest.raises(Http404):
        access_account(acme_user, accounts["B-9001"].pk)
    assert numbers(linked_accounts(acme_user, accounts["A-1001"])) == set()
    assert access_debtor(acme_user, maria.pk) == maria


def test_staff_see_a_debtors_accounts_at_every_client_as_linked(accounts, collector):
    assert numbers(linked_accounts(collector, accounts["A-1001"])) == {"B-9001"}
    assert numbers(linked_accounts(collector, accounts["B-9001"])) == {"A-1001"}
    assert numbers(linked_accounts(collector, accounts["A-1002"])) == set()


def test_a_debtor_is_reachable_only_through_a_visible_account(accounts, acme_user, collector):
    olga = accounts["B-9002"].parties.get().debtor

    with pytest.raises(Http404):
        access_debtor(acme_user, olga.pk)
    assert access_debtor(collector, olga.pk) == olga


def test_a_user_without_a_role_sees_nothing(accounts, no_role_user):
    assert not visible_accounts(no_role_user).exists()
    assert search_accounts(no_role_user, "Lopez") == []
    with pytest.raises(Http404):
        access_account(no_role_user, accounts["A-1001"].pk)


def test_a_deactivated_user_sees_nothing(accounts, collector):
    User.objects.filter(pk=collector.pk).update(is_active=False)
    collector.refresh_from_db()

    assert not visible_accounts(collector).exists()
    with pytest.raises(Http404):
        access_account(collector, accounts["A-1001"].pk)


def test_an_anonymous_visitor_sees_nothing(accounts):
    assert not visible_accounts(AnonymousUser()).exists()


def test_a_client_user_may_look_but_not_work_an_account(accounts, acme_user, collector):
    account = accounts["A-1001"]

    with pytest.raises(Http404):
        access_account(acme_user, account.pk, for_update=True)
    assert access_account(collector, account.pk, for_update=True) == account


@pytest.mark.parametrize("account_id", [999999, "abc", None, "1; DROP TABLE accounts_account"])
def test_an_account_id_that_is_not_an_account_is_not_found(accounts, collector, account_id):
    with pytest.raises(Http404):
        access_account(collector, account_id)


# --- search -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "found"), [
    ("lopez", {"A-1001", "B-9001"}),
    ("LOPEZ", {"A-1001", "B-9001"}),
    ("Maria Lopez", {"A-1001", "B-9001"}),
    ("Lopez, Maria", {"A-1001", "B-9001"}),
    ("lopez mar", {"A-1001", "B-9001"}),
    ("John Smith", {"A-1002"}),
    ("smith", {"A-1002"}),
    ("A-1002", {"A-1002"}),
    ("a-1002", {"A-1002"}),
    ("B-90", {"B-9001", "B-9002"}),
    ("6789", {"A-1001", "B-9001"}),
    ("7891", {"B-9002"}),
    ("(602) 555-0134", {"A-1001", "B-9001"}),
    ("602-555-0134", {"A-1001", "B-9001"}),
    ("602.555.0134", {"A-1001", "B-9001"}),
    ("6025550134", {"A-1001", "B-9001"}),
    ("+1 602 555 0134", {"A-1001", "B-9001"}),
    ("1-718-555-0142", {"B-9002"}),
    ("john@example.org", {"A-1002"}),
    ("Maria@Example.com", {"A-1001", "B-9001"}),
    ("nobody", set()),
    ("555-0000", set()),
    ("   ", set()),
])
def test_staff_find_accounts_by_name_number_ssn_last_four_phone_and_email(accounts, collector, text, found):
    assert numbers(search_accounts(collector, text)) == found


@pytest.mark.parametrize(("text", "found"), [
    ("lopez", {"A-1001"}),
    ("6789", {"A-1001"}),
    ("(602) 555-0134", {"A-1001"}),
    ("maria@example.com", {"A-1001"}),
    ("B-9001", set()),
    ("Ivanova", set()),
    ("olga@example.net", set()),
])
def test_a_client_users_search_finds_only_their_clients_accounts(accounts, acme_user, text, found):
    assert numbers(search_accounts(acme_user, text)) == found


def test_search_rows_carry_the_primary_debtor_and_the_balance(accounts, collector):
    [row] = search_accounts(collector, "A-1001")

    assert (row.number, row.client_code, row.debtor_name, row.status) == ("A-1001", "acme", "Maria Lopez", "new")
    assert row.balance_cents == 123550


def test_search_finds_a_co_obligor_by_name(client_acme, place, collector):
    header = "account_number,first_name,last_name,principal,itemization_date,itemization_basis,co_first_name,co_last_name"
    place(client_acme, "J-1,Ann,Lee,100,2025-06-30,charge_off,Bo,Quist", header=header)

    assert numbers(search_accounts(collector, "Bo Quist")) == {"J-1"}


def test_search_returns_at_most_the_limit(client_acme, place, collector):
    place(client_acme, *[f"L-{n},Pat,Limit{n:02d},,,,,,,,,,,10,0,0,2025-06-30,charge_off,," for n in range(12)])

    assert len(search_accounts(collector, "limit", limit=5)) == 5
    assert len(search_accounts(collector, "limit")) == 12
