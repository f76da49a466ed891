"""Payments over the API: post one (with an Idempotency-Key: sent twice, it posts once), preview where it
would go, list and read them, reverse one. Also agreeing an arrangement, on the arrangements' router: the
card or bank account on file it is charged to is the payments app's to find."""

from datetime import date, datetime

from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status

from arrears.accounts import queries as account_queries
from arrears.arrangements import api as arrangement_api
from arrears.core.errors import InvalidInput, NotAllowed

from . import queries
from .actions import caller_key, post_payment, reverse_payment, take_card_payment
from .models import Method, Payment

router = Router(tags=["payments"])
POSTABLE = [m for m in Method.values if m not in ("card", "ach")]


class PaymentIn(Schema):
    amount_cents: int
    method: str
    reference: str = ""
    instrument: str = ""
    received_at: datetime | None = None
    split: dict[int, int] | None = None
    card_token: str = ""
    memo: str = ""


class PreviewLine(Schema):
    account_id: int
    number: str
    by_bucket_cents: dict[str, int]
    balance_after_cents: int
    commission_rate_bp: int


class PreviewOut(Schema):
    lines: list[PreviewLine]
    credit_cents: int
    skipped: list[str]


class AllocationOut(Schema):
    account_id: int
    amount_cents: int
    commission_rate_bp: int
    commission_cents: int


class ReversalOut(Schema):
    reason: str
    code: str
    note: str
    effective_on: date


class PaymentOut(Schema):
    id: int
    account_id: int
    method: str
    status: str
    amount_cents: int
    credit_cents: int
    received_at: datetime
    effective_on: date
    reference: str
    instrument: str
    arrangement_id: int | None
    allocations: list[AllocationOut]
    reversal: ReversalOut | None
    failure: str


class ReversalIn(Schema):
    reason: str
    code: str = ""
    note: str = ""
    charge_fee: bool = True


def _out(payment: Payment) -> PaymentOut:
    reversal = getattr(payment, "reversal", None) if payment.status == "reversed" else None
    return PaymentOut(
        id=payment.pk, account_id=payment.account_id, method=payment.method, status=payment.status,
        amount_cents=payment.amount_cents, credit_cents=payment.credit_cents, received_at=payment.received_at,
        effective_on=payment.effective_on, reference=payment.reference, instrument=payment.instrument,
        arrangement_id=payment.arrangement_id, failure=payment.failure,
        allocations=[AllocationOut(account_id=a.account_id, amount_cents=a.amount_cents,
                                   commission_rate_bp=a.commission_rate_bp, commission_cents=a.commission_cents)
                     for a in payment.allocations.all()],
        reversal=ReversalOut(reason=reversal.reason, code=reversal.code, note=reversal.note,
                             effective_on=reversal.effective_on) if reversal else None)


def _account(request, account_id: int, perm: str):
    account = account_queries.access_account(request.user, account_id, for_update=True)
    if not request.user.has_perm(perm):
        raise NotAllowed("this user may not do that")
    return account


def _split(request, split: dict[int, int] | None) -> dict[int, int] | None:
    """The split, if it names only accounts this caller may see (the posting then checks they are the
    debtor's own): an account out of reach is named back as not one of the debtor's, as any other is."""
    if split:
        visible = set(account_queries.visible_accounts(request.user).filter(pk__in=list(split))
                      .values_list("pk", flat=True))
        for pk in split:
            if pk not in visible:
                raise InvalidInput(f"the split names account {pk}, which is not one of this debtor's accounts",
                                   field="split")
    return split


@router.post("/accounts/{account_id}/payments/preview", response=PreviewOut,
             summary="Where a payment would go (nothing is posted)")
def preview(request, account_id: int, body: PaymentIn):
    account = _account(request, account_id, "payments.add_payment")
    result = queries.preview(account, body.amount_cents, on=timezone.localdate(), split=_split(request, body.split),
                             direct=body.method == "direct")
    return PreviewOut(
        lines=[PreviewLine(account_id=a.account_id, number=result.accounts[a.account_id].client_account_number,
                           by_bucket_cents=a.by_bucket, balance_after_cents=result.balances_after[a.account_id],
                           commission_rate_bp=result.rates[a.account_id]) for a in result.plan.applied],
        credit_cents=result.plan.credit_cents, skipped=[why for _, why in result.plan.skipped])


