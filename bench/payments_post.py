"""How fast payments post from several connections at once, against pgbench's tpcb-like transaction.

    python bench/payments_post.py [--quick] [--accounts N] [--clients C] [--seconds S] [--seed S] [--profile]

Places a portfolio through the real placement import (default 20,000 accounts; --quick 1,000): one client,
SSN-less debtors with a phone and an address in real ZIP and area codes, a tenth of the accounts owed by a
debtor who already has one (so a payment can spill over to a linked account), principal, interest and
fees, all opened in the ledger by the import. Then C worker processes (default 4), each with its own
database connection, look up random accounts (a fixed seed) and post payments of $5 to $150 to them with
the real `post_payment`: account locks, allocation over the debtor's linked accounts and buckets, balanced
ledger entries, the audit rows, arrangement matching, in one transaction each. A few hot accounts, owed by
debtors with a second account, take 5% of the payments, of $100 to $1,000: payments on one account meet on
its row lock, spill over to the linked account once it is paid, then leave a credit. Each worker posts for
S seconds (default 60; --quick 6) after a few warm-up payments. What the backends wait on meanwhile is
sampled from pg_stat_activity, and afterwards one process posts a few more with their SQL captured:
statements per payment (--profile lists them by time).

The baseline, measured on the same server in the same run, is `pgbench -b tpcb-like` with as many clients
(and threads) on its own scratch database (`pgbench -i -s C`, so the clients do not all queue on one
branch row), run for half its time (default 30 s; --quick 4) just before the payments and half just after,
the mean of the two rates taken, so that both sides see the same machine. Afterwards the run is checked
with SQL: every ledger entry sums to zero, there is one Payment row per payment posted, the allocations add
up to the payments, trust cash equals the money received and no receivable bucket went below zero.

Needs ARREARS_BENCH_POSTGRES_URL (or ARREARS_TEST_DATABASE_URL) naming a PostgreSQL server, where both
scratch databases are created and dropped. Without one it posts from one worker on SQLite and reports the
ratio as n/a. The last line is
`payments_post: <payments/s> payments/s; ratio <r> to pgbench tpcb-like (<tps> tps)`.
"""

import argparse
import json
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
FULL_ACCOUNTS, QUICK_ACCOUNTS = 20_000, 1_000
FULL_SECONDS, QUICK_SECONDS = 60, 6
FULL_PGBENCH_SECONDS, QUICK_PGBENCH_SECONDS = 30, 4
CLIENTS = 4
REPEAT_DEBTOR_SHARE = 0.10  # of accounts owed by a debtor placed earlier in the file
HOT_ACCOUNTS, HOT_SHARE = 8, 0.05  # a few accounts that take 5% of the payments: they meet on row locks
WARMUP = 5  # payments per worker before the clock starts
PROBE = 40  # payments posted in one process afterwards, with their SQL captured
METHODS = ("card", "ach", "check", "money_order", "cash", "wire", "lockbox")
HEADER = ("account_number,first_name,last_name,ssn,dob,phone,phone_type,email,address1,city,state,zip,debt_type,"
          "principal,interest,fees,itemization_date,itemization_basis,charge_off_date,original_creditor")
DEBT_TYPES = ("credit_card", "credit_card", "medical", "utility", "telecom", "personal_loan")
CREDITORS = ("First Harbor Bank", "Northgate Card Services", "Mercy General Hospital", "Plains Power & Light")


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _setup_django(database_url: str, var_dir: str, *, migrate: bool) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(DJANGO_SETTINGS_MODULE="arrears.settings", DATABASE_URL=database_url, ARREARS_VAR_DIR=var_dir,
                      DEBUG="1")
    os.environ.setdefault("LOG_LEVEL", "warning")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # DEBUG=1 lets the settings start without production keys; no SQL log kept
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


