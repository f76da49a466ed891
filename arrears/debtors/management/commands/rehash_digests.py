"""arrears rehash_digests: recompute the SSN/TIN and identity digests with the configured key.

Run it after changing the key the digests are made with (the last FIELD_ENCRYPTION_KEY, or SECRET_KEY without
one) while the old and new Fernet keys can both decrypt the data: `arrears serve` and `arrears worker` refuse to
start until it has run. One transaction; one audit row."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from arrears.debtors.actions import rehash_digests


class Command(BaseCommand):
    help = "Recompute every debtor's lookup digests with the configured key and record the key's fingerprint."

    def add_arguments(self, parser):
        parser.add_argument("--user", help="the username to record as having run it (default: system)")

    def handle(self, *args, **options):
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"no user {options['user']!r}")
        changed = rehash_digests(actor)
        self.stdout.write(f"Lookup digests recomputed: {changed} debtors changed; the new key is recorded.")
