"""Search and the account screen."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from arrears.accounts import queries as account_queries
from arrears.compliance import queries as compliance_queries

from ..panels import TEMPLATE, Screen


def _rows(request):
    q = request.GET.get("q", "").strip()
    user = request.user
    rows = account_queries.search_accounts(user, q) if q else account_queries.recent_accounts(user)
    return {"q": q, "rows": rows, "searched": bool(q)}


@login_required
def home(request):
    return render(request, "desk/home.html", _rows(request))


@login_required
def search(request):
    return render(request, "desk/home.html#results", _rows(request))


@login_required
def account_screen(request, pk: int):
    account = account_queries.access_account(request.user, pk)
    return render(request, TEMPLATE, Screen(request, account).context())


@login_required
def decision(request, pk: int, did: int):
    """One decision as an examiner would ask for it: what was proposed, the facts, the packs and the answer."""
    account = account_queries.access_account(request.user, pk)
    if not request.user.has_perm("compliance.view_decisionrecord"):
        raise PermissionDenied("decisions are for collectors and supervisors")
    record = compliance_queries.access_decision(account, did)
    return render(request, "compliance/decision.html", {"account": account, "record": record})
