"""arrears genkeys: print a fresh SECRET_KEY and FIELD_ENCRYPTION_KEY for a production environment file."""

from django.core.management.base import BaseCommand
from django.core.management.utils import get_random_secret_key

from arrears.core.crypto import generate_key


class Command(BaseCommand):
    help = "Print new SECRET_KEY and FIELD_ENCRYPTION_KEY values (keep them out of version control)."

    def handle(self, *args, **options):
        self.stdout.write(f"SECRET_KEY={get_random_secret_key()}")
        self.stdout.write(f"FIELD_ENCRYPTION_KEY={generate_key()}")
