"""How fast the compliance engine decides "may we call now" for a whole portfolio, against scanning the rows.

    python bench/compliance_batch.py [--quick] [--accounts N] [--seed S]

Writes a synthetic portfolio straight into a fresh, migrated database (default 1,000,000 accounts; --quick
20,000): one primary debtor per account (a tenth of them with a second account), an address and one or
two phones in real ZIP codes and area codes across every US zone, a month of contact history on a third
of the accounts (calls with their outcomes, some texts and letters, conversations), and restrictions on
3% of the debtors (cease, bankruptcy, death, attorney, "stop calling", and the kinds the full engine
weighs: consents, inconvenient times, disputes). Then it decides every account at one instant with
`portfolio_verdicts` (the batch rules, and the full engine for the debtors that need it) and, as the
baseline in the same run, reads the same rows with the same SELECT statements and nothing else.

Runs on SQLite in a temporary directory, and on a scratch PostgreSQL database when ARREARS_BENCH_POSTGRES_URL
(or ARREARS_TEST_DATABASE_URL) names a server. The last line is
`compliance_batch: <accounts/s> accounts/s; ratio <r> to a bare SQL scan` for PostgreSQL when it ran, else
for SQLite; the ratio is the scan's time over the decision's.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
FULL = 1_000_000
QUICK = 20_000
AT = datetime(2026, 12, 1, 15, 0, tzinfo=ZoneInfo("America/New_York"))  # a Tuesday afternoon
CHUNK = 50_000


def _setup_django(database_url: str, var_dir: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(DJANGO_SETTINGS_MODULE="arrears.settings", DATABASE_URL=database_url, ARREARS_VAR_DIR=var_dir,
                      DEBUG="1")
    os.environ.setdefault("LOG_LEVEL", "warning")
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no SQL log kept in memory
    call_command("migrate", verbosity=0, interactive=False)


def _places(rng: random.Random):
    from arrears.demo.places import PlacePicker

    picker = PlacePicker(rng)
    return [picker.place() for _ in range(4000)]


def _generate(accounts: int, seed: int) -> dict:
    """Write the portfolio with bulk inserts; returns what was written."""
    from django.db import transaction

    from arrears.accounts.models import Account, AccountDebtor
    from arrears.clients.actions import create_client
    from arrears.compliance.models import Restriction
    from arrears.contacts.models import ContactAttempt
    from arrears.core.bulk import insert_rows
    from arrears.debtors.models import Address, Debtor, Phone

    rng = random.Random(seed)
    places = _places(rng)
    clients = [create_client(None, code=f"bench-{i}", name=f"Bench Client {i}",
                             collection_mode="creditor_own_name" if i == 4 else "fdcpa_debt_collector")
               for i in range(5)]
    clients[1].max_call_attempts_per_day = 3
    clients[1].save(update_fields=["max_call_attempts_per_day"])
    debtors = int(accounts / 1.1)
    written = {"accounts": 0, "attempts": 0, "restrictions": 0, "phones": 0}
    start_day = AT - timedelta(days=30)
    for first in range(0, debtors, CHUNK):
        count = min(CHUNK, debtors - first)
        with transaction.atomic():
            debtor_ids = insert_rows(Debtor, ["kind", "first_name", "last_name", "name_key", "language"],
                                     [("person", "Pat", f"Bench{first + i}", f"bench{first + i} pat", "en")
                                      for i in range(count)], return_ids=True)
            home = {d: rng.choice(places) for d in debtor_ids}
            insert_rows(Address, ["debtor_id", "line1", "city", "state", "zip_code", "match_key", "time_zones", "source"],
                        [(d, f"{i} Main St", p.city, p.state, p.zip_code, f"{i} main st {p.zip_code}", [p.time_zone],
                          "placement") for i, (d, p) in enumerate(home.items())])
            phone_rows = []
            for d, p in home.items():
                area, line = rng.choice(p.area_codes), rng.randrange(100)
                for n in range(rng.choice((1, 1, 2))):
                    kind = rng.choices(("mobile", "landline", "work", "unknown"), (60, 25, 5, 10))[0]
                    status = "valid" if rng.random() > 0.04 else "disconnected"
                    # the 555-0100..0199 range is kept for fiction: a benchmark can never reach a real phone
                    phone_rows.append((d, f"+1{area}55501{(line + n) % 100:02d}", kind, status, [p.time_zone],
                                       "placement"))
            phone_ids = insert_rows(Phone, ["debtor_id", "e164", "kind", "status", "time_zones", "source"], phone_rows,
                                    return_ids=True)
            phones_of: dict[int, list[int]] = {}
            for pid, row in zip(phone_ids, phone_rows):
                phones_of.setdefault(row[0], []).append(pid)
            account_rows, owners = [], []
            for d in debtor_ids:
                for _ in range(2 if rng.random() < 0.1 else 1):
                    client = rng.choice(clients)
                    number = f"B{written['accounts'] + len(account_rows):08d}"
                    account_rows.append((client.pk, number, "credit_card", AT.date() - timedelta(days=90),
                                         AT.date() - timedelta(days=120), "charge_off", 50000,
                                         rng.choice(("active", "active", "new"))))
                    owners.append(d)
            account_ids = insert_rows(Account, ["client_id", "client_account_number", "debt_type", "placed_on",
                                                "itemization_on", "itemization_basis", "itemization_amount_cents",
                                                "status"], account_rows, return_ids=True)
            insert_rows(AccountDebtor, ["account_id", "debtor_id", "role"],
                        [(a, d, "primary") for a, d in zip(account_ids, owners)])
            attempts = []
            for a, d in zip(account_ids, owners):
                if rng.random() > 0.34 or d not in phones_of:
                    continue
                for _ in range(rng.randint(1, 8)):
                    when = start_day + timedelta(days=rng.uniform(0, 30), hours=rng.uniform(-3, 3))
                    phone = rng.choice(phones_of[d])
                    channel, result = rng.choices(
                        [("call_outbound", "no_answer"), ("call_outbound", "voicemail"), ("call_outbound", "lcm"),
                         ("call_outbound", "right_party"), ("call_outbound", "busy"), ("call_inbound", "right_party"),
                         ("text", "sent"), ("letter", "sent")], (30, 12, 18, 10, 8, 3, 10, 9))[0]
                    attempts.append((a, d, channel, result, phone if channel != "letter" else None, when, []))
            insert_rows(ContactAttempt, ["account_id", "debtor_id", "channel", "result", "phone_id", "occurred_at",
                                         "discussed_accounts"], attempts)
            restrictions = []
            for a, d in zip(account_ids, owners):
                if rng.random() > 0.03:
                    continue
                kind, details, via = rng.choices([
                    ("written_cease_request", {"refuses_to_pay": False}, "mail"),
                    ("bankruptcy", {"chapter": 7, "status": "pending"}, "scrub"),
                    ("deceased", {}, "scrub"), ("medium_opt_out", {"medium": "call"}, "phone"),
                    ("attorney", {"name": "A. Lawyer", "address": "1 Court St"}, "phone"),
                    ("email_consent", {}, "phone"),
                    ("consent_additional_calls", {}, "phone"),
                    ("inconvenient_time", {"days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "17:00"},
                     "phone"),
                    ("written_dispute", {"portion": "all"}, "mail")], (14, 14, 8, 16, 8, 10, 10, 10, 10))[0]
                restrictions.append((d, a, kind, AT - timedelta(days=rng.uniform(1, 60)), via, details, "bench"))
            insert_rows(Restriction, ["debtor_id", "account_id", "kind", "received_at", "received_via", "details",
                                      "evidence"], restrictions)
        written["accounts"] += len(account_ids)
        written["attempts"] += len(attempts)
        written["restrictions"] += len(restrictions)
        written["phones"] += len(phone_ids)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return written


def _baseline_sql():
    """The statements portfolio_verdicts runs to read its rows, with their parameters: the baseline reads them
    and throws them away."""
    from arrears.compliance import portfolio

    at, call_window, month = (portfolio.db_time(AT), portfolio.db_time(AT - portfolio._CALL_LOOKBACK),
                              portfolio.db_time(AT - portfolio._LOOKBACK))
    return [
        ("SELECT a.id, a.client_id, ad.debtor_id FROM accounts_account a JOIN accounts_accountdebtor ad "
         "ON ad.account_id = a.id AND ad.role = 'primary' WHERE a.status IN (%s, %s) ORDER BY a.id", ["new", "active"]),
        ("SELECT debtor_id, state, zip_code, CAST(time_zones AS TEXT) FROM debtors_address WHERE active = %s "
         "ORDER BY debtor_id, added_at, id", [True]),
        ("SELECT debtor_id, id, status, kind, CAST(time_zones AS TEXT), consent_call FROM debtors_phone "
         "WHERE active = %s ORDER BY debtor_id, id", [True]),
        ("SELECT debtor_id, account_id, kind, received_via, details, phone_id, received_at FROM compliance_restriction "
         "WHERE received_at <= %s AND (ended_at IS NULL OR ended_at > %s)", [at, at]),
        (portfolio._CALLS_SQL, [call_window, at]),
        (portfolio._CONTACTS_SQL + f" AND c.debtor_id IN ({portfolio._LOCAL_DEBTORS_SQL})", [month, at, True]),
    ]


def _scan() -> tuple[float, int]:
    from django.db import connection

    rows = 0
    statements = _baseline_sql()
    started = time.perf_counter()
    for sql, params in statements:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            while batch := cursor.fetchmany(20000):
                rows += len(batch)
    return time.perf_counter() - started, rows


def _decide() -> dict:
    from arrears.compliance.portfolio import Portfolio, portfolio_verdicts

    stats = Portfolio()
    started = time.perf_counter()
    callable_now = sum(1 for verdict in portfolio_verdicts(AT, stats=stats) if verdict.callable)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "considered": stats.considered, "callable": callable_now,
            "engine": stats.decided_by_engine}


def _run(accounts: int, seed: int) -> dict:
    started = time.perf_counter()
    written = _generate(accounts, seed)
    generated = time.perf_counter() - started
    scan_seconds, scan_rows = _scan()
    decided = _decide()
    scan_again, _ = _scan()  # once more, warm, so neither side profits from a cold cache alone
    return {"written": written, "generated": generated, "scan": min(scan_seconds, scan_again), "scan_rows": scan_rows,
            **decided}


def _child(accounts: int, seed: int) -> None:
    with tempfile.TemporaryDirectory(prefix="arrears-bench-") as var_dir:
        _setup_django(os.environ["DATABASE_URL"], var_dir)
        print(json.dumps(_run(accounts, seed)))


def _in_child(database_url: str, accounts: int, seed: int) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url}
    done = subprocess.run([sys.executable, __file__, "--child", "--accounts", str(accounts), "--seed", str(seed)],
                          env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"the run failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _postgres(server_url: str, accounts: int, seed: int) -> dict:
    import psycopg
    from psycopg import sql

    name = f"arrears_bench_{os.getpid()}"
    url = urlsplit(server_url)
    admin_url = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        return _in_child(urlunsplit(url._replace(path=f"/{name}")), accounts, seed)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _report(label: str, result: dict) -> tuple[float, float]:
    w = result["written"]
    rate = result["considered"] / result["seconds"]
    ratio = result["scan"] / result["seconds"]
    print(f"{label}: wrote {w['accounts']:,} accounts, {w['phones']:,} phones, {w['attempts']:,} contacts, "
          f"{w['restrictions']:,} restrictions in {result['generated']:.1f} s")
    print(f"{label}: bare SQL scan of the same rows: {result['scan_rows']:,} rows in {result['scan']:.2f} s")
    print(f"{label}: decided {result['considered']:,} accounts in {result['seconds']:.2f} s ({rate:,.0f} accounts/s); "
          f"{result['callable']:,} callable now; {result['engine']:,} decided one by one by the full engine")
    return rate, ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK:,} accounts instead of {FULL:,}")
    parser.add_argument("--accounts", type=int)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL even when configured")
    args = parser.parse_args()
    accounts = args.accounts or (QUICK if args.quick else FULL)
    if args.child:
        return _child(accounts, args.seed)
    postgres_url = None if args.sqlite_only else (
        os.environ.get("ARREARS_BENCH_POSTGRES_URL") or os.environ.get("ARREARS_TEST_DATABASE_URL"))
    with tempfile.TemporaryDirectory(prefix="arrears-bench-") as tmp:
        rate, ratio = _report("sqlite", _in_child(f"sqlite:///{tmp}/arrears.sqlite3", accounts, args.seed))
    label = "sqlite"
    if postgres_url:
        rate, ratio = _report("postgres", _postgres(postgres_url, accounts, args.seed))
        label = "postgres"
    print(f"compliance_batch: {rate:.0f} accounts/s; ratio {ratio:.4f} to a bare SQL scan ({label})")


if __name__ == "__main__":
    main()
