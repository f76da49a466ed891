"""arrears jobs list | run NAME [--on DATE] | due: the periodic jobs and their last runs."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from arrears.core.models import JobRun
from arrears.core.scheduler import job_named, jobs, run, run_due


class Command(BaseCommand):
    help = "List the periodic jobs, run one now (for a date), or run whatever is due."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        sub.add_parser("list", help="the jobs, when they run and their last run")
        one = sub.add_parser("run", help="run a job now, whatever the time")
        one.add_argument("name", choices=sorted(job.name for job in jobs()))
        one.add_argument("--on", type=date.fromisoformat, help="the day to run it for (default today)")
        sub.add_parser("due", help="run the jobs whose time has come today and that have not run")

    def handle(self, *args, **options):
        if options["what"] == "list":
            for job in jobs():
                last = JobRun.objects.filter(job=job.name).first()
                status = "never run" if last is None else (
                    f"last {timezone.localtime(last.started_at):%Y-%m-%d %H:%M} "
                    + {True: "ok", False: "FAILED", None: "running"}[last.ok])
                self.stdout.write(f"{job.name:<24} every {job.cadence:<12} {job.at:%H:%M}  {status}  — {job.help}")
            return
        runs = run_due() if options["what"] == "due" else [
            run(job_named(options["name"]), options["on"] or timezone.localdate(),
                key=f"{options['name']}:manual:{timezone.now().isoformat()}")]
        failed = False
        for record in runs:
            self.stdout.write(f"{record.key}: {'ok' if record.ok else 'FAILED'} {record.result or record.error[:500]}")
            failed |= not record.ok
        if failed:
            raise CommandError("a job failed")
