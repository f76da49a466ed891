"""Importing a placement file: accept it, validate every row, then write it all or nothing.

Re-importing a file already imported for the client changes nothing; accounts already placed are
skipped with a warning; debtors already known (same SSN/TIN, or same name and date of birth) are linked
to the new accounts, and only their new phones, emails and addresses are added. Each account's party keeps
the name this client sent, and the client gets its provenance of every contact point its file supplied
(new or already on file), with the consents its file gave.
"""

import csv
import hashlib
import io
import logging
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.utils import timezone

from arrears.audit import actions as audit
from arrears.clients.models import Client
from arrears.core import crypto
from arrears.core.errors import InvalidInput, InvalidTransition
from arrears.core.export import safe_row

from ..models import PlacementBatch, PlacementStatus
from ..reader import FileProblem, read_table
from ..validate import ERROR, WARNING, Issue, validate_table
from .writing import write_batch

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (phase, done, total)


def _noop(phase: str, done: int, total: int) -> None:
    pass


def receive_placement_file(client: Client, file_name: str, content: bytes, actor, *, skip_bad_rows: bool = False) -> PlacementBatch:
    """Store a placement file as a queued batch. `process_placement_batch` (or its task) imports it."""
    if not client.active:
        raise InvalidInput(f"client {client.code} is inactive; placements are refused", field="client")
    # The file is kept encrypted: it carries SSNs and dates of birth, which are never stored in clear.
    batch = PlacementBatch.objects.create(
        client=client, file_name=file_name[:255], file_sha256=hashlib.sha256(content).hexdigest(),
        content=crypto.encrypt_bytes(content),
        skip_bad_rows=skip_bad_rows, created_by=actor if actor is not None and actor.pk else None,
    )
    audit.record(actor, "placement.received", batch, f"Placement file {file_name} received for {client.code}",
                 after={"sha256": batch.file_sha256, "bytes": len(content), "skip_bad_rows": skip_bad_rows})
    return batch


