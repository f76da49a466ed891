"""The shared cast for tests: a client or two, one user per role, and a way to place accounts.

Everything goes through the public surface (actions), never around it.
"""

import textwrap
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.backends.signals import connection_created
from django.dispatch import receiver

from arrears.placements.actions import import_placement_file
from arrears.clients.actions import create_client
from arrears.users import roles
from arrears.users.actions import create_user

PASSWORD = "correct-horse-battery"


@receiver(connection_created)
def _tests_may_empty_their_database(sender, connection, **kwargs):
    """PostgreSQL refuses TRUNCATE of the ledger and the audit trail; a test database is emptied between
    tests that commit, so its sessions say they may (the trigger's documented way out)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET arrears.allow_truncate = 'on'")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture(autouse=True)
def business_hours(request):
    """Every test runs at 1 p.m. New York time today, with the clock ticking: contacts logged "now" fall in
    the debtors' convenient hours whatever time the suite runs. Tests about other times travel themselves."""
    if request.node.get_closest_marker("real_clock"):
        yield None
        return
    today = datetime.now(NEW_YORK).date()
    with time_machine.travel(datetime.combine(today, time(13, 0), tzinfo=NEW_YORK), tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def local_money_peers(settings, tmp_path):
    """The fake card processor's state and the ACH file drop live in the test's own folder."""
    settings.FAKE_PROCESSOR_PATH = tmp_path / "fake-processor.json"
    settings.ACH_OUTBOX = tmp_path / "ach-outbox"


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache (per process, so fine under xdist): counters such as the API's bad
    tokens per address do not carry from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


PLACEMENT_HEADER = (
    "account_number,first_name,last_name,ssn,dob,phone,phone_type,email,address1,city,state,zip,debt_type,"
    "principal,interest,fees,itemization_date,itemization_basis,charge_off_date,original_creditor"
)


def placement_csv(*rows: str, header: str = PLACEMENT_HEADER) -> bytes:
    """A placement file from a header and data lines (dedented), as bytes."""
    return (header + "\n" + "\n".join(textwrap.dedent(r).strip() for r in rows) + "\n").encode()


@pytest.fixture
def client_acme(db):
    return create_client(None, code="acme", name="Acme Bank")


@pytest.fixture
def client_beta(db):
    return create_client(None, code="beta", name="Beta Health")


def _user(role, username, client=None):
    return create_user(username, PASSWORD, role, None, client=client, first_name=username.title())


@pytest.fixture
def collector(db):
    return _user(roles.COLLECTOR, "carla")


@pytest.fixture
def senior(db):
    return _user(roles.SENIOR_COLLECTOR, "sam")


@pytest.fixture
def supervisor(db):
    return _user(roles.SUPERVISOR, "sue")


@pytest.fixture
def admin_user(db):
    return _user(roles.ADMIN, "ada")


@pytest.fixture
def acme_user(db, client_acme):
    return _user(roles.CLIENT_USER, "acme-viewer", client=client_acme)


@pytest.fixture
def place(db):
    """place(client, *csv_rows, **options) -> PlacementBatch, importing through the real action."""

    def _place(client, *rows, header=PLACEMENT_HEADER, actor=None, file_name="placement.csv", **options):
        return import_placement_file(client, file_name, placement_csv(*rows, header=header), actor, **options)

    return _place


MARIA = "A-1001,Maria,Lopez,123-45-6789,1980-04-02,(602) 555-0134,mobile,maria@example.com,12 Main St,Phoenix,AZ,85004,credit card,1200.00,35.50,0,2025-06-30,charge_off,2025-06-30,Big Bank"
JOHN = "A-1002,John,Smith,,1975-01-15,212-555-0199,,john@example.org,45 Elm St Apt 3,New York,NY,10001,medical,1000.00,0,25,2025-08-01,last_statement,,City Hospital"


@pytest.fixture
def acme_accounts(client_acme, place):
    """Two accounts placed for Acme: Maria Lopez (A-1001, $1,235.50) and John Smith (A-1002, $1,025.00)."""
    batch = place(client_acme, MARIA, JOHN)
    assert batch.status == "imported", batch.report_csv
    return {a.client_account_number: a for a in batch.accounts.all()}


@pytest.fixture
def role_groups(transactional_db):
    """For tests on a committed (transactional) database: that database is flushed between tests, and
    with it the role groups a migration created; put them back so users can be given their roles."""
    from django.apps import apps

    from arrears.users.roles import sync_role_groups

    sync_role_groups(apps)