# --- the portfolio ---------------------------------------------------------------------------------------------


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _placement_csv(accounts: int, seed: int, today) -> bytes:
    """A placement file in the import's format: every row valid, no SSN, one phone and one address each."""
    from arrears.demo import names
    from arrears.demo.places import PlacePicker

    rng = random.Random(seed)
    picker = PlacePicker(rng)
    people, lines = [], [HEADER]
    for n in range(accounts):
        if people and rng.random() < REPEAT_DEBTOR_SHARE:
            person = rng.choice(people)  # same name, birth date, phone and address: the import links them
        else:
            place = picker.place()
            first = rng.choice(names.FEMALE_FIRST if rng.random() < 0.5 else names.MALE_FIRST)
            dob = today - timedelta(days=rng.randint(22 * 365, 80 * 365))
            person = (first, rng.choice(names.SURNAMES), dob.isoformat(), picker.phone(place),
                      rng.choice(("mobile", "mobile", "landline", "")),
                      f"{rng.randint(1, 9999)} {rng.choice(('Main', 'Oak', 'Maple', 'Cedar', 'Park'))} St",
                      place.city, place.state, place.zip_code)
            people.append(person)
        first, last, dob, phone, phone_type, line1, city, state, zip_code = person
        itemized = today - timedelta(days=rng.randint(60, 700))
        principal = rng.randint(15_000, 400_000)
        interest = rng.choice((0, 0, rng.randint(100, 30_000)))
        fees = rng.choice((0, 0, 0, rng.randint(500, 5_000)))
        lines.append(",".join((
            f"PAY{n:07d}", first, last, "", dob, phone, phone_type, "", line1, city, state, zip_code,
            rng.choice(DEBT_TYPES), _money(principal), _money(interest), _money(fees), itemized.isoformat(),
            "charge_off", itemized.isoformat(), f'"{rng.choice(CREDITORS)}"')))
    return ("\n".join(lines) + "\n").encode()


def _place(accounts: int, seed: int) -> dict:
    """Place the portfolio through the real import; returns what the workers need."""
    from django.db import connection
    from django.utils import timezone

    from arrears.placements.actions import import_placement_file
    from arrears.accounts.models import Account, AccountDebtor
    from arrears.clients.actions import create_client
    from arrears.users import roles
    from arrears.users.actions import create_user

    today = timezone.localdate()
    client = create_client(None, code="bench-payments", name="Benchmark Payments Bank", commission_rate_bp=2800)
    actor = create_user("bench-poster", "bench-poster-not-a-real-password", roles.SUPERVISOR, None,
                        first_name="Bench", check_password=False)
    content = _placement_csv(accounts, seed, today)
    started = time.perf_counter()
    batch = import_placement_file(client, "bench-payments.csv", content, None, today=today)
    seconds = time.perf_counter() - started
    if batch.status != "imported" or batch.errors:
        sys.exit(f"the placement import did not succeed: {batch.status}: {batch.message}\n{batch.report_csv[:2000]}")
    # Payments arrive on accounts that are being worked: put the portfolio to work first (a first payment on
    # a new account also moves it to active, which is not what a steady day of payments looks like).
    Account.objects.filter(client=client).update(status="active")
    ids = list(Account.objects.filter(client=client).order_by("pk").values_list("pk", flat=True))
    owners = dict(AccountDebtor.objects.filter(account__client=client, role="primary").values_list("account_id",
                                                                                                 "debtor_id"))
    linked = {d for d, n in Counter(owners.values()).items() if n > 1}
    # the hot accounts are owed by debtors with another account: paid often, they spill over, then leave credits
    hot = [a for a in ids if owners[a] in linked][:HOT_ACCOUNTS] or ids[:HOT_ACCOUNTS]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"account_ids": ids, "hot_ids": hot, "actor_id": actor.pk, "debtors": len(set(owners.values())),
            "linked_accounts": sum(1 for d in owners.values() if d in linked), "import_seconds": seconds}


# --- posting ---------------------------------------------------------------------------------------------------


