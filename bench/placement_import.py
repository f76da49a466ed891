"""How fast a placement file imports, against loading the same file into a plain table.

    python bench/placement_import.py [--quick] [--rows N] [--seed S]

Generates an N-row placement file with the demo generator (default 100,000 rows; --quick 5,000),
imports it with the real action (validation, debtors, contact points, accounts, parties, ledger
openings, audit, in one transaction) into a fresh, migrated SQLite database in a temporary directory,
and, as the baseline in the same run, reads the same bytes with the csv module and inserts the rows
into a plain all-text table with one bare sqlite3 `executemany`. When ARREARS_BENCH_POSTGRES_URL (or
ARREARS_TEST_DATABASE_URL) names a PostgreSQL server, the import also runs on a scratch database there
(created and dropped here) against `COPY` of the same file into a plain table.

The last line is `placement_import: <rows/s> rows/s; ratio <r> to sqlite executemany` (SQLite figures).
"""

import argparse
import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
FULL_ROWS = 100_000
QUICK_ROWS = 5_000
CLIENT_CODE = "bench-bank"


def _setup_django(database_url: str, var_dir: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "arrears.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["ARREARS_VAR_DIR"] = var_dir
    os.environ["DEBUG"] = "1"
    os.environ.setdefault("LOG_LEVEL", "warning")
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings

    # DEBUG=1 lets the settings start without production keys. Left on, Django would also keep the SQL of
    # every statement and quote its parameters to do so, which a production import never does.
    settings.DEBUG = False
    call_command("migrate", verbosity=0, interactive=False)


def _import(content: bytes, today_iso: str) -> float:
    """Import `content` for a new client through the real action; seconds taken. Fails loudly unless imported."""
    from datetime import date

    from arrears.placements.actions import import_placement_file
    from arrears.clients.actions import create_client

    client = create_client(None, code=CLIENT_CODE, name="Benchmark Bank")
    started = time.perf_counter()
    batch = import_placement_file(client, "bench.csv", content, None, today=date.fromisoformat(today_iso))
    seconds = time.perf_counter() - started
    if batch.status != "imported" or batch.errors:
        sys.exit(f"the import did not succeed: {batch.status}: {batch.message}\n{batch.report_csv[:2000]}")
    return seconds


def _sqlite_executemany(content: bytes, path: str) -> float:
    """The floor on SQLite: decode, split into fields, insert as text, commit. Same pragmas as arrears uses."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    header = content[: content.index(b"\n")].decode().split(",")
    connection.execute(f"CREATE TABLE placement ({', '.join(f'{c} TEXT' for c in header)})")
    connection.commit()
    started = time.perf_counter()
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    next(reader)
    connection.executemany(f"INSERT INTO placement VALUES ({', '.join('?' * len(header))})", reader)
    connection.commit()
    seconds = time.perf_counter() - started
    count = connection.execute("SELECT count(*) FROM placement").fetchone()[0]
    connection.close()
    return seconds if count else sys.exit("the executemany baseline inserted nothing")


def _postgres_copy(content: bytes) -> float:
    """The floor on PostgreSQL: COPY the same bytes into a plain all-text table."""
    from django.db import connection

    header = content[: content.index(b"\n")].decode().split(",")
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_placement ({', '.join(f'{c} text' for c in header)})")
    started = time.perf_counter()
    with connection.cursor() as cursor:  # autocommit: the COPY is committed when it ends
        with cursor.cursor.copy("COPY bench_placement FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            copy.write(content)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_placement")
        if not cursor.fetchone()[0]:
            sys.exit("the COPY baseline inserted nothing")
    return seconds


def _postgres_child(file_name: str, today_iso: str) -> None:
    """Runs in a subprocess whose DATABASE_URL is the scratch PostgreSQL database."""
    with tempfile.TemporaryDirectory(prefix="arrears-bench-") as var_dir:
        _setup_django(os.environ["DATABASE_URL"], var_dir)
        content = Path(file_name).read_bytes()
        result = {"import": _import(content, today_iso), "copy": _postgres_copy(content)}
    print(json.dumps(result))


def _run_postgres(server_url: str, file_name: str, today_iso: str) -> dict:
    """Import on a scratch database created (and dropped) on the server `server_url` points to."""
    import psycopg
    from psycopg import sql

    name = f"arrears_bench_{os.getpid()}"
    url = urlsplit(server_url)
    admin_url = urlunsplit(url._replace(path="/postgres"))  # the named database need not exist
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        env = {**os.environ, "DATABASE_URL": urlunsplit(url._replace(path=f"/{name}"))}
        done = subprocess.run([sys.executable, __file__, "--postgres-child", file_name, "--today", today_iso],
                              env=env, capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"the PostgreSQL run failed:\n{done.stderr[-4000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _generate(file_name: str, rows: int, seed: int, today_iso: str) -> None:
    """Runs in a subprocess: write the placement file (Django is set up only for the generator's imports)."""
    from datetime import date

    with tempfile.TemporaryDirectory(prefix="arrears-bench-") as var_dir:
        sys.path.insert(0, str(ROOT))
        os.environ.update(DJANGO_SETTINGS_MODULE="arrears.settings", ARREARS_VAR_DIR=var_dir, DEBUG="1")
        import django

        django.setup()
        from arrears.demo.placements import placement_csv

        Path(file_name).write_bytes(placement_csv(rows, seed, "harbor-bank", today=date.fromisoformat(today_iso)))


def _line(label: str, rows: int, seconds: float) -> str:
    return f"{label:<30} {rows:>8} rows in {seconds:7.2f} s: {rows / seconds:>10,.0f} rows/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ROWS:,} rows instead of {FULL_ROWS:,}")
    parser.add_argument("--rows", type=int, help="rows in the generated file")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--postgres-child", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--generate-to", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--today", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.postgres_child:
        return _postgres_child(args.postgres_child, args.today)
    if args.generate_to:
        return _generate(args.generate_to, args.rows, args.seed, args.today)
    rows = args.rows or (QUICK_ROWS if args.quick else FULL_ROWS)
    postgres_url = os.environ.get("ARREARS_BENCH_POSTGRES_URL") or os.environ.get("ARREARS_TEST_DATABASE_URL")

    with tempfile.TemporaryDirectory(prefix="arrears-bench-") as tmp:
        _setup_django(f"sqlite:///{tmp}/arrears.sqlite3", tmp)
        from django.utils import timezone

        today = timezone.localdate()
        file_name = f"{tmp}/placement.csv"
        started = time.perf_counter()
        # Generated in another process: the generator checks every phone number with the import's own
        # normaliser, whose cache would otherwise hand the import its answers for free.
        subprocess.run([sys.executable, __file__, "--generate-to", file_name, "--rows", str(rows), "--seed",
                        str(args.seed), "--today", today.isoformat()], env=os.environ, check=True)
        content = Path(file_name).read_bytes()
        print(f"file: {rows} rows, {len(content) / 1e6:.1f} MB of CSV, generated in {time.perf_counter() - started:.1f} s")

        baseline = _sqlite_executemany(content, f"{tmp}/baseline.sqlite3")
        print(_line("sqlite executemany (baseline)", rows, baseline))
        imported = _import(content, today.isoformat())
        print(_line("sqlite placement import", rows, imported))
        if postgres_url:
            result = _run_postgres(postgres_url, file_name, today.isoformat())
            print(_line("postgres COPY (baseline)", rows, result["copy"]))
            print(_line("postgres placement import", rows, result["import"]))
            print(f"postgres: ratio {result['copy'] / result['import']:.4f} to COPY")
    figure, ratio = rows / imported, baseline / imported
    print(f"placement_import: {figure:.0f} rows/s; ratio {ratio:.4f} to sqlite executemany")


if __name__ == "__main__":
    main()
