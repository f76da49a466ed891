"""arrears import placements FILE --client CODE [--skip-bad-rows] [--report FILE] [--user NAME]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from arrears.clients.models import Client
from arrears.placements.actions import import_placement_file
from arrears.placements.models import PlacementStatus
from arrears.users.commands import command_actor


class Command(BaseCommand):
    help = "Import a file: `arrears import placements FILE --client CODE` (CSV or .xlsx; see docs/placement-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["placements"], help="what the file holds")
        parser.add_argument("file", type=Path)
        parser.add_argument("--client", required=True, help="client code the accounts are placed by")
        parser.add_argument("--skip-bad-rows", action="store_true",
                            help="import the good rows when some rows have errors (the bad ones are reported)")
        parser.add_argument("--report", type=Path, help="write the row-by-row report to this CSV file")
        parser.add_argument("--user", help="username recorded as the importer (default: system)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        client = Client.objects.filter(code=options["client"]).first()
        if client is None:
            known = ", ".join(Client.objects.values_list("code", flat=True)[:20]) or "none yet"
            raise CommandError(f"no client with code {options['client']!r} (known: {known})")
        if not client.active:
            raise CommandError(f"client {client.code} is inactive; placements are refused")
        actor = command_actor(options["user"])
        console = Console(stderr=True)
        columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
        with Progress(*columns, console=console, disable=options["no_progress"], transient=True) as bar:
            tasks = {}

            def progress(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    label = "Validating rows" if phase == "validate" else "Writing accounts"
                    tasks[phase] = bar.add_task(label, total=total or None)
                bar.update(tasks[phase], completed=done, total=total or None)

            batch = import_placement_file(client, path.name, path.read_bytes(), actor,
                                          skip_bad_rows=options["skip_bad_rows"], progress=progress)
        if options["report"]:
            Path(options["report"]).write_text(batch.report_csv)
        self._print_report(batch, console)
        if batch.status in (PlacementStatus.REJECTED, PlacementStatus.FAILED):
            raise CommandError(batch.message)
        self.stdout.write(f"batch #{batch.pk}: {batch.message}")

    def _print_report(self, batch, console: Console, limit: int = 30) -> None:
        lines = batch.report_csv.splitlines()[1:]
        for line in lines[:limit]:
            self.stderr.write(line)
        if len(lines) > limit:
            console.print(f"... {len(lines) - limit} more lines (use --report FILE for all of them)")
