"""Money on the account screen: taking a payment (with where it would go, before it is posted), reversals,
adjustments, refunds, cards and bank accounts on file, receipts, and arrangements with the debtor's budget."""


from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_POST

from arrears.accounts import queries as account_queries
from arrears.accounts.models import Account
from arrears.arrangements import actions as arrangement_actions
from arrears.arrangements import queries as arrangement_queries
from arrears.arrangements.forms import BudgetForm, CancelForm
from arrears.arrangements.models import Arrangement
from arrears.arrangements.panels import arrangement_form
from arrears.core.errors import ArrearsError
from arrears.core.fragments import render_fragments
from arrears.documents.pdf import receipt_pdf
from arrears.payments import queries as payment_queries
from arrears.payments.actions import (
    ChargeDeclined,
    NewCard,
    caller_key,
    adjust_balance,
    refund_credit,
    reverse_payment,
)
from arrears.payments.actions import email_receipt as send_receipt
from arrears.payments.actions import take_payment as take
from arrears.payments.actions.methods import add_bank_account, add_card
from arrears.payments.forms import (
    AdjustmentForm,
    PaymentMethodForm,
    RefundForm,
    ReversalForm,
)
from arrears.payments.panels import payment_form

from ..panels import TEMPLATE, Screen

AFTER_MONEY = ["head", "balance", "money", "timeline", "account_facts"]


def _answer(request, account, partials: list[str], **given):
    return render_fragments(request, TEMPLATE, partials, Screen(request, account).context(partials, **given))


def _error(form, exc: ArrearsError) -> None:
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, str(exc))


def _account_for(request, pk: int, perm: str) -> Account:
    account = account_queries.access_account(request.user, pk, for_update=True)
    if not request.user.has_perm(perm):
        raise PermissionDenied("your role cannot do that")
    return account


def _primary_debtor(account):
    link = account.parties.filter(role="primary").select_related("debtor").first()
    return link.debtor if link else None


# -- payments ----------------------------------------------------------------------------------------------


@login_required
@require_POST
def payment_preview(request, pk: int):
    """Where the payment in the form would go, before it is posted."""
    account = _account_for(request, pk, "payments.add_payment")
    form = payment_form(account, request.POST)
    given = {"pay_form": form}
    form.is_valid()  # the preview needs the amount, the method and the split; the rest is checked on posting
    d = form.cleaned_data
    amount_errors = [e for f, errors in form.errors.items() if f == "amount" or f.startswith("split_") or f == "__all__"
                     for e in errors]
    if not (request.POST.get("amount") or "").strip():
        pass  # nothing typed yet: the preview says what it will show
    elif amount_errors:
        given["preview_error"] = " ".join(amount_errors)
    elif d.get("amount"):
        try:
            given["pay_preview"] = payment_queries.preview(account, d["amount"], on=timezone.localdate(),
                                                           split=d.get("split"), direct=d.get("method") == "direct")
        except ArrearsError as exc:
            given["preview_error"] = str(exc)
    return _answer(request, account, ["pay_preview"], **given)


@login_required
@require_POST
def take_payment(request, pk: int):
    account = _account_for(request, pk, "payments.add_payment")
    form = payment_form(account, request.POST)
    payment = None
    if form.is_valid():
        d = form.cleaned_data
        new_card = NewCard(d["card_number"], d["exp_month"], d["exp_year"], d["card_cvc"], d["card_holder"]) \
            if d["method"] == "card" and d["card"] is None else None
        try:
            payment = take(account, request.user, amount_cents=d["amount"], method=d["method"],
                           idempotency_key=caller_key("web", request.user, d["idempotency_key"]), received_on=d.get("received_on"),
                           reference=d["reference"], split=d["split"], memo=d["memo"], card=d["card"],
                           new_card=new_card, keep_card=d["save_card"])
        except ChargeDeclined as exc:
            form.add_error(None, str(exc))
        except ArrearsError as exc:
            _error(form, exc)
    if form.errors:
        return _answer(request, account, ["pay_form"], pay_form=form)
    account.refresh_from_db()
    return _answer(request, account, ["pay_form", *AFTER_MONEY], pay_saved=payment)


