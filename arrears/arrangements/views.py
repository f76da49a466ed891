"""The supervisors' approval queue. (Arrangements on the account screen are the desk app's.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from arrears.core.errors import ArrearsError

from . import actions, queries
from .forms import DecisionForm


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
