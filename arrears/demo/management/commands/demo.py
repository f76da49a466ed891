"""arrears demo --accounts N [--seed S] [--if-empty]: a synthetic portfolio to try arrears with."""

import time

from django.core.management.base import BaseCommand, CommandError

from arrears.accounts.models import Account
from arrears.core.money import format_cents
from arrears.demo.build import DEMO_PASSWORD, DemoFailed, build_demo, demo_logins, portfolio_summary
from arrears.demo.placements import DEFAULT_SEED


class Command(BaseCommand):
    help = (
        "Build a demo portfolio: five creditor clients, one login per role (password "
        f"{DEMO_PASSWORD!r}), a placement file per client imported through the real import, and some "
        "contact history. The same seed gives the same portfolio; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--accounts", type=int, default=2000, help="accounts to place across the clients")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing (but print the logins) if the database has any account")

    def handle(self, *args, **options):
        if options["accounts"] < 1:
            raise CommandError("--accounts must be at least 1")
        if options["if_empty"] and Account.objects.exists():
            self.stdout.write("The database already has accounts: no demo portfolio added.")
        else:
            started = time.monotonic()
            try:
                result = build_demo(options["accounts"], options["seed"])
            except DemoFailed as exc:
                raise CommandError(f"the demo portfolio could not be imported: {exc}") from None
            for code, name, message in result.files:
                self.stdout.write(f"{name}: {message}")
            self.stdout.write(f"Contact history: {result.contact_attempts} attempts on {result.accounts_worked} "
                              f"accounts; {result.payments} payments and {result.arrangements} arrangements "
                              f"({time.monotonic() - started:.1f} s in all).")
        self._summary()
        self._logins()

    def _summary(self) -> None:
        rows = portfolio_summary()
        if not rows:
            return
        self.stdout.write("")
        self.stdout.write(f"{'client':<14} {'name':<30} {'accounts':>9} {'balance':>16}")
        for code, name, accounts, cents in rows:
            self.stdout.write(f"{code:<14} {name[:30]:<30} {accounts:>9,} {format_cents(cents):>16}")
        total_accounts, total_cents = sum(r[2] for r in rows), sum(r[3] for r in rows)
        self.stdout.write(f"{'total':<14} {'':<30} {total_accounts:>9,} {format_cents(total_cents):>16}")

    def _logins(self) -> None:
        logins = demo_logins()
        self.stdout.write("")
        if not any(exists for *_, exists in logins):
            self.stdout.write("No demo logins in this database (it was not built by `arrears demo`).")
            return
        self.stdout.write("Demo logins:")
        self.stdout.write(f"  {'username':<12} {'password':<14} role")
        for username, password, role, exists in logins:
            if exists:
                self.stdout.write(f"  {username:<12} {password:<14} {role}")
