"""Arrangement screens: the offer on the account screen (with its schedule and what it needs before it is
agreed), the debtor's budget and the plans it affords, cancelling, and the supervisors' approval queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from arrears.accounts import queries as account_queries
from arrears.accounts.views import ACCOUNT, account_context
from arrears.core.errors import ArrearsError
from arrears.core.fragments import render_fragments

from . import actions, queries
from .forms import ArrangementForm, BudgetForm, CancelForm, DecisionForm
from .models import Arrangement


def arrangement_form(methods, data=None, initial=None) -> ArrangementForm:
    """The offer form; `methods` are the debtor's cards and bank accounts on file, which its caller finds."""
    return ArrangementForm(data, initial=initial, methods=methods)


def _account(request, pk: int):
    account = account_queries.access_account(request.user, pk, for_update=True)
    if not request.user.has_perm("arrangements.add_arrangement"):
        raise PermissionDenied("your role cannot agree arrangements")
    return account


def _statement(account, form):
    primary = account.parties.filter(role="primary").select_related("debtor").first()
    if primary is None or not form.cleaned_data.get("use_budget"):
        return None
    return queries.latest_statement(primary.debtor)


@login_required
@require_POST
def preview(request, pk: int, methods_on_file):
    """The schedule the offer in the form means, the limits it breaks and who must approve it.
    `methods_on_file(account)` lists the cards and bank accounts the offer may charge (the URLconf passes it)."""
    account = _account(request, pk)
    form = arrangement_form(methods_on_file(account), request.POST)
    context = {}
    if form.is_valid():
        try:
            context["plan_preview"] = queries.offer(account, request.user, **form.terms(),
                                                    financial_statement=_statement(account, form))
        except ArrearsError as exc:
            context["plan_preview_error"] = str(exc)
    else:
        context["plan_preview_error"] = "; ".join(f"{form.fields[f].label or f}: {' '.join(e)}" if f in form.fields
                                                  else " ".join(e) for f, e in form.errors.items())
    return render_fragments(request, ACCOUNT, ["plan_preview"], account_context(request, account, **context))


@login_required
@require_POST
def create(request, pk: int, methods_on_file):
    account = _account(request, pk)
    form = arrangement_form(methods_on_file(account), request.POST)
    arrangement = None
    if form.is_valid():
        d = form.cleaned_data
        try:
            arrangement = actions.create_arrangement(
                account, request.user, **form.terms(), channel=d["channel"], payment_method=d["payment_method"],
                financial_statement=_statement(account, form), override_reason=d["override_reason"])
        except ArrearsError as exc:
            field = getattr(exc, "field", None)
            form.add_error(field if field in form.fields else None, str(exc))
    if form.errors:
        return render_fragments(request, ACCOUNT, ["plan_form"], account_context(request, account, plan_form=form))
    account.refresh_from_db()
    context = account_context(request, account, plan_saved=arrangement)
    return render_fragments(request, ACCOUNT, ["plan_form", "money", "head", "timeline"], context)


@login_required
def prefill(request, pk: int, methods_on_file):
    """The offer form filled in from one of the proposals the budget affords."""
    account = _account(request, pk)
    keys = ("kind", "first_due", "frequency", "count", "settlement", "channel")
    form = arrangement_form(methods_on_file(account), initial={k: request.GET[k] for k in keys if request.GET.get(k)})
    return render_fragments(request, ACCOUNT, ["plan_form"], account_context(request, account, plan_form=form))


@login_required
@require_POST
def budget(request, pk: int):
    """Record the debtor's income and expenses; show the arrangements they afford."""
    account = _account(request, pk)
    form = BudgetForm(request.POST)
    primary = account.parties.filter(role="primary").select_related("debtor").first()
    statement = None
    if form.is_valid() and primary is not None:
        try:
            statement = actions.record_financial_statement(primary.debtor, request.user, income=form.items("income"),
                                                           expenses=form.items("expense"),
                                                           notes=form.cleaned_data["notes"])
        except ArrearsError as exc:
            form.add_error(None, str(exc))
    if form.errors or statement is None:
        return render_fragments(request, ACCOUNT, ["budget_form"], account_context(request, account, budget_form=form))
    return render_fragments(request, ACCOUNT, ["budget_form", "timeline"],
                            account_context(request, account, budget_saved=True))


@login_required
@require_POST
def cancel(request, pk: int, arrangement_id: int):
    account = _account(request, pk)
    arrangement = get_object_or_404(Arrangement, pk=arrangement_id, account=account)
    form = CancelForm(request.POST)
    error = None
    if form.is_valid():
        try:
            actions.cancel_arrangement(arrangement, request.user, form.cleaned_data["reason"])
        except ArrearsError as exc:
            error = str(exc)
    else:
        error = "say why it is cancelled"
    account.refresh_from_db()
    return render_fragments(request, ACCOUNT, ["money", "timeline"],
                            account_context(request, account, plan_error=error))


@login_required
@permission_required("arrangements.approve_arrangement", raise_exception=True)
def approvals(request):
    rows = list(queries.approval_queue(request.user))
    return render(request, "arrangements/approvals.html", {"rows": rows, "decision_form": DecisionForm()})


@login_required
@permission_required("arrangements.approve_arrangement", raise_exception=True)
@require_POST
def decide(request, arrangement_id: int):
    arrangement = get_object_or_404(queries.approval_queue(request.user), pk=arrangement_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or deny.")
        return redirect("approvals")
    try:
        actions.decide_approval(arrangement, request.user, approve=form.cleaned_data["decision"] == "approve",
                                note=form.cleaned_data["note"])
    except ArrearsError as exc:
        messages.error(request, f"#{arrangement.pk} {arrangement.account.client_account_number}: {exc}")
    else:
        messages.success(request, f"{arrangement.get_kind_display()} #{arrangement.pk} on "
                                  f"{arrangement.account.client_account_number} "
                                  f"{'approved' if form.cleaned_data['decision'] == 'approve' else 'denied'}.")
    return redirect("approvals")