def report_csv(file_name: str, issues: Iterable[Issue]) -> str:
    """The row-by-row report, safe to open in a spreadsheet (a file name or column like a formula stays text)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "row", "column", "severity", "problem"])
    for issue in issues:
        writer.writerow(safe_row([file_name, issue.row or "", issue.column, issue.severity, issue.problem]))
    return out.getvalue()


RUNNING = (PlacementStatus.VALIDATING, PlacementStatus.WRITING)
HEARTBEAT_ROWS = 1000  # validation touches the heartbeat this often


def _finish(batch: PlacementBatch, status: str, message: str, issues: list[Issue], **counts) -> PlacementBatch:
    """Record the outcome of the attempt running now. When the sweep has meanwhile given this attempt up (its
    heartbeat went stale), the batch is left as the sweep left it and returned as it is in the database."""
    fields = {
        "status": status, "message": message[:500], "finished_at": timezone.now(), "heartbeat_at": None,
        "errors": sum(1 for i in issues if i.severity == ERROR),
        "warnings": sum(1 for i in issues if i.severity == WARNING),
        "report_csv": report_csv(batch.file_name, issues), **counts,
    }
    if not _this_attempt(batch).update(**fields):
        batch.refresh_from_db()
        return batch
    for name, value in fields.items():
        setattr(batch, name, value)
    return batch


def _this_attempt(batch: PlacementBatch):
    return PlacementBatch.objects.filter(pk=batch.pk, status__in=RUNNING, attempts=batch.attempts)


def _claim(batch: PlacementBatch) -> bool:
    """Take a queued batch up, exactly one worker wins: a conditional UPDATE, not a check then a write."""
    now = timezone.now()
    claimed = PlacementBatch.objects.filter(pk=batch.pk, status=PlacementStatus.QUEUED).update(
        status=PlacementStatus.VALIDATING, attempts=F("attempts") + 1, heartbeat_at=now)
    batch.refresh_from_db(fields=["status", "attempts", "heartbeat_at"])
    return bool(claimed)


class _Stopped(Exception):
    """The sweep gave this attempt up while it was running: it must not write."""


def process_placement_batch(batch: PlacementBatch, *, progress: Progress = _noop, today: date | None = None) -> PlacementBatch:
    """Validate and import a received (queued) batch. Returns it with its final status and report.

    imported  - rows written (all of them, or the good ones when skip_bad_rows was asked for)
    rejected  - the file or some rows are bad and skip_bad_rows was not asked for: nothing written
    duplicate - this exact file was already imported for this client: nothing written
    failed    - an unexpected error, or the import stopped (see `sweep_stale_batches`): nothing written

    A batch that is not queued is returned as it is (a task delivered twice, or a batch another worker
    runs). While it runs, the batch's heartbeat shows progress; the rows are written in one transaction
    that also records the outcome, so an attempt that dies writes nothing and a retry writes every row once.
    """
    today = today or timezone.localdate()
    if batch.status != PlacementStatus.QUEUED or not _claim(batch):
        return batch
    earlier = PlacementBatch.objects.filter(
        client_id=batch.client_id, file_sha256=batch.file_sha256, status=PlacementStatus.IMPORTED
    ).first()
    if earlier is not None:
        return _finish(batch, PlacementStatus.DUPLICATE,
                       f"this file was already imported as batch #{earlier.pk} on {earlier.created_at:%Y-%m-%d}; "
                       "nothing changed", [])

    def on_rows(done: int) -> None:
        progress("validate", done, 0)
        if done % HEARTBEAT_ROWS == 0:
            fields = {"heartbeat_at": timezone.now()}
            if done % 5000 == 0:
                fields["rows_checked"] = done
            if not _this_attempt(batch).update(**fields):
                raise _Stopped

    content = crypto.decrypt_bytes(bytes(batch.content)) if batch.content else b""
    try:
        validation = validate_table(read_table(batch.file_name, content), today, on_rows,
                                    max_cents=batch.client.max_amount_cents)
    except FileProblem as exc:
        issue = Issue(exc.row, exc.column, ERROR, str(exc))
        return _finish(batch, PlacementStatus.REJECTED, f"{batch.file_name}: {exc}", [issue])
    except _Stopped:
        batch.refresh_from_db()
        return batch

    counts = {"rows_total": validation.rows_total, "rows_checked": validation.rows_total,
              "rows_rejected": validation.rows_rejected}
    if validation.rows_rejected and not batch.skip_bad_rows:
        return _finish(batch, PlacementStatus.REJECTED,
                       f"{validation.rows_rejected} of {validation.rows_total} rows have errors; nothing was imported "
                       "(fix them, or import the good rows with skip bad rows)", validation.issues, **counts)
    if not _this_attempt(batch).update(status=PlacementStatus.WRITING, heartbeat_at=timezone.now(), **counts):
        batch.refresh_from_db()
        return batch
    batch.status = PlacementStatus.WRITING
    try:
        with transaction.atomic():
            # The batch row stays locked until the rows and the outcome commit together: the sweep skips a
            # locked batch, so a long write is never given up while it runs.
            if not list(_this_attempt(batch).select_for_update().values_list("pk", flat=True)):
                raise _Stopped
            written, already = write_batch(batch, validation, progress)
            message = f"{written} accounts imported"
            if already:
                message += f", {already} already placed"
            if validation.rows_rejected:
                message += f", {validation.rows_rejected} bad rows skipped"
            return _finish(batch, PlacementStatus.IMPORTED, message, validation.issues,
                           rows_imported=written, rows_already_placed=already, **counts)
    except _Stopped:
        batch.refresh_from_db()
        return batch
    except DatabaseError as exc:
        log.exception("placement batch %s failed", batch.pk)
        return _finish(batch, PlacementStatus.FAILED, f"nothing was imported: the database refused a row ({exc})",
                       validation.issues, **counts)


# --- stopped imports: the sweep and the retry ------------------------------------------------------------------


def stale_cutoff(now=None, stale_after: timedelta | None = None):
    now = now or timezone.now()
    return now - (stale_after or timedelta(minutes=settings.PLACEMENT_STALE_MINUTES))


def _is_stale(batch: PlacementBatch, cutoff) -> bool:
    return batch.status in RUNNING and (batch.heartbeat_at or batch.created_at) < cutoff


def _mark_stopped(batch: PlacementBatch) -> None:
    """Fail a batch whose import stopped, saying when it last moved; its audit row names no person."""
    last = timezone.localtime(batch.heartbeat_at or batch.created_at)
    since = f"{last:%H:%M %Z}" if last.date() == timezone.localdate() else f"{last:%m/%d/%Y %H:%M %Z}"
    message = f"the import stopped: no progress since {since}; retry it"
    before = batch.status
    fields = {"status": PlacementStatus.FAILED, "message": message, "finished_at": timezone.now(),
              "heartbeat_at": None, "report_csv": report_csv(batch.file_name, [Issue(None, "", ERROR, message)]),
              "errors": 1, "warnings": 0}
    PlacementBatch.objects.filter(pk=batch.pk).update(**fields)
    for name, value in fields.items():
        setattr(batch, name, value)
    audit.record(None, "placement.stopped", batch,
                 f"Placement file {batch.file_name} (batch #{batch.pk}) stopped while {before}: marked failed",
                 before={"status": before, "last_progress": last.isoformat(), "attempts": batch.attempts},
                 after={"status": PlacementStatus.FAILED, "message": message})


def sweep_stale_batches(*, now=None, stale_after: timedelta | None = None) -> list[PlacementBatch]:
    """Mark failed every batch validating or writing with no progress for `stale_after` (default
    PLACEMENT_STALE_MINUTES): its worker died. A batch being written is locked by its worker and skipped."""
    cutoff = stale_cutoff(now, stale_after)
    with transaction.atomic():
        stale = list(
            PlacementBatch.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status__in=RUNNING)
            .filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff))
            .select_related("client").defer("content").order_by("pk")
        )
        for batch in stale:
            _mark_stopped(batch)
    return stale


def waiting_too_long(*, now=None, stale_after: timedelta | None = None) -> list[int]:
    """The batches still queued after `stale_after` (default PLACEMENT_STALE_MINUTES) that no worker has taken:
    their task may never have reached the queue. Queuing them again is safe: a worker takes a batch once."""
    cutoff = stale_cutoff(now, stale_after)
    return list(PlacementBatch.objects.filter(status=PlacementStatus.QUEUED, created_at__lt=cutoff)
                .order_by("pk").values_list("pk", flat=True))


def retry_placement_batch(batch: PlacementBatch, actor, *, now=None) -> PlacementBatch:
    """Put a failed (or stopped) batch back in the queue, its report cleared; the caller has it processed
    (enqueues the import task, or runs `process_placement_batch`). Anything else is InvalidTransition."""
    with transaction.atomic():
        locked = (PlacementBatch.objects.select_for_update(skip_locked=True, of=("self",))
                  .select_related("client").filter(pk=batch.pk).first())
        if locked is None:
            raise InvalidTransition(f"batch #{batch.pk} is being written right now; it cannot be retried")
        if _is_stale(locked, stale_cutoff(now)):
            _mark_stopped(locked)
        if locked.status != PlacementStatus.FAILED:
            raise InvalidTransition(f"batch #{locked.pk} is {locked.get_status_display().lower()}; "
                                    "only an import that failed or stopped can be retried")
        before = {"status": locked.status, "message": locked.message, "attempts": locked.attempts}
        fields = {"status": PlacementStatus.QUEUED, "message": "", "finished_at": None, "heartbeat_at": None,
                  "report_csv": "", "errors": 0, "warnings": 0, "rows_total": 0, "rows_checked": 0,
                  "rows_imported": 0, "rows_already_placed": 0, "rows_rejected": 0}
        PlacementBatch.objects.filter(pk=locked.pk).update(**fields)
        for name, value in fields.items():
            setattr(locked, name, value)
        audit.record(actor, "placement.retried", locked,
                     f"Placement file {locked.file_name} (batch #{locked.pk}) queued again after a failed import",
                     before=before, after={"status": PlacementStatus.QUEUED})
    return locked


def import_placement_file(client: Client, file_name: str, content: bytes, actor, *, skip_bad_rows: bool = False,
                          progress: Progress = _noop, today: date | None = None) -> PlacementBatch:
    """Receive and import in one go (the CLI and tests); the upload page queues a task instead."""
    batch = receive_placement_file(client, file_name, content, actor, skip_bad_rows=skip_bad_rows)
    return process_placement_batch(batch, progress=progress, today=today)
