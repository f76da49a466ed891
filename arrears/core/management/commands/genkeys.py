"""arrears genkeys [--write FILE]: a fresh SECRET_KEY and FIELD_ENCRYPTION_KEY for an environment file.

With --write the keys go to FILE (readable by its owner only) instead of the screen, once: an existing file is
never overwritten, because data encrypted with its keys could not be read with new ones. `make demo` writes
var/local.env this way, and arrears reads that file when it is there (environment variables win)."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.management.utils import get_random_secret_key

from arrears.core.crypto import generate_key


class Command(BaseCommand):
    help = "Print new SECRET_KEY and FIELD_ENCRYPTION_KEY values (keep them out of version control)."

    def add_arguments(self, parser):
        parser.add_argument("--write", metavar="FILE", help="write them to FILE (created, never overwritten)")
        parser.add_argument("--demo", action="store_true",
                            help="also name the fake card processor, for a demo or development database")

    def handle(self, *args, **options):
        lines = [f"SECRET_KEY={get_random_secret_key()}", f"FIELD_ENCRYPTION_KEY={generate_key()}"]
        if options["demo"]:
            lines.append("PAYMENT_PROCESSOR=fake")
        if not options["write"]:
            for line in lines:
                self.stdout.write(line)
            return
        path = Path(options["write"])
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise CommandError(f"{path} exists; its keys are kept (data encrypted with them needs them)") from None
        with os.fdopen(descriptor, "w") as out:
            out.write("# arrears keys, written by `arrears genkeys`. Keep this file private and backed up: without\n"
                      "# FIELD_ENCRYPTION_KEY the SSNs and dates of birth in the database cannot be read.\n")
            out.write("\n".join(lines) + "\n")
        self.stdout.write(f"Keys written to {path}")
