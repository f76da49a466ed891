"""The dial-list page: export the callable accounts of the portfolio, or of one client, for a dialer."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from arrears.clients.models import Client
from arrears.core.errors import InvalidInput

from .actions import export_dial_list
from .models import DialListExport


@login_required
@permission_required("compliance.add_diallistexport", raise_exception=True)
def dial_lists(request):
    error = None
    if request.method == "POST":
        try:
            export_dial_list(request.user, at=timezone.now(), client_code=request.POST.get("client") or None)
            return redirect("dial-lists")
        except InvalidInput as exc:
            error = str(exc)
    exports = DialListExport.objects.select_related("client", "created_by").defer("csv")[:30]
    return render(request, "compliance/dial_lists.html",
                  {"exports": exports, "clients": Client.objects.filter(active=True), "error": error})


@login_required
@permission_required("compliance.add_diallistexport", raise_exception=True)
def dial_list_csv(request, did: int):
    export = get_object_or_404(DialListExport, pk=did)
    response = HttpResponse(export.csv, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="dial-list-{export.pk}.csv"'
    return response