@router.post("/accounts/{account_id}/payments", response={201: PaymentOut, 200: PaymentOut},
             summary="Post a payment (Idempotency-Key header required)")
def create(request, account_id: int, body: PaymentIn, response: HttpResponse):
    """Posts the payment and applies it: across the debtor's accounts (or the `split` given, cents per account
    id) and the client's buckets. The `Idempotency-Key` header is required: the same key again returns the
    payment first posted with it (status 200, `Idempotent-Replayed: true`) and posts nothing; the same key for
    a different payment is refused (422). A card is charged through the processor with `card_token`."""
    account = _account(request, account_id, "payments.add_payment")
    _split(request, body.split)
    key = caller_key("api", request.user, request.headers.get("Idempotency-Key") or "")
    if body.method == "card":
        if not body.card_token:
            raise InvalidInput("a card payment needs the processor's card_token", field="card_token")
        payment = take_card_payment(account, request.user, amount_cents=body.amount_cents, idempotency_key=key,
                                    token=body.card_token, instrument=body.instrument or "Card", split=body.split,
                                    memo=body.memo)
    elif body.method not in POSTABLE:
        raise InvalidInput(f"method must be card or one of {', '.join(POSTABLE)} (ACH debits go through the "
                           "arrangements' scheduled payments)", field="method")
    else:
        payment = post_payment(account, request.user, amount_cents=body.amount_cents, method=body.method,
                               idempotency_key=key, received_at=body.received_at, reference=body.reference,
                               instrument=body.instrument, split=body.split, memo=body.memo)
    replay = getattr(payment, "replayed", False)
    if replay:
        response["Idempotent-Replayed"] = "true"
    return Status(200 if replay else 201, _out(payment))


@router.get("/accounts/{account_id}/payments", response=list[PaymentOut], summary="An account's payments")
def list_payments(request, account_id: int):
    account = account_queries.access_account(request.user, account_id)
    if not request.user.has_perm("payments.view_payment"):
        raise NotAllowed("this user may not read payments")
    return [_out(p) for p in queries.payments_of(account)]


def _payment(request, payment_id: int) -> Payment:
    payment = Payment.objects.filter(pk=payment_id, account__in=account_queries.visible_accounts(request.user)).first()
    if payment is None or not request.user.has_perm("payments.view_payment"):
        raise Http404("no such payment")
    return payment


@router.get("/payments/{payment_id}", response=PaymentOut, summary="One payment with its allocations")
def payment_detail(request, payment_id: int):
    return _out(_payment(request, payment_id))


@router.post("/payments/{payment_id}/reversal", response=PaymentOut,
             summary="Reverse a payment (returned check, ACH return, chargeback, correction)")
def reverse(request, payment_id: int, body: ReversalIn):
    payment = _payment(request, payment_id)
    if not request.user.has_perm("payments.add_reversal"):
        raise NotAllowed("reversing a payment takes a supervisor")
    reverse_payment(payment, request.user, reason=body.reason, code=body.code, note=body.note,
                    charge_fee=body.charge_fee)
    payment.refresh_from_db()
    return _out(payment)


@arrangement_api.router.post("/accounts/{account_id}/arrangements", response={201: arrangement_api.ArrangementOut},
                             summary="Agree a promise, plan or settlement (past the user's authority it waits for "
                                     "approval)", operation_id="arrears_arrangements_api_create")
def create_arrangement(request, account_id: int, body: arrangement_api.OfferIn):
    account = arrangement_api.offering_account(request, account_id)
    method = None
    if body.payment_method_id is not None:
        method = queries.method_on_file(account, body.payment_method_id)
        if method is None:
            raise InvalidInput("no such card or bank account for this debtor", field="payment_method_id")
    return Status(201, arrangement_api.agree(request, account, body, method))
