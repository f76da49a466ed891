"""The compliance panel of the account screen (restrictions with their evidence, decisions kept as evidence)
and the dial-list page."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from arrears.accounts import queries as account_queries
from arrears.accounts.views import ACCOUNT, AFTER_CONTACT, account_context
from arrears.core.errors import ArrearsError, InvalidInput
from arrears.core.fragments import render_fragments

from . import actions, queries
from .forms import EndRestrictionForm, RestrictionForm
from .models import DialListExport


@login_required
@require_POST
def record_restriction(request, pk: int):
    account = account_queries.access_account(request.user, pk, for_update=True)
    if not request.user.has_perm("compliance.record_restriction"):
        raise PermissionDenied("recording restrictions needs a collector's role")
    form = RestrictionForm(request.POST, parties=account_queries.parties(account))
    if form.is_valid():
        d = form.cleaned_data
        received_at = d["received_at"]
        if timezone.is_naive(received_at):
            received_at = timezone.make_aware(received_at)
        try:
            actions.record_restriction(
                d["debtor"], request.user, kind=d["kind"], received_at=received_at, received_via=d["received_via"],
                evidence=d["evidence"], account=account if d["scope"] == "account" else None, phone=d["phone"],
                email=d["email"], details=form.details())
        except ArrearsError as exc:
            field = getattr(exc, "field", None)
            form.add_error(field if field in form.fields else None, str(exc))
    if form.errors:
        return render_fragments(request, ACCOUNT, ["restriction_form"],
                                account_context(request, account, restriction_form=form))
    account.refresh_from_db()
    context = account_context(request, account, restriction_saved=True)
    return render_fragments(request, ACCOUNT, ["restriction_form", *AFTER_CONTACT, "status_form"], context)


@login_required
@require_POST
def end_restriction(request, pk: int, rid: int):
    account = account_queries.access_account(request.user, pk, for_update=True)
    if not request.user.has_perm("compliance.record_restriction"):
        raise PermissionDenied("ending restrictions needs a collector's role")
    row = queries.access_restriction(account, rid)
    form = EndRestrictionForm(request.POST)
    error = None
    if form.is_valid():
        try:
            actions.end_restriction(row, form.cleaned_data["reason"], request.user)
        except ArrearsError as exc:
            error = str(exc)
    else:
        error = "say why it no longer applies"
    account.refresh_from_db()
    context = account_context(request, account, end_error=(rid, error) if error else None)
    return render_fragments(request, ACCOUNT, ["compliance", "parties", "timeline"], context)


@login_required
def decision(request, pk: int, did: int):
    """One decision as an examiner would ask for it: what was proposed, the facts, the packs and the answer."""
    account = account_queries.access_account(request.user, pk)
    if not request.user.has_perm("compliance.view_decisionrecord"):
        raise PermissionDenied("decisions are for collectors and supervisors")
    record = queries.access_decision(account, did)
    return render(request, "compliance/decision.html", {"account": account, "record": record})


@login_required
@permission_required("compliance.add_diallistexport", raise_exception=True)
def dial_lists(request):
    from arrears.clients.models import Client

    from .actions import export_dial_list

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
