from datetime import datetime

from django.conf import settings
from django.http import HttpResponse
from ninja import File, Form, Router, Schema, UploadedFile
from ninja.responses import Status

from arrears.core.errors import InvalidInput, NotAllowed

from . import queries
from .actions.queueing import requeue_placement_batch, upload_placement_file

router = Router(tags=["placements"])


class BatchOut(Schema):
    id: int
    client: str
    file_name: str
    sha256: str
    status: str
    message: str
    rows_total: int
    rows_checked: int
    rows_imported: int
    rows_already_placed: int
    rows_rejected: int
    errors: int
    warnings: int
    attempts: int
    created_at: datetime
    finished_at: datetime | None
    report_url: str


def _out(request, batch) -> BatchOut:
    return BatchOut(
        id=batch.pk, client=batch.client.code, file_name=batch.file_name, sha256=batch.file_sha256,
        status=batch.status, message=batch.message, rows_total=batch.rows_total, rows_checked=batch.rows_checked,
        rows_imported=batch.rows_imported, rows_already_placed=batch.rows_already_placed,
        rows_rejected=batch.rows_rejected, errors=batch.errors, warnings=batch.warnings,
        attempts=batch.attempts, created_at=batch.created_at, finished_at=batch.finished_at,
        report_url=request.build_absolute_uri(f"/api/v1/placements/{batch.pk}/report.csv"),
    )


@router.post("", response={202: BatchOut}, summary="Upload a placement file (CSV or .xlsx)")
def upload(request, client: Form[str], file: File[UploadedFile], skip_bad_rows: Form[bool] = False):
    """Queues the file for import and answers at once with status `queued`; poll `GET /placements/{id}`
    until the status is `imported`, `rejected`, `duplicate` or `failed`. Nothing is written for a rejected file."""
    if not request.user.has_perm("accounts.import_placements"):
        raise NotAllowed("this user may not import placements")
    target = queries.placement_clients(request.user).filter(code=client).first()
    if target is None:
        raise InvalidInput(f"no active client {client!r} that this user may place for", field="client")
    if file.size > settings.PLACEMENT_UPLOAD_MAX_BYTES:
        raise InvalidInput(f"the file is {file.size:,} bytes; the limit is {settings.PLACEMENT_UPLOAD_MAX_BYTES:,}", field="file")
    batch = upload_placement_file(target, file.name or "placement.csv", file.read(), request.user,
                                  skip_bad_rows=skip_bad_rows)
    batch.client = target
    return Status(202, _out(request, batch))


@router.get("/{batch_id}", response=BatchOut, summary="A placement file's status and counts")
def batch_status(request, batch_id: int):
    return _out(request, queries.access_batch(request.user, batch_id))


@router.post("/{batch_id}/retry", response={202: BatchOut}, summary="Retry an import that failed or stopped")
def batch_retry(request, batch_id: int):
    """Queues the batch again (status `queued`); poll it as after an upload. Only a `failed` batch, or one
    whose import stopped (no progress for PLACEMENT_STALE_MINUTES), can be retried: anything else is 409.
    The rows are written once, however many attempts it takes."""
    batch = queries.access_batch(request.user, batch_id)
    if not request.user.has_perm("accounts.retry_placements"):
        raise NotAllowed("this user may not retry placement imports")
    batch = requeue_placement_batch(batch, request.user)
    return Status(202, _out(request, batch))


@router.get("/{batch_id}/report.csv", summary="The row-by-row report: file,row,column,severity,problem")
def batch_report(request, batch_id: int):
    batch = queries.access_batch(request.user, batch_id)
    return HttpResponse(batch.report_csv or "file,row,column,severity,problem\n", content_type="text/csv")
