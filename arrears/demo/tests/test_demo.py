"""The demo portfolio: built through the real actions, the same for a seed, and valid to the last row."""

from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from arrears.accounts.models import Account, AccountDebtor
from arrears.placements.reader import read_table
from arrears.placements.validate import validate_table
from arrears.audit.models import AuditEvent
from arrears.clients.models import Client
from arrears.contacts.models import ContactAttempt
from arrears.demo.build import DEMO_PASSWORD, DEMO_USERS
from arrears.demo.placements import demo_portfolio, placement_csv, row_balance_cents, to_csv
from arrears.demo.profiles import CLIENTS
from arrears.ledger.models import Book, Posting
from arrears.users import roles
from arrears.users.models import User

ACCOUNTS = 80
SEED = 41


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--accounts", str(ACCOUNTS), "--seed", str(SEED), *args, stdout=out)
    return out.getvalue()


def people_and_balances(rows: list[dict]) -> list[tuple]:
    return [(r["account_number"], r["first_name"], r["last_name"], r["ssn"], r["principal"], r["interest"],
             r["fees"], r["costs"]) for r in rows]


@pytest.mark.django_db
def test_the_demo_places_the_accounts_across_every_client_with_a_login_per_role():
    output = run_demo()

    assert Account.objects.count() == ACCOUNTS
    per_client = {c.code: c.accounts.count() for c in Client.objects.all()}
    assert set(per_client) == {p.code for p in CLIENTS}
    assert all(count > 0 for count in per_client.values())
    assert {u.username: u.groups.get().name for u in User.objects.all()} == {d.username: d.role for d in DEMO_USERS}
    assert set(roles.ROLE_PERMISSIONS) == {d.role for d in DEMO_USERS}
    assert User.objects.get(username="client").client.code == "harbor-bank"
    assert User.objects.get(username="collector").check_password(DEMO_PASSWORD)
    for demo in DEMO_USERS:
        assert f"{demo.username:<12} {DEMO_PASSWORD}" in output
    total_line = next(line for line in output.splitlines() if line.startswith("total"))
    assert total_line.split()[1] == str(ACCOUNTS)
    assert ContactAttempt.objects.exists()
    assert AccountDebtor.objects.values("debtor").distinct().count() < AccountDebtor.objects.count()


@pytest.mark.django_db
def test_the_ledger_holds_exactly_the_generated_balances():
    run_demo()
    portfolio = demo_portfolio(ACCOUNTS, SEED, timezone.localdate())

    for profile, rows in portfolio:
        placed = Posting.objects.filter(book=Book.RECEIVABLE, client__code=profile.code, entry__kind="placement").aggregate(t=Sum("amount_cents"))
        assert placed["t"] == sum(row_balance_cents(r) for r in rows), profile.code
    assert sorted(Account.objects.values_list("client_account_number", flat=True)) == \
        sorted(r["account_number"] for _, rows in portfolio for r in rows)


def test_a_seed_gives_the_same_people_and_balances_and_another_seed_does_not():
    today = timezone.localdate()
    first, again = demo_portfolio(300, SEED, today), demo_portfolio(300, SEED, today)
    other = demo_portfolio(300, SEED + 1, today)

    assert [people_and_balances(rows) for _, rows in first] == [people_and_balances(rows) for _, rows in again]
    assert [people_and_balances(rows) for _, rows in first] != [people_and_balances(rows) for _, rows in other]
    assert placement_csv(200, SEED, "summit-auto", today=today) == placement_csv(200, SEED, "summit-auto", today=today)


def test_every_generated_row_passes_validation_without_errors_or_warnings():
    today = timezone.localdate()
    files = [to_csv(rows) for _, rows in demo_portfolio(1500, 3, today)]
    files += [placement_csv(300, 5, profile, today=today) for profile in CLIENTS]

    for content in files:
        validation = validate_table(read_table("demo.csv", content), today)
        assert validation.issues == []
        assert validation.rows_rejected == 0 and validation.rows_total == len(validation.rows)


@pytest.mark.django_db
def test_if_empty_leaves_a_database_with_accounts_alone_but_prints_the_logins():
    run_demo("--if-empty")
    counts = (Account.objects.count(), ContactAttempt.objects.count(), AuditEvent.objects.count())

    output = run_demo("--if-empty")

    assert (Account.objects.count(), ContactAttempt.objects.count(), AuditEvent.objects.count()) == counts
    assert "already has accounts" in output
    assert f"collector    {DEMO_PASSWORD}" in output


@pytest.mark.django_db
def test_running_the_same_seed_again_changes_nothing():
    run_demo()
    counts = (Account.objects.count(), ContactAttempt.objects.count(), User.objects.count(), Client.objects.count())

    output = run_demo()

    assert (Account.objects.count(), ContactAttempt.objects.count(), User.objects.count(),
            Client.objects.count()) == counts
    assert output.count("already imported") == len(CLIENTS)


@pytest.mark.django_db
def test_calls_happen_between_8_and_21_in_every_zone_of_the_debtor():
    run_demo()

    calls = ContactAttempt.objects.filter(channel__startswith="call").select_related("phone", "debtor")
    assert calls.exists()
    for call in calls:
        zones = set(call.phone.time_zones)
        for address in call.debtor.address_set.all():
            zones.update(address.time_zones)
        for zone in zones:
            local = call.occurred_at.astimezone(ZoneInfo(zone))
            assert 8 * 60 < local.hour * 60 + local.minute < 21 * 60, (call, zone, local)
        assert call.occurred_at < timezone.now()


@pytest.mark.django_db
def test_the_demo_has_money_to_look_at_and_its_trust_account_reconciles():
    from arrears.arrangements.models import Arrangement
    from arrears.payments.models import Payment, UnappliedItem
    from arrears.remittance.models import RemittancePeriod
    from arrears.remittance.queries import trust_problems

    run_demo()

    assert Payment.objects.filter(status="posted").count() >= 5
    assert Arrangement.objects.filter(status="active").exists()
    assert Arrangement.objects.filter(status="pending_approval").exists()
    assert UnappliedItem.objects.filter(resolved_at__isnull=True).count() == 1
    assert RemittancePeriod.objects.exists()
    assert trust_problems() == []
