"""Remittance statements over the API: a client's closed statements (JSON, PDF, .xlsx) and the open period's
draft. A client's own users read their client's only."""

from datetime import date, datetime

from django.http import Http404, HttpResponse
from ninja import Router, Schema

from arrears.core.errors import NotAllowed

from arrears.documents import pdf, xlsx
from arrears.documents.records import RemittanceStatement, statement_from_dict

from . import queries
from .views import XLSX

router = Router(tags=["remittance"])


class PeriodOut(Schema):
    id: int
    number: str
    starts_on: date
    ends_on: date
    closed_at: datetime
    gross_collected_cents: int
    reversals_cents: int
    commission_cents: int
    direct_payments_cents: int
    direct_commission_cents: int
    remitted_cents: int
    transferred_cents: int
    due_from_client_cents: int


class LineOut(Schema):
    kind: str
    on: date
    account_number: str
    debtor_name: str
    method: str
    reference: str
    amount_cents: int
    principal_cents: int
    interest_cents: int
    fees_cents: int
    costs_cents: int
    commission_rate_bp: int
    commission_cents: int
    note: str


class StatementOut(Schema):
    number: str
    client: str
    period_start: date
    period_end: date
    closed: bool
    gross_collected_cents: int
    reversals_cents: int
    net_collected_cents: int
    commission_cents: int
    direct_payments_cents: int
    direct_commission_cents: int
    previous_balance_cents: int
    net_due_cents: int
    collected_by_bucket: dict[str, int]
    lines: list[LineOut]


def _client(request, code: str):
    clients = queries.visible_clients(request.user)
    if clients is None:
        raise NotAllowed("remittance statements are for the agency's accounting and the client's own users")
    client = clients.filter(code=code).first()
    if client is None:
        raise Http404("no such client")
    return client


def _statement_out(s: RemittanceStatement) -> StatementOut:
    return StatementOut(
        number=s.number, client=s.client_code, period_start=s.period_start, period_end=s.period_end, closed=s.closed,
        gross_collected_cents=s.gross_collected_cents, reversals_cents=s.reversals_cents,
        net_collected_cents=s.net_collected_cents, commission_cents=s.commission_cents,
        direct_payments_cents=s.direct_payments_cents, direct_commission_cents=s.direct_commission_cents,
        previous_balance_cents=s.previous_balance_cents, net_due_cents=s.net_due_cents,
        collected_by_bucket=s.collected_by_bucket, lines=[LineOut(**vars(line)) for line in s.lines])


@router.get("/{code}/statements", response=list[PeriodOut], summary="A client's closed remittance periods")
def periods(request, code: str):
    return [PeriodOut(id=p.pk, number=p.number, starts_on=p.starts_on, ends_on=p.ends_on, closed_at=p.closed_at,
                      gross_collected_cents=p.gross_collected_cents, reversals_cents=p.reversals_cents,
                      commission_cents=p.commission_cents, direct_payments_cents=p.direct_payments_cents,
                      direct_commission_cents=p.direct_commission_cents, remitted_cents=p.remitted_cents,
                      transferred_cents=p.transferred_cents, due_from_client_cents=p.due_from_client_cents)
            for p in queries.periods(_client(request, code))]


@router.get("/{code}/open", response=StatementOut, summary="The open period's draft statement, through yesterday")
def open_period(request, code: str):
    return _statement_out(queries.open_statement(_client(request, code)))


def _frozen(request, code: str, number: str) -> RemittanceStatement:
    period = _client(request, code).remittance_periods.filter(number=number).first()
    if period is None:
        raise Http404("no such statement")
    return statement_from_dict(period.statement)


@router.get("/{code}/statements/{number}", response=StatementOut, summary="A closed statement with every line")
def statement(request, code: str, number: str):
    return _statement_out(_frozen(request, code, number))


@router.get("/{code}/statements/{number}/pdf", summary="A closed statement as PDF")
def statement_pdf(request, code: str, number: str):
    return HttpResponse(pdf.statement_pdf(_frozen(request, code, number)), content_type="application/pdf")


@router.get("/{code}/statements/{number}/xlsx", summary="A closed statement as an .xlsx workbook")
def statement_xlsx(request, code: str, number: str):
    response = HttpResponse(xlsx.statement_xlsx(_frozen(request, code, number)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{number}.xlsx"'
    return response