class _Poster:
    """Draws (account, amount, method) from a seeded generator and posts through the real action."""

    def __init__(self, name: str, seed: int, placed: dict):
        from django.contrib.auth import get_user_model

        self.name, self.rng, self.ids, self.hot = name, random.Random(seed), placed["account_ids"], placed["hot_ids"]
        self.actor = get_user_model().objects.get(pk=placed["actor_id"])
        self.sent = 0

    def post(self) -> None:
        from arrears.accounts.models import Account
        from arrears.payments.actions.posting import post_payment

        rng = self.rng
        if rng.random() < HOT_SHARE:
            pk, amount = rng.choice(self.hot), rng.randint(10_000, 100_000)
        else:
            pk, amount = rng.choice(self.ids), rng.randint(500, 15_000)
        method = rng.choice(METHODS)
        key = f"bench-{self.name}-{self.sent}"
        self.sent += 1
        account = Account.objects.get(pk=pk)  # what a caller does first: the page or API names the account
        post_payment(account, self.actor, amount_cents=amount, method=method, idempotency_key=key,
                     reference=key, instrument="bench")


def _worker(index: int, database_url: str, var_dir: str, placed: dict, seed: int, seconds: float, barrier,
            results) -> None:
    """One client: its own process and connection; posts until the time is up, then reports."""
    try:
        _setup_django(database_url, var_dir, migrate=False)
        poster = _Poster(f"w{index}", seed * 1000 + index, placed)
        for _ in range(WARMUP):
            poster.post()
        barrier.wait(timeout=300)
        start = time.monotonic()
        deadline = start + seconds
        posted, errors, first_error, latencies = 0, 0, "", []
        while (began := time.monotonic()) < deadline:
            try:
                poster.post()
                posted += 1
            except Exception:
                errors += 1
                first_error = first_error or traceback.format_exc()
            latencies.append(time.monotonic() - began)
        end = time.monotonic()
        latencies.sort()
        results.put({"index": index, "posted": posted, "warmup": WARMUP, "errors": errors, "first_error": first_error,
                     "start": start, "end": end,
                     "p50": latencies[len(latencies) // 2] if latencies else 0,
                     "p99": latencies[int(len(latencies) * 0.99)] if latencies else 0})
    except BaseException:
        barrier.abort()
        results.put({"index": index, "fatal": traceback.format_exc()})


def _post_concurrently(database_url: str, var_dir: str, placed: dict, clients: int, seconds: float, seed: int) -> dict:
    from django.db import connections

    connections.close_all()  # the workers open their own
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(clients + 1), context.Queue()
    workers = [context.Process(target=_worker, args=(i, database_url, var_dir, placed, seed, seconds, barrier, results))
               for i in range(clients)]
    for worker in workers:
        worker.start()
    try:
        barrier.wait(timeout=300)
        waits = _sample_waits(seconds)
    except Exception:
        waits = {}  # a worker failed before the start: its report says why
    reports = [results.get(timeout=seconds + 600) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    fatal = [r["fatal"] for r in reports if "fatal" in r]
    if fatal:
        sys.exit("a payment worker failed:\n" + fatal[0][-4000:])
    posted = sum(r["posted"] for r in reports)
    elapsed = max(r["end"] for r in reports) - min(r["start"] for r in reports)
    return {"posted": posted, "warmup": sum(r["warmup"] for r in reports), "elapsed": elapsed,
            "rate": posted / elapsed, "errors": sum(r["errors"] for r in reports),
            "first_error": next((r["first_error"] for r in reports if r["first_error"]), ""),
            "p50_ms": 1000 * max(r["p50"] for r in reports), "p99_ms": 1000 * max(r["p99"] for r in reports),
            "per_worker": [r["posted"] for r in sorted(reports, key=lambda r: r["index"])], "waits": waits,
            "load": os.getloadavg()[0]}


def _sample_waits(seconds: float) -> dict:
    """While the workers post, what their backends are doing, ten times a second (PostgreSQL): the average
    number of backends per state, e.g. waiting on a row lock, or idle in a transaction waiting for Python."""
    from django.db import connection

    if connection.vendor != "postgresql":
        time.sleep(seconds)
        return {}
    states, samples = Counter(), 0
    deadline = time.monotonic() + seconds - 0.2
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT CASE WHEN wait_event_type = 'Lock' THEN 'waiting on a lock (' || wait_event || ')' "
                           "WHEN state = 'idle in transaction' THEN 'idle in a transaction' "
                           "WHEN state = 'active' THEN 'running SQL' ELSE 'idle' END "
                           "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                           "AND backend_type = 'client backend'")
            states.update(row[0] for row in cursor.fetchall())
            samples += 1
            time.sleep(0.1)
    connection.close()
    return {state: count / samples for state, count in states.most_common()} if samples else {}


def _shape(sql: str) -> str:
    """A statement with its literals taken out, to count statements by kind."""
    sql = re.sub(r'"s\d+_x\d+"', '"s?"', sql)  # savepoint names
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    sql = re.sub(r"\((?:\?, )+\?\)", "(?...)", sql)
    return re.sub(r"\s+", " ", sql).strip()


def _probe(placed: dict, seed: int) -> dict:
    """Post PROBE payments in this process with the SQL captured: statements per payment, by kind."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    poster = _Poster("probe", seed * 1000 + 999, placed)
    poster.post()  # warm
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        for _ in range(PROBE):
            poster.post()
        seconds = time.perf_counter() - started
    counts, times = Counter(), Counter()
    for query in captured.captured_queries:
        shape = _shape(query["sql"])
        counts[shape] += 1
        times[shape] += float(query["time"])
    top = [(counts[s] / PROBE, 1000 * times[s] / PROBE, s[:150]) for s, _ in times.most_common(40)]
    return {"posted": PROBE + 1, "queries": len(captured.captured_queries) / PROBE,
            "ms_per_payment": 1000 * seconds / PROBE, "sql_ms_per_payment": 1000 * sum(times.values()) / PROBE,
            "top": top}


def _verify(expected: int) -> dict:
    """SQL checks of what was written; returns the figures and the problems found."""
    from django.db import connection

    from arrears.ledger.models import Book, Entry, EntryKind, Posting
    from arrears.payments.models import Allocation, Payment

    posting, payment, allocation, entry = (m._meta.db_table for m in (Posting, Payment, Allocation, Entry))

    def one(sql: str, params=()) -> int:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.fetchone()[0] or 0)

    figures = {
        "payments": one(f"SELECT COUNT(*) FROM {payment}"),
        "unbalanced_entries": one(f"SELECT COUNT(*) FROM (SELECT entry_id FROM {posting} GROUP BY entry_id "
                                  "HAVING SUM(amount_cents) <> 0) t"),
        "payment_entries": one(f"SELECT COUNT(*) FROM {entry} WHERE kind = %s", [EntryKind.PAYMENT.value]),
        "allocations": one(f"SELECT COUNT(*) FROM {allocation}"),
        "received_cents": one(f"SELECT SUM(amount_cents) FROM {payment}"),
        "allocated_cents": one(f"SELECT SUM(amount_cents) FROM {allocation}"),
        "trust_cash_cents": one(f"SELECT SUM(amount_cents) FROM {posting} WHERE book = %s", [Book.TRUST_CASH.value]),
        "negative_buckets": one(f"SELECT COUNT(*) FROM (SELECT account_id, bucket FROM {posting} WHERE book = %s "
                                "GROUP BY account_id, bucket HAVING SUM(amount_cents) < 0) t", [Book.RECEIVABLE.value]),
        "credits": one(f"SELECT COUNT(*) FROM {payment} WHERE credit_cents > 0"),
        "accounts_paid": one(f"SELECT COUNT(DISTINCT account_id) FROM {allocation}"),
        "spilled": one(f"SELECT COUNT(*) FROM (SELECT payment_id FROM {allocation} GROUP BY payment_id "
                       "HAVING COUNT(*) > 1) t"),
    }
    problems = []
    if figures["payments"] != expected:
        problems.append(f"{figures['payments']} Payment rows for {expected} payments posted")
    if figures["unbalanced_entries"]:
        problems.append(f"{figures['unbalanced_entries']} ledger entries do not sum to zero")
    if figures["payment_entries"] != figures["allocations"]:
        problems.append(f"{figures['payment_entries']} payment entries for {figures['allocations']} allocations")
    if not figures["received_cents"] == figures["allocated_cents"] == figures["trust_cash_cents"]:
        problems.append(f"received {figures['received_cents']}, allocated {figures['allocated_cents']}, "
                        f"trust cash {figures['trust_cash_cents']} cents: they differ")
    if figures["negative_buckets"]:
        problems.append(f"{figures['negative_buckets']} receivable buckets below zero")
    figures["problems"] = problems
    return figures


# --- pgbench ---------------------------------------------------------------------------------------------------


def _pgbench_binary() -> str:
    found = shutil.which("pgbench") or ("/usr/bin/pgbench" if os.path.exists("/usr/bin/pgbench") else None)
    if not found:
        sys.exit("pgbench is needed for the baseline (Debian: postgresql-contrib / postgresql-client)")
    return found


def _checkpoint() -> None:
    """A checkpoint before each measured run, so neither pays for the other's dirty pages (needs superuser)."""
    from django.db import DatabaseError, connection

    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError:
        pass


def _pgbench_init(url: str, scale: int) -> float:
    started = time.perf_counter()
    init = subprocess.run([_pgbench_binary(), "-i", "-q", "-s", str(scale), url], capture_output=True, text=True)
    if init.returncode:
        sys.exit(f"pgbench -i failed:\n{init.stderr[-3000:]}")
    return time.perf_counter() - started


def _pgbench(url: str, clients: int, seconds: int) -> dict:
    """One timed pgbench tpcb-like run; its tps excludes the connection time, as pgbench reports it."""
    _checkpoint()
    command = [_pgbench_binary(), "-b", "tpcb-like", "-c", str(clients), "-j", str(clients), "-T", str(seconds), "-n",
               url]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"pgbench failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    tps = re.search(r"^tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)",
                    done.stdout, re.M) or re.search(r"^tps = ([\d.]+)", done.stdout, re.M)
    latency = re.search(r"^latency average = ([\d.]+) ms", done.stdout, re.M)
    if not tps:
        sys.exit(f"no tps line in pgbench's output:\n{done.stdout[-2000:]}")
    return {"tps": float(tps.group(1)), "latency_ms": float(latency.group(1)) if latency else None,
            "command": " ".join(command[:-1] + ["<scratch database>"])}


