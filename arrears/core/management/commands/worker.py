"""arrears worker: runs background tasks (placement imports, ...) from the database queue, and the periodic
jobs each app registers in its `jobs.py` (collected by `arrears.core.scheduler`)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from arrears.core.keys import check_digest_key
from arrears.core.scheduler import start_thread


class Command(BaseCommand):
    help = "Run the background task worker (django-tasks-db). --batch: run what is queued, then exit."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="process every queued task, then exit")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls when idle")
        parser.add_argument("--no-scheduler", action="store_true", help="do not run the periodic jobs here")

    def handle(self, *args, **options):
        check_digest_key()  # an import with a changed digest key would split debtors in two
        extra = ["--batch"] if options["batch"] else []
        if not options["batch"] and not options["no_scheduler"]:
            start_thread()
        call_command("db_worker", "--queue-name", "*", "--interval", str(options["interval"]), "--no-reload",
                     "--no-startup-delay", *extra, verbosity=options["verbosity"])
