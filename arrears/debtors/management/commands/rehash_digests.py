"""arrears rehash_digests: recompute the SSN/TIN and identity digests with the configured key.

Run it after changing the key the digests are made with (the last FIELD_ENCRYPTION_KEY, or SECRET_KEY without
one) while the old and new Fernet keys can both decrypt the data: `arrears serve` and `arrears worker` refuse to
start until it has run. One transaction; one audit row."""

from django.core.management.base import BaseCommand

from arrears.debtors.actions import rehash_digests
from arrears.users.commands import command_actor


class Command(BaseCommand):
    help = "Recompute every debtor's lookup digests with the configured key and record the key's fingerprint."

    def add_arguments(self, parser):
        parser.add_argument("--user", help="the username to record as having run it (default: system)")

    def handle(self, *args, **options):
        actor = command_actor(options["user"])
        changed = rehash_digests(actor)
        self.stdout.write(f"Lookup digests recomputed: {changed} debtors changed; the new key is recorded.")
