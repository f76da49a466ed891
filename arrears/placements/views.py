"""Placement upload page: the file is stored, imported by the worker, and its progress shown live."""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from arrears.core.errors import InvalidTransition

from . import queries
from .actions import stale_cutoff
from .actions.queueing import requeue_placement_batch, upload_placement_file
from .forms import PlacementUploadForm
from .models import PlacementStatus

RUNNING = {PlacementStatus.QUEUED, PlacementStatus.VALIDATING, PlacementStatus.WRITING}


@login_required
@permission_required("accounts.import_placements", raise_exception=True)
def placements(request):
    clients = list(queries.placement_clients(request.user))
    form = PlacementUploadForm(request.POST or None, request.FILES or None, clients=clients)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.PLACEMENT_UPLOAD_MAX_BYTES:
            form.add_error("file", f"the file is {upload.size:,} bytes; the limit is {settings.PLACEMENT_UPLOAD_MAX_BYTES:,}")
        else:
            batch = upload_placement_file(form.cleaned_data["client"], upload.name, upload.read(), request.user,
                                          skip_bad_rows=form.cleaned_data["skip_bad_rows"])
            return redirect("placement", pk=batch.pk)
    batches = queries.visible_batches(request.user)[:30]
    return render(request, "placements/placements.html", {"form": form, "batches": batches})


def _report_rows(batch, limit: int = 500):
    lines = batch.report_csv.splitlines()[1:]
    return list(csv.reader(lines[:limit])), max(0, len(lines) - limit)


@login_required
def placement(request, pk: int):
    batch = queries.access_batch(request.user, pk)
    rows, more = _report_rows(batch)
    stopped = batch.status in RUNNING - {PlacementStatus.QUEUED} and (batch.heartbeat_at or batch.created_at) < stale_cutoff()
    retryable = (batch.status == PlacementStatus.FAILED or stopped) and request.user.has_perm("accounts.retry_placements")
    context = {"batch": batch, "running": batch.status in RUNNING and not stopped, "stopped": stopped,
               "retryable": retryable, "report_rows": rows, "more_rows": more}
    template = "placements/placement.html#status" if request.htmx else "placements/placement.html"
    return render(request, template, context)


@login_required
def placement_report(request, pk: int):
    batch = queries.access_batch(request.user, pk)
    response = HttpResponse(batch.report_csv or "file,row,column,severity,problem\n", content_type="text/csv")
    stem = batch.file_name.rsplit(".", 1)[0]
    response["Content-Disposition"] = f'attachment; filename="{stem}-report.csv"'
    return response


@login_required
@require_POST
def placement_retry(request, pk: int):
    """Queue a failed or stopped import again. A batch out of the user's reach is not found, whatever the role."""
    batch = queries.access_batch(request.user, pk)
    if not request.user.has_perm("accounts.retry_placements"):
        raise PermissionDenied("your role may not retry placement imports")
    try:
        requeue_placement_batch(batch, request.user)
    except InvalidTransition as exc:
        messages.error(request, str(exc))
    return redirect("placement", pk=pk)
