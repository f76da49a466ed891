"""Building the demo: clients, one login per role, a placement file per client, some contact history and
money (payments, arrangements, a lockbox file, a closed remittance period).

Everything is written through the project's actions (create_client, create_user, import_placement_file,
log_contact, add_note, assign_account), in one transaction: a failure leaves nothing behind. Running it
again with the same seed changes nothing (the files are already imported; clients and users are kept).
"""

import random
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from arrears.accounts.models import Account
from arrears.placements.actions import import_placement_file
from arrears.placements.models import PlacementStatus
from arrears.clients.actions import create_client
from arrears.clients.models import Client
from arrears.core.errors import ArrearsError
from arrears.ledger.models import Book, Posting
from arrears.users import roles
from arrears.users.actions import create_user
from arrears.users.models import User

from .history import write_history
from .money import write_money
from .placements import DEFAULT_SEED, demo_portfolio, to_csv
from .profiles import CLIENTS

DEMO_PASSWORD = "arrears-demo"  # every demo login; documented in the command's help and printed with the logins
DEMO_CLIENT_USER_CLIENT = CLIENTS[0].code


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str


DEMO_USERS = (
    DemoUser("collector", roles.COLLECTOR, "Carla", "Reyes"),
    DemoUser("senior", roles.SENIOR_COLLECTOR, "Sam", "Okafor"),
    DemoUser("supervisor", roles.SUPERVISOR, "Sue", "Lindqvist"),
    DemoUser("admin", roles.ADMIN, "Ada", "Moreau"),
    DemoUser("client", roles.CLIENT_USER, "Clara", "Whitfield"),
)


class DemoFailed(ArrearsError):
    pass


@dataclass
class DemoResult:
    files: list[tuple[str, str, str]]  # (client code, file name, import message)
    accounts_worked: int = 0
    contact_attempts: int = 0
    payments: int = 0
    arrangements: int = 0


def ensure_clients() -> dict[str, Client]:
    """The demo creditors, created with their terms unless a client with the code exists already."""
    clients = {c.code: c for c in Client.objects.filter(code__in=[p.code for p in CLIENTS])}
    for profile in CLIENTS:
        if profile.code not in clients:
            clients[profile.code] = create_client(None, code=profile.code, name=profile.name,
                                                  contract_start=date(2024, 1, 1), **profile.terms)
    return clients


def ensure_users(clients: dict[str, Client]) -> dict[str, User]:
    """One login per role; existing users of those names are left as they are."""
    users = {u.username: u for u in User.objects.filter(username__in=[d.username for d in DEMO_USERS])}
    for demo in DEMO_USERS:
        if demo.username not in users:
            client = clients[DEMO_CLIENT_USER_CLIENT] if demo.role == roles.CLIENT_USER else None
            users[demo.username] = create_user(
                demo.username, DEMO_PASSWORD, demo.role, None, client=client, first_name=demo.first_name,
                last_name=demo.last_name, email=f"{demo.username}@example.com",
            )
    return users


def build_demo(accounts: int, seed: int = DEFAULT_SEED, today: date | None = None) -> DemoResult:
    """Place `accounts` synthetic accounts across the demo clients and log some history on them."""
    today = today or timezone.localdate()
    with transaction.atomic():
        clients = ensure_clients()
        users = ensure_users(clients)
        supervisor = users["supervisor"]
        result = DemoResult(files=[])
        placed: list[Account] = []
        for profile, rows in demo_portfolio(accounts, seed, today):
            if not rows:
                continue
            name = f"{profile.code}-demo-{seed}.csv"
            batch = import_placement_file(clients[profile.code], name, to_csv(rows), supervisor, today=today)
            if batch.status not in (PlacementStatus.IMPORTED, PlacementStatus.DUPLICATE):
                raise DemoFailed(f"{name}: {batch.message}\n{batch.report_csv[:2000]}")
            result.files.append((profile.code, name, batch.message))
            if batch.status == PlacementStatus.IMPORTED:
                placed.extend(batch.accounts.all())
        collectors = [users["collector"], users["senior"]]
        result.accounts_worked, result.contact_attempts = write_history(
            placed, collectors, supervisor, random.Random(f"history-{seed}"))
        if placed:
            money = write_money(sorted(placed, key=lambda a: a.pk), users["collector"], supervisor,
                                random.Random(f"money-{seed}"), seed)
            result.payments, result.arrangements = money.payments, money.arrangements
    return result


def portfolio_summary() -> list[tuple[str, str, int, int]]:
    """(code, name, accounts, receivable balance in cents) per client that has accounts."""
    counts = dict(Account.objects.values("client_id").annotate(n=Count("id")).values_list("client_id", "n"))
    balances = dict(Posting.objects.filter(book=Book.RECEIVABLE).values("client_id")
                    .annotate(total=Sum("amount_cents")).values_list("client_id", "total"))
    return [(c.code, c.name, counts[c.pk], balances.get(c.pk) or 0)
            for c in Client.objects.filter(pk__in=counts).order_by("code")]


def demo_logins() -> list[tuple[str, str, str, bool]]:
    """(username, password, role, exists) for every demo login."""
    existing = set(User.objects.filter(username__in=[d.username for d in DEMO_USERS]).values_list("username", flat=True))
    logins = []
    for demo in DEMO_USERS:
        role = roles.ROLE_LABELS[demo.role]
        if demo.role == roles.CLIENT_USER:
            role += f" ({DEMO_CLIENT_USER_CLIENT})"
        logins.append((demo.username, DEMO_PASSWORD, role, demo.username in existing))
    return logins
