"""Arrangements over the API: preview an offer, agree it (or send it for approval), read an account's
arrangements with their instalments, and a supervisor's decision. Agreeing one is routed by the payments app
(`payments/api.py`), which finds the card or bank account on file the offer names."""

from datetime import date, datetime

from django.http import Http404
from ninja import Router, Schema

from arrears.accounts import queries as account_queries
from arrears.core.errors import NotAllowed

from . import actions, queries
from .models import Arrangement

router = Router(tags=["arrangements"])


class OfferIn(Schema):
    kind: str
    first_due: date
    channel: str = "check"
    frequency: str | None = None
    count: int | None = None
    instalment_cents: int | None = None
    down_payment_cents: int = 0
    amount_cents: int | None = None
    settlement_cents: int | None = None
    payment_method_id: int | None = None
    override_reason: str = ""


class InstalmentOut(Schema):
    seq: int
    due_on: date
    amount_cents: int
    is_down_payment: bool
    paid_cents: int = 0
    status: str = "due"


class OfferOut(Schema):
    balance_cents: int
    total_cents: int
    discount_bp: int
    monthly_cents: int
    span_months: int
    instalments: list[InstalmentOut]
    refused_because: list[str]
    needs_approval_because: str
    affordable: bool | None


class ArrangementOut(Schema):
    id: int
    account_id: int
    kind: str
    status: str
    balance_cents: int
    total_cents: int
    discount_bp: int
    frequency: str
    channel: str
    payment_method_id: int | None
    affordable: bool | None
    needs_approval_because: str
    decided_by: str | None
    decision_note: str
    ended_reason: str
    created_at: datetime
    instalments: list[InstalmentOut]


class DecisionIn(Schema):
    approve: bool
    note: str = ""


def _out(a: Arrangement) -> ArrangementOut:
    return ArrangementOut(
        id=a.pk, account_id=a.account_id, kind=a.kind, status=a.status, balance_cents=a.balance_cents,
        total_cents=a.total_cents, discount_bp=a.discount_bp, frequency=a.frequency, channel=a.channel,
        payment_method_id=a.payment_method_id, affordable=a.affordable, needs_approval_because=a.needs_approval_because,
        decided_by=a.decided_by.get_username() if a.decided_by_id else None, decision_note=a.decision_note,
        ended_reason=a.ended_reason, created_at=a.created_at,
        instalments=[InstalmentOut(seq=i.seq, due_on=i.due_on, amount_cents=i.amount_cents,
                                   is_down_payment=i.is_down_payment, paid_cents=i.paid_cents, status=i.status)
                     for i in a.instalments.all()])


def offering_account(request, account_id: int):
    """The account an offer is made on, for a user who may agree arrangements."""
    account = account_queries.access_account(request.user, account_id, for_update=True)
    if not request.user.has_perm("arrangements.add_arrangement"):
        raise NotAllowed("this user may not agree arrangements")
    return account


def _terms(body: OfferIn) -> dict:
    return {"kind": body.kind, "first_due": body.first_due, "frequency": body.frequency, "count": body.count,
            "instalment_cents": body.instalment_cents, "down_payment_cents": body.down_payment_cents,
            "amount_cents": body.amount_cents, "settlement_cents": body.settlement_cents}


def _statement(account):
    primary = account.parties.filter(role="primary").select_related("debtor").first()
    return queries.latest_statement(primary.debtor) if primary else None


@router.post("/accounts/{account_id}/arrangements/preview", response=OfferOut,
             summary="What an offer means: its schedule, the limits it breaks, who must approve it")
def preview(request, account_id: int, body: OfferIn):
    account = offering_account(request, account_id)
    offer = queries.offer(account, request.user, **_terms(body), financial_statement=_statement(account))
    return OfferOut(balance_cents=offer.balance_cents, total_cents=offer.summary["total_cents"],
                    discount_bp=offer.discount_bp, monthly_cents=offer.monthly_cents,
                    span_months=offer.summary["span_months"],
                    instalments=[InstalmentOut(seq=i.seq, due_on=i.due_on, amount_cents=i.amount_cents,
                                               is_down_payment=i.is_down_payment) for i in offer.instalments],
                    refused_because=offer.breaches, needs_approval_because=offer.needs_approval,
                    affordable=offer.affordable)


def agree(request, account, body: OfferIn, payment_method) -> ArrangementOut:
    """Agree the offer (past the user's authority it waits for approval), charged to `payment_method` when one
    is given: the card or bank account on file that `body.payment_method_id` names, which the payments app
    finds (it owns the endpoint, `payments/api.py`)."""
    arrangement = actions.create_arrangement(account, request.user, **_terms(body), channel=body.channel,
                                             payment_method=payment_method, financial_statement=_statement(account),
                                             override_reason=body.override_reason)
    return _out(arrangement)


@router.get("/accounts/{account_id}/arrangements", response=list[ArrangementOut], summary="An account's arrangements")
def list_arrangements(request, account_id: int):
    account = account_queries.access_account(request.user, account_id)
    if not request.user.has_perm("arrangements.view_arrangement"):
        raise NotAllowed("this user may not read arrangements")
    return [_out(a) for a in queries.of_account(account, 50)]


def _arrangement(request, arrangement_id: int) -> Arrangement:
    arrangement = Arrangement.objects.filter(pk=arrangement_id,
                                             account__in=account_queries.visible_accounts(request.user)).first()
    if arrangement is None or not request.user.has_perm("arrangements.view_arrangement"):
        raise Http404("no such arrangement")
    return arrangement


@router.get("/arrangements/{arrangement_id}", response=ArrangementOut, summary="One arrangement with its schedule")
def detail(request, arrangement_id: int):
    return _out(_arrangement(request, arrangement_id))


@router.post("/arrangements/{arrangement_id}/decision", response=ArrangementOut,
             summary="A supervisor approves or denies an offer waiting for approval")
def decide(request, arrangement_id: int, body: DecisionIn):
    arrangement = actions.decide_approval(_arrangement(request, arrangement_id), request.user, approve=body.approve,
                                          note=body.note)
    return _out(arrangement)
