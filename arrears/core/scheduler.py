"""Periodic jobs: a small scheduler that the worker runs in a thread, backed by the JobRun table.

Each job has a time of day (New York time, the agency's clock) and a cadence: every day, every banking day
(Federal Reserve calendar), the first of the month, or every N minutes (`every_minutes`, from the time of
day on; its period is the N-minute slot of the day). When its time has passed and there is no run for the
period yet, the first worker to insert the run key runs it; the others see the key and skip it. A run that
fails is recorded with its error and not retried automatically: `arrears jobs run NAME` runs it again.

Each app registers its own jobs: a `jobs.py` module in the app with `JOBS`, a sequence of `Job`. The
scheduler collects them from the installed apps and names none itself.
"""

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, close_old_connections
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from .calendar import is_banking_day
from .models import JobRun

log = logging.getLogger("arrears.jobs")


@dataclass(frozen=True)
class Job:
    name: str
    at: time
    every: str  # "day", "banking_day", "month", "minutes" (every `every_minutes`)
    function: Callable[[date], object]  # takes the day it runs for, returns a JSON-able summary
    help: str
    every_minutes: int = 0

    def period_key(self, now_local: datetime) -> str:
        """The run key of the period `now_local` (agency time) falls in."""
        day = now_local.date().isoformat()
        if self.every != "minutes":
            return f"{self.name}:{day}"
        minute = (now_local.hour * 60 + now_local.minute) // self.every_minutes * self.every_minutes
        return f"{self.name}:{day}T{minute // 60:02d}:{minute % 60:02d}"

    @property
    def cadence(self) -> str:
        return f"{self.every_minutes} minutes" if self.every == "minutes" else self.every

    def runs_on(self, day: date) -> bool:
        if self.every == "month":
            return day.day == 1
        if self.every == "banking_day":
            return is_banking_day(day)
        return True

    def call(self, on: date):
        return self.function(on)


@cache
def jobs() -> tuple[Job, ...]:
    """Every installed app's jobs (`<app>/jobs.py`, `JOBS`), in the order of their time of day."""
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "jobs"):
            found.extend(import_module(f"{config.name}.jobs").JOBS)
    names = [job.name for job in found]
    if twice := sorted({name for name in names if names.count(name) > 1}):
        raise ImproperlyConfigured(f"more than one periodic job is named {', '.join(twice)}")
    return tuple(sorted(found, key=lambda job: (job.at, job.name)))


def job_named(name: str) -> Job:
    """The job called `name`; KeyError when no installed app registers it."""
    return {job.name: job for job in jobs()}[name]


def run(job: Job, on: date, *, key: str | None = None) -> JobRun | None:
    """Run the job for `on` under its run key; None when another run already has that key."""
    key = key or f"{job.name}:{on.isoformat()}"
    try:
        record = JobRun.objects.create(job=job.name, key=key)
    except IntegrityError:
        return None
    try:
        result = job.call(on)
    except Exception as exc:  # noqa: BLE001 - recorded on the run, and logged
        log.exception("job %s failed", key)
        JobRun.objects.filter(pk=record.pk).update(finished_at=timezone.now(), ok=False,
                                                   error=f"{exc}\n{traceback.format_exc()}"[-5000:])
    else:
        JobRun.objects.filter(pk=record.pk).update(finished_at=timezone.now(), ok=True,
                                                   result=result if isinstance(result, dict) else {"result": result})
    record.refresh_from_db()
    return record


def due_jobs(now: datetime) -> list[Job]:
    local = timezone.localtime(now)
    today = local.date()
    keys = set(JobRun.objects.filter(key__in=[j.period_key(local) for j in jobs()]).values_list("key", flat=True))
    return [job for job in jobs() if job.runs_on(today) and local.time() >= job.at
            and job.period_key(local) not in keys]


def run_due(now: datetime | None = None) -> list[JobRun]:
    local = timezone.localtime(now or timezone.now())
    return [r for job in due_jobs(local) if (r := run(job, local.date(), key=job.period_key(local))) is not None]


def start_thread(interval: float = 30.0) -> threading.Event:
    """Run due jobs every `interval` seconds in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            close_old_connections()
            try:
                run_due()
            except Exception:  # noqa: BLE001 - the scheduler keeps going; the error is in the log
                log.exception("the scheduler failed to check for due jobs")
            stop.wait(interval)

    threading.Thread(target=loop, name="arrears-scheduler", daemon=True).start()
    return stop