# --- the run ---------------------------------------------------------------------------------------------------


def _child(args) -> None:
    """Runs in a subprocess whose DATABASE_URL is the scratch database; prints the result as JSON."""
    database_url = os.environ["DATABASE_URL"]
    with tempfile.TemporaryDirectory(prefix="arrears-bench-") as var_dir:
        started = time.perf_counter()
        _setup_django(database_url, var_dir, migrate=True)
        _log(f"migrated a fresh {database_url.split(':')[0]} database in {time.perf_counter() - started:.1f} s")
        from django.db import connection

        vendor = connection.vendor
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        placed = _place(args.accounts, args.seed)
        _log(f"placed {len(placed['account_ids']):,} accounts of {placed['debtors']:,} debtors "
             f"({placed['linked_accounts']:,} accounts share a debtor) through the import in "
             f"{placed['import_seconds']:.1f} s ({time.perf_counter() - started:.1f} s with the file)")
        # The baseline runs in two halves, just before and just after the payments: on a machine shared with
        # other work, both sides then see the same conditions on average.
        pgbench, half = None, max(1, (args.pgbench_seconds + 1) // 2)
        if args.pgbench_url:
            pgbench = {"init_seconds": _pgbench_init(args.pgbench_url, args.pgbench_scale)}
            pgbench["before"] = _pgbench(args.pgbench_url, args.clients, half)
            _log(f"pgbench: initialised in {pgbench['init_seconds']:.1f} s; {pgbench['before']['tps']:.0f} tps before")
        _checkpoint()
        run = _post_concurrently(database_url, var_dir, placed, args.clients, args.seconds, args.seed)
        _log(f"posted {run['posted']:,} payments in {run['elapsed']:.1f} s from {args.clients} workers")
        if pgbench:
            pgbench["after"] = _pgbench(args.pgbench_url, args.clients, half)
            pgbench.update(tps=(pgbench["before"]["tps"] + pgbench["after"]["tps"]) / 2, seconds=2 * half,
                           command=pgbench["after"]["command"])
            _log(f"pgbench: {pgbench['after']['tps']:.0f} tps after")
        probe = _probe(placed, args.seed)
        checks = _verify(run["posted"] + run["warmup"] + probe["posted"])
    print(json.dumps({"vendor": vendor, "load_before": load_before, "accounts": len(placed["account_ids"]),
                      "debtors": placed["debtors"], "import_seconds": placed["import_seconds"], "run": run,
                      "probe": probe, "checks": checks, "pgbench": pgbench}))


def _in_child(database_url: str, args, clients: int, pgbench_url: str | None) -> dict:
    command = [sys.executable, __file__, "--child", "--accounts", str(args.accounts), "--clients", str(clients),
               "--seconds", str(args.seconds), "--pgbench-seconds", str(args.pgbench_seconds),
               "--pgbench-scale", str(args.pgbench_scale or clients), "--seed", str(args.seed)]
    if pgbench_url:
        command += ["--pgbench-url", pgbench_url]
    done = subprocess.run(command, env={**os.environ, "DATABASE_URL": database_url}, stdout=subprocess.PIPE, text=True)
    if done.returncode:
        sys.exit(f"the run failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _on_postgres(server_url: str, args) -> dict:
    import psycopg
    from psycopg import sql

    names = [f"arrears_bench_payments_{os.getpid()}", f"arrears_bench_pgbench_{os.getpid()}"]
    url = urlsplit(server_url)
    admin_url = urlunsplit(url._replace(path="/postgres"))  # the named database need not exist
    with psycopg.connect(admin_url, autocommit=True) as admin:
        for name in names:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        arrears_url, pgbench_url = (urlunsplit(url._replace(path=f"/{name}")) for name in names)
        return _in_child(arrears_url, args, args.clients, pgbench_url)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            for name in names:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_ACCOUNTS:,} accounts, {QUICK_SECONDS} s of posting, {QUICK_PGBENCH_SECONDS} s of "
                             f"pgbench (instead of {FULL_ACCOUNTS:,}, {FULL_SECONDS} s, {FULL_PGBENCH_SECONDS} s)")
    parser.add_argument("--accounts", type=int)
    parser.add_argument("--clients", type=int, default=CLIENTS, help="concurrent connections on both sides")
    parser.add_argument("--seconds", type=float, help="how long each worker posts")
    parser.add_argument("--pgbench-seconds", type=int)
    parser.add_argument("--pgbench-scale", type=int, help="pgbench -i -s (default: the number of clients)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", action="store_true", help="also list the statements of a payment by time")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--pgbench-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.accounts = args.accounts or (QUICK_ACCOUNTS if args.quick else FULL_ACCOUNTS)
    args.seconds = args.seconds or (QUICK_SECONDS if args.quick else FULL_SECONDS)
    args.pgbench_seconds = args.pgbench_seconds or (QUICK_PGBENCH_SECONDS if args.quick else FULL_PGBENCH_SECONDS)
    if args.child:
        return _child(args)

    postgres_url = os.environ.get("ARREARS_BENCH_POSTGRES_URL") or os.environ.get("ARREARS_TEST_DATABASE_URL")
    if postgres_url:
        result = _on_postgres(postgres_url, args)
    else:
        with tempfile.TemporaryDirectory(prefix="arrears-bench-") as tmp:
            result = _in_child(f"sqlite:///{tmp}/arrears.sqlite3", args, 1, None)
    run, probe, checks, pgbench = result["run"], result["probe"], result["checks"], result["pgbench"]
    label = result["vendor"]
    workers = len(run["per_worker"])
    print(f"{label}: load average {result['load_before']:.2f} before the run, {run['load']:.2f} after posting "
          f"({os.cpu_count()} cores)")
    print(f"{label}: {result['accounts']:,} accounts of {result['debtors']:,} debtors placed through the import in "
          f"{result['import_seconds']:.1f} s")
    if pgbench:
        print(f"{label}: pgbench tpcb-like, {workers} clients, scale {args.pgbench_scale or workers}, "
              f"{pgbench['seconds']} s in two halves around the payments: {pgbench['tps']:,.0f} tps "
              f"({pgbench['before']['tps']:,.0f} before, {pgbench['after']['tps']:,.0f} after; average latency "
              f"{pgbench['before']['latency_ms']} and {pgbench['after']['latency_ms']} ms) ({pgbench['command']})")
    print(f"{label}: {run['posted']:,} payments posted by {workers} worker(s) in {run['elapsed']:.1f} s: "
          f"{run['rate']:,.0f} payments/s; latency p50 {run['p50_ms']:.1f} ms, p99 {run['p99_ms']:.1f} ms; "
          f"per worker {run['per_worker']}")
    if run["waits"]:
        print(f"{label}: the workers' backends meanwhile, on average: "
              + ", ".join(f"{share:.2f} {state}" for state, share in run["waits"].items()))
    print(f"{label}: one payment runs {probe['queries']:.1f} SQL statements (the account look-up included): "
          f"{probe['ms_per_payment']:.1f} ms alone on one connection, {probe['sql_ms_per_payment']:.1f} ms of it "
          "waiting on the database")
    if args.profile:
        print(f"{label}: statements per payment, by time (count, ms, statement):")
        for count, ms, shape in probe["top"]:
            print(f"  {count:5.2f} {ms:6.3f} ms  {shape}")
    posted = run["posted"] + run["warmup"] + probe["posted"]
    consistent = checks["received_cents"] == checks["allocated_cents"] == checks["trust_cash_cents"]
    print(f"{label}: check: {checks['payments']:,} Payment rows for {posted:,} posted, "
          f"{checks['unbalanced_entries']} unbalanced entries, {checks['allocations']:,} allocations to "
          f"{checks['accounts_paid']:,} accounts ({checks['spilled']:,} payments spilled to a linked account, "
          f"{checks['credits']:,} left a credit), {checks['negative_buckets']} negative buckets, "
          f"trust cash = received = allocated: {'yes' if consistent else 'NO'}")
    failed = list(checks["problems"])
    if run["errors"]:
        failed.append(f"{run['errors']} payments failed; the first:\n{run['first_error'][-3000:]}")
    if pgbench:
        ratio = f"{run['rate'] / pgbench['tps']:.4f}"
        baseline = f"{pgbench['tps']:.0f} tps"
    else:
        print("note: the ratio to pgbench needs PostgreSQL: set ARREARS_BENCH_POSTGRES_URL (or "
              "ARREARS_TEST_DATABASE_URL); this run posted from one worker on SQLite")
        ratio, baseline = "n/a", "no PostgreSQL"
    if failed:
        print("FAILED: " + "\nFAILED: ".join(failed), file=sys.stderr)
    print(f"payments_post: {run['rate']:.0f} payments/s; ratio {ratio} to pgbench tpcb-like ({baseline})")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