@login_required
@require_POST
def reverse(request, pk: int, payment_id: int):
    account = _account_for(request, pk, "payments.add_reversal")
    payment = payment_queries.access_payment(account, payment_id)
    form = ReversalForm(request.POST)
    error = None
    if form.is_valid():
        d = form.cleaned_data
        try:
            reverse_payment(payment, request.user, reason=d["reason"], code=d["code"], note=d["note"],
                            charge_fee=d["charge_fee"])
        except ArrearsError as exc:
            error = str(exc)
    else:
        error = "choose why it is reversed"
    account.refresh_from_db()
    return _answer(request, account, AFTER_MONEY,
                   money_error=(payment.pk, error) if error else None)


@login_required
@require_POST
def adjust(request, pk: int):
    account = _account_for(request, pk, "payments.add_adjustment")
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            adjust_balance(account, request.user, kind=d["kind"], amount_cents=d["amount"], bucket=d["bucket"],
                           reason=d["reason"])
        except ArrearsError as exc:
            _error(form, exc)
    if form.errors:
        return _answer(request, account, ["adjust_form"], adjust_form=form)
    account.refresh_from_db()
    return _answer(request, account, ["adjust_form", *AFTER_MONEY], adjust_saved=True)


@login_required
@require_POST
def refund(request, pk: int):
    account = _account_for(request, pk, "payments.add_refund")
    form = RefundForm(request.POST)
    if form.is_valid():
        try:
            refund_credit(account, request.user, amount_cents=form.cleaned_data["amount"],
                          method=form.cleaned_data["method"], reference=form.cleaned_data["reference"])
        except ArrearsError as exc:
            _error(form, exc)
    if form.errors:
        return _answer(request, account, ["refund_form"], refund_form=form)
    return _answer(request, account, ["refund_form", *AFTER_MONEY], refund_saved=True)


@login_required
@require_POST
def add_method(request, pk: int):
    """A card or bank account the debtor authorises for scheduled payments."""
    account = _account_for(request, pk, "payments.add_paymentmethod")
    form = PaymentMethodForm(request.POST)
    debtor = _primary_debtor(account)
    if form.is_valid() and debtor is not None:
        d = form.cleaned_data
        try:
            if d["kind"] == "card":
                month, _, year = (d["card_expiry"] or "").partition("/")
                if not (month.isdigit() and year.isdigit()):
                    raise ArrearsError("write the expiry as MM/YY")
                add_card(debtor, request.user, number=d["card_number"], exp_month=int(month),
                         exp_year=2000 + int(year) % 100, cvc=d["card_cvc"], holder_name=d["holder_name"],
                         authorization=d["authorization"])
            else:
                add_bank_account(debtor, request.user, holder_name=d["holder_name"],
                                 routing_number=d["routing_number"], account_number=d["account_number"],
                                 account_type=d["account_type"] or "checking", sec_code=d["sec_code"] or "TEL",
                                 authorization=d["authorization"])
        except ArrearsError as exc:
            _error(form, exc)
    if form.errors:
        return _answer(request, account, ["method_form"], method_form=form)
    return _answer(request, account, ["method_form", "plan_form", "pay_form", "timeline"], method_saved=True)


