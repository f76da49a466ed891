"""The client remittance pages: each client's open period as a draft statement, closing it, the closed
statements (PDF and .xlsx) with their invoices, and the trust account against the ledger. A client user
sees their own client's statements only."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from arrears.core.errors import ArrearsError

from arrears.documents import pdf, xlsx
from arrears.documents.records import statement_from_dict

from . import queries
from .actions import close_period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _clients(user):
    clients = queries.visible_clients(user)
    if clients is None:
        raise PermissionDenied("remittance statements are for the agency's accounting and the client's own users")
    return clients


def _client(user, code: str):
    client = _clients(user).filter(code=code).first()
    if client is None:
        raise Http404("no such client")
    return client


@login_required
def clients(request):
    rows = list(_clients(request.user).order_by("code"))
    if len(rows) == 1 and not request.user.has_perm("remittance.view_remittanceperiod"):
        return redirect("remittance-client", code=rows[0].code)
    yesterday = timezone.localdate() - timedelta(days=1)
    summaries = []
    trust = {row["client"]: row for row in queries.trust_summary()}
    for client in rows:
        starts_on = queries.next_start(client)
        draft = queries.build_statement(client, starts_on, max(yesterday, starts_on)) if starts_on <= yesterday else None
        summaries.append({"client": client, "draft": draft, "last": queries.last_period(client),
                          "trust": trust.get(client.code)})
    problems = queries.trust_problems(10) if request.user.has_perm("remittance.view_remittanceperiod") else []
    return render(request, "remittance/clients.html", {"rows": summaries, "problems": problems,
                                                       "yesterday": yesterday})


@login_required
def client(request, code: str):
    client = _client(request.user, code)
    yesterday = timezone.localdate() - timedelta(days=1)
    starts_on = queries.next_start(client)
    through = request.GET.get("through")
    try:
        ends_on = max(starts_on, date.fromisoformat(through)) if through else max(starts_on, yesterday)
    except ValueError:
        ends_on = max(starts_on, yesterday)
    draft = queries.build_statement(client, starts_on, ends_on)
    return render(request, "remittance/client.html", {
        "client": client, "draft": draft, "periods": queries.periods(client), "yesterday": yesterday,
        "can_close": request.user.has_perm("remittance.close_remittance") and starts_on <= yesterday})


@login_required
@require_POST
def close(request, code: str):
    client = _client(request.user, code)
    try:
        ends_on = date.fromisoformat(request.POST.get("ends_on", ""))
    except ValueError:
        messages.error(request, "Give the period's last day.")
        return redirect("remittance-client", code=code)
    try:
        period = close_period(client, request.user, ends_on=ends_on)
    except ArrearsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Period {period.number} closed: {period.remitted_cents / 100:,.2f} to remit, "
                                  f"{period.due_from_client_cents / 100:,.2f} due from the client.")
    return redirect("remittance-client", code=code)


def _download(content: bytes, name: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf" if fmt.endswith("pdf") else XLSX)
    response["Content-Disposition"] = f'{"inline" if fmt.endswith("pdf") else "attachment"}; filename="{name}"'
    return response


@login_required
def draft(request, code: str, fmt: str):
    client = _client(request.user, code)
    statement = queries.open_statement(client)
    if fmt == "pdf":
        return _download(pdf.statement_pdf(statement), f"{statement.number}-draft.pdf", fmt)
    if fmt == "xlsx":
        return _download(xlsx.statement_xlsx(statement), f"{statement.number}-draft.xlsx", fmt)
    raise Http404("no such format")


@login_required
def document(request, code: str, period_id: int, fmt: str):
    client = _client(request.user, code)
    period = get_object_or_404(client.remittance_periods, pk=period_id)
    statement = statement_from_dict(period.statement)
    if fmt == "pdf":
        return _download(pdf.statement_pdf(statement), f"{period.number}.pdf", fmt)
    if fmt == "xlsx":
        return _download(xlsx.statement_xlsx(statement), f"{period.number}.xlsx", fmt)
    if fmt == "invoice.pdf":
        invoice = queries.invoice_for(period, statement)
        if invoice is None:
            raise Http404("nothing is due from the client for this period")
        return _download(pdf.invoice_pdf(invoice), f"{invoice.number}.pdf", fmt)
    raise Http404("no such format")
