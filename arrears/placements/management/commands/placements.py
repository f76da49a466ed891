"""arrears placements list [--status S] [--client CODE] | sweep [--stale-minutes N] | retry BATCH [--user NAME]"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from arrears.core.errors import InvalidTransition
from arrears.placements.actions import (
    process_placement_batch,
    retry_placement_batch,
    sweep_stale_batches,
)
from arrears.placements.models import PlacementBatch, PlacementStatus
from arrears.users.commands import command_actor


class Command(BaseCommand):
    help = "The placement batches: list them, fail the imports that stopped (sweep), or retry one that failed."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        listing = sub.add_parser("list", help="the latest batches, newest first, with their status")
        listing.add_argument("--status", choices=PlacementStatus.values)
        listing.add_argument("--client", help="only this client's batches (its code)")
        listing.add_argument("--limit", type=int, default=30)
        sweep = sub.add_parser("sweep", help="mark failed the imports with no progress for a while (their worker died)")
        sweep.add_argument("--stale-minutes", type=int, help="how long without progress (default PLACEMENT_STALE_MINUTES)")
        retry = sub.add_parser("retry", help="import a failed or stopped batch again, now")
        retry.add_argument("batch", type=int, help="the batch number")
        retry.add_argument("--user", help="username recorded as retrying it (default: system)")

    def handle(self, *args, **options):
        getattr(self, f"_{options['what']}")(options)

    def _list(self, options):
        batches = PlacementBatch.objects.defer("content", "report_csv").select_related("client")
        if options["status"]:
            batches = batches.filter(status=options["status"])
        if options["client"]:
            batches = batches.filter(client__code=options["client"])
        batches = list(batches[: options["limit"]])
        width = max((len(batch.client.code) for batch in batches), default=0)
        for batch in batches:
            self.stdout.write(f"#{batch.pk:<6} {timezone.localtime(batch.created_at):%Y-%m-%d %H:%M}  "
                              f"{batch.client.code:<{width}}  {batch.status:<10} attempts {batch.attempts}  "
                              f"{batch.file_name}  {batch.message}")

    def _sweep(self, options):
        minutes = options["stale_minutes"]
        stopped = sweep_stale_batches(stale_after=timedelta(minutes=minutes) if minutes else None)
        for batch in stopped:
            self.stdout.write(f"#{batch.pk} {batch.file_name}: {batch.message}")
        self.stdout.write(f"{len(stopped)} stopped imports marked failed")

    def _retry(self, options):
        batch = PlacementBatch.objects.select_related("client").filter(pk=options["batch"]).first()
        if batch is None:
            raise CommandError(f"no placement batch #{options['batch']}")
        actor = command_actor(options["user"])
        try:
            batch = retry_placement_batch(batch, actor)
        except InvalidTransition as exc:
            raise CommandError(str(exc)) from None
        batch = process_placement_batch(batch)
        if batch.status in (PlacementStatus.REJECTED, PlacementStatus.FAILED):
            raise CommandError(f"batch #{batch.pk}: {batch.message}")
        self.stdout.write(f"batch #{batch.pk}: {batch.message}")