@login_required
def receipt(request, pk: int, payment_id: int):
    account = account_queries.access_account(request.user, pk)
    if not request.user.has_perm("payments.view_payment"):
        raise PermissionDenied("receipts are for the agency's staff")
    payment = payment_queries.access_payment(account, payment_id)
    if payment.status == "declined":
        raise PermissionDenied("a declined charge has no receipt")
    response = HttpResponse(receipt_pdf(payment_queries.receipt(payment)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{payment.pk}.pdf"'
    return response


@login_required
@require_POST
def email_receipt(request, pk: int, payment_id: int):
    """Email the receipt (PDF attached) to the debtor, through the compliance engine like any email."""
    account = _account_for(request, pk, "payments.view_payment")
    payment = payment_queries.access_payment(account, payment_id)
    error = None
    try:
        send_receipt(account, payment, request.user)
    except ArrearsError as exc:
        error = str(exc)
    account.refresh_from_db()
    return _answer(request, account, ["money", "timeline", "compliance"],
                   money_error=(payment.pk, error) if error else None, receipt_sent=None if error else payment.pk)


# -- arrangements --------------------------------------------------------------------------------------------


def _account_to_arrange(request, pk: int) -> Account:
    return _account_for(request, pk, "arrangements.add_arrangement")


def _statement(account, form):
    debtor = _primary_debtor(account)
    if debtor is None or not form.cleaned_data.get("use_budget"):
        return None
    return arrangement_queries.latest_statement(debtor)


def _plan_form(account, data=None, initial=None):
    return arrangement_form(payment_queries.methods_on_file(account), data, initial)


@login_required
@require_POST
def arrangement_preview(request, pk: int):
    """The schedule the offer in the form means, the limits it breaks and who must approve it."""
    account = _account_to_arrange(request, pk)
    form = _plan_form(account, request.POST)
    given = {}
    if form.is_valid():
        try:
            given["plan_preview"] = arrangement_queries.offer(account, request.user, **form.terms(),
                                                              financial_statement=_statement(account, form))
        except ArrearsError as exc:
            given["plan_preview_error"] = str(exc)
    else:
        given["plan_preview_error"] = "; ".join(f"{form.fields[f].label or f}: {' '.join(e)}" if f in form.fields
                                                else " ".join(e) for f, e in form.errors.items())
    return _answer(request, account, ["plan_preview"], **given)


@login_required
@require_POST
def create_arrangement(request, pk: int):
    account = _account_to_arrange(request, pk)
    form = _plan_form(account, request.POST)
    arrangement = None
    if form.is_valid():
        d = form.cleaned_data
        try:
            arrangement = arrangement_actions.create_arrangement(
                account, request.user, **form.terms(), channel=d["channel"], payment_method=d["payment_method"],
                financial_statement=_statement(account, form), override_reason=d["override_reason"])
        except ArrearsError as exc:
            _error(form, exc)
    if form.errors:
        return _answer(request, account, ["plan_form"], plan_form=form)
    account.refresh_from_db()
    return _answer(request, account, ["plan_form", "money", "head", "timeline"], plan_saved=arrangement)


@login_required
def prefill_arrangement(request, pk: int):
    """The offer form filled in from one of the proposals the budget affords."""
    account = _account_to_arrange(request, pk)
    keys = ("kind", "first_due", "frequency", "count", "settlement", "channel")
    form = _plan_form(account, initial={k: request.GET[k] for k in keys if request.GET.get(k)})
    return _answer(request, account, ["plan_form"], plan_form=form)


@login_required
@require_POST
def record_budget(request, pk: int):
    """Record the debtor's income and expenses; show the arrangements they afford."""
    account = _account_to_arrange(request, pk)
    form = BudgetForm(request.POST)
    debtor = _primary_debtor(account)
    statement = None
    if form.is_valid() and debtor is not None:
        try:
            statement = arrangement_actions.record_financial_statement(
                debtor, request.user, income=form.items("income"), expenses=form.items("expense"),
                notes=form.cleaned_data["notes"])
        except ArrearsError as exc:
            form.add_error(None, str(exc))
    if form.errors or statement is None:
        return _answer(request, account, ["budget_form"], budget_form=form)
    return _answer(request, account, ["budget_form", "plan_budget", "timeline"], budget_saved=True)


@login_required
@require_POST
def cancel_arrangement(request, pk: int, arrangement_id: int):
    account = _account_to_arrange(request, pk)
    arrangement = get_object_or_404(Arrangement, pk=arrangement_id, account=account)
    form = CancelForm(request.POST)
    error = None
    if form.is_valid():
        try:
            arrangement_actions.cancel_arrangement(arrangement, request.user, form.cleaned_data["reason"])
        except ArrearsError as exc:
            error = str(exc)
    else:
        error = "say why it is cancelled"
    account.refresh_from_db()
    return _answer(request, account, ["money", "timeline"], plan_error=error)
