"""Payment screens: taking a payment on the account screen (with its allocation preview), reversals,
adjustments, refunds, cards and bank accounts on file, receipts, and the payments desk (lockbox files,
unapplied items, ACH files and the bank's returns)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from arrears.accounts import queries as account_queries
from arrears.accounts.models import Account
from arrears.accounts.views import ACCOUNT, account_context
from arrears.core.errors import ArrearsError
from arrears.core.fragments import render_fragments
from arrears.documents.pdf import receipt_pdf

from . import queries
from .actions import ChargeDeclined, adjust_balance, refund_credit, reverse_payment, taking
from .actions.ach import import_ach_returns, originate_ach
from .actions.lockbox import apply_unapplied, import_lockbox, return_unapplied
from .actions.methods import add_bank_account, add_card
from .forms import (AdjustmentForm, ApplyUnappliedForm, LockboxUploadForm, PaymentForm, PaymentMethodForm, RefundForm,
                    ReturnsUploadForm, ReturnUnappliedForm, ReversalForm)
from .models import AchFile, AchReturnFile, LockboxImport, UnappliedItem

AFTER_MONEY = ["head", "balance", "money", "timeline"]


def _error(form, exc: ArrearsError) -> None:
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, str(exc))


def payment_form(account: Account, data=None) -> PaymentForm:
    return PaymentForm(data, account=account, cards=queries.methods_on_file(account, kind="card"),
                       linked=queries.linked_open_accounts(account))


def _account_for_money(request, pk: int, perm: str) -> Account:
    account = account_queries.access_account(request.user, pk, for_update=True)
    if not request.user.has_perm(perm):
        raise PermissionDenied("your role cannot do that")
    return account


@login_required
@require_POST
def preview(request, pk: int):
    """Where the payment in the form would go, before it is posted."""
    account = _account_for_money(request, pk, "payments.add_payment")
    form = payment_form(account, request.POST)
    context = {"pay_form": form}
    form.is_valid()  # the preview needs the amount, the method and the split; the rest is checked on posting
    d = form.cleaned_data
    amount_errors = [e for f, errors in form.errors.items() if f == "amount" or f.startswith("split_") or f == "__all__"
                     for e in errors]
    if not (request.POST.get("amount") or "").strip():
        pass  # nothing typed yet: the preview says what it will show
    elif amount_errors:
        context["preview_error"] = " ".join(amount_errors)
    elif d.get("amount"):
        try:
            context["pay_preview"] = queries.preview(account, d["amount"], on=timezone.localdate(), split=d.get("split"),
                                                     direct=d.get("method") == "direct")
        except ArrearsError as exc:
            context["preview_error"] = str(exc)
    return render_fragments(request, ACCOUNT, ["pay_preview"], account_context(request, account, **context))


@login_required
@require_POST
def take_payment(request, pk: int):
    account = _account_for_money(request, pk, "payments.add_payment")
    form = payment_form(account, request.POST)
    payment = None
    if form.is_valid():
        d = form.cleaned_data
        new_card = taking.NewCard(d["card_number"], d["exp_month"], d["exp_year"], d["card_cvc"], d["card_holder"]) \
            if d["method"] == "card" and d["card"] is None else None
        try:
            payment = taking.take_payment(
                account, request.user, amount_cents=d["amount"], method=d["method"],
                idempotency_key=d["idempotency_key"], received_on=d.get("received_on"), reference=d["reference"],
                split=d["split"], memo=d["memo"], card=d["card"], new_card=new_card, keep_card=d["save_card"])
        except ChargeDeclined as exc:
            form.add_error(None, str(exc))
        except ArrearsError as exc:
            _error(form, exc)
    if form.errors:
        return render_fragments(request, ACCOUNT, ["pay_form"], account_context(request, account, pay_form=form))
    account.refresh_from_db()
    context = account_context(request, account, pay_saved=payment)
    return render_fragments(request, ACCOUNT, ["pay_form", *AFTER_MONEY], context)


@login_required
@require_POST
def reverse(request, pk: int, payment_id: int):
    account = _account_for_money(request, pk, "payments.add_reversal")
    payment = queries.access_payment(account, payment_id)
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
    context = account_context(request, account, money_error=(payment.pk, error) if error else None)
    return render_fragments(request, ACCOUNT, ["money", "head", "balance", "timeline"], context)


@login_required
@require_POST
def adjust(request, pk: int):
    account = _account_for_money(request, pk, "payments.add_adjustment")
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            adjust_balance(account, request.user, kind=d["kind"], amount_cents=d["amount"], bucket=d["bucket"],
                           reason=d["reason"])
        except ArrearsError as exc:
            _error(form, exc)
    if form.errors:
        return render_fragments(request, ACCOUNT, ["adjust_form"], account_context(request, account, adjust_form=form))
    account.refresh_from_db()
    return render_fragments(request, ACCOUNT, ["adjust_form", *AFTER_MONEY],
                            account_context(request, account, adjust_saved=True))


@login_required
@require_POST
def refund(request, pk: int):
    account = _account_for_money(request, pk, "payments.add_refund")
    form = RefundForm(request.POST)
    if form.is_valid():
        try:
            refund_credit(account, request.user, amount_cents=form.cleaned_data["amount"],
                          method=form.cleaned_data["method"], reference=form.cleaned_data["reference"])
        except ArrearsError as exc:
            _error(form, exc)
    if form.errors:
        return render_fragments(request, ACCOUNT, ["refund_form"], account_context(request, account, refund_form=form))
    return render_fragments(request, ACCOUNT, ["refund_form", *AFTER_MONEY],
                            account_context(request, account, refund_saved=True))


@login_required
@require_POST
def add_method(request, pk: int):
    """A card or bank account the debtor authorises for scheduled payments."""
    account = _account_for_money(request, pk, "payments.add_paymentmethod")
    form = PaymentMethodForm(request.POST)
    primary = account.parties.filter(role="primary").select_related("debtor").first()
    if form.is_valid() and primary is not None:
        d = form.cleaned_data
        try:
            if d["kind"] == "card":
                month, _, year = (d["card_expiry"] or "").partition("/")
                if not (month.isdigit() and year.isdigit()):
                    raise ArrearsError("write the expiry as MM/YY")
                add_card(primary.debtor, request.user, number=d["card_number"], exp_month=int(month),
                         exp_year=2000 + int(year) % 100, cvc=d["card_cvc"], holder_name=d["holder_name"],
                         authorization=d["authorization"])
            else:
                add_bank_account(primary.debtor, request.user, holder_name=d["holder_name"],
                                 routing_number=d["routing_number"], account_number=d["account_number"],
                                 account_type=d["account_type"] or "checking", sec_code=d["sec_code"] or "TEL",
                                 authorization=d["authorization"])
        except ArrearsError as exc:
            _error(form, exc)
    if form.errors:
        return render_fragments(request, ACCOUNT, ["method_form"], account_context(request, account, method_form=form))
    return render_fragments(request, ACCOUNT, ["method_form", "plan_form", "pay_form", "timeline"],
                            account_context(request, account, method_saved=True))


@login_required
def receipt(request, pk: int, payment_id: int):
    account = account_queries.access_account(request.user, pk)
    if not request.user.has_perm("payments.view_payment"):
        raise PermissionDenied("receipts are for the agency's staff")
    payment = queries.access_payment(account, payment_id)
    if payment.status == "declined":
        raise PermissionDenied("a declined charge has no receipt")
    response = HttpResponse(receipt_pdf(queries.receipt(payment)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{payment.pk}.pdf"'
    return response


@login_required
@require_POST
def email_receipt(request, pk: int, payment_id: int):
    """Email the receipt (PDF attached) to the debtor, through the compliance engine like any email."""
    account = _account_for_money(request, pk, "payments.view_payment")
    payment = queries.access_payment(account, payment_id)
    error = None
    try:
        taking.email_receipt(account, payment, request.user)
    except ArrearsError as exc:
        error = str(exc)
    account.refresh_from_db()
    context = account_context(request, account, money_error=(payment.pk, error) if error else None,
                              receipt_sent=None if error else payment.pk)
    return render_fragments(request, ACCOUNT, ["money", "timeline", "compliance"], context)


# --- the payments desk ------------------------------------------------------------------------------------


def _desk_context(**extra) -> dict:
    return {"lockbox_form": LockboxUploadForm(), "returns_form": ReturnsUploadForm(),
            "imports": LockboxImport.objects.select_related("imported_by")[:10],
            "unapplied": UnappliedItem.objects.filter(resolved_at__isnull=True).select_related("lockbox_import"),
            "resolved": UnappliedItem.objects.filter(resolved_at__isnull=False).order_by("-resolved_at")[:10],
            "ach_files": AchFile.objects.select_related("created_by")[:15],
            "return_files": AchReturnFile.objects.select_related("imported_by")[:10], **extra}


@login_required
@permission_required("payments.add_reversal", raise_exception=True)
def desk(request):
    return render(request, "payments/desk.html", _desk_context())


@login_required
@permission_required("payments.add_reversal", raise_exception=True)
@require_POST
def upload_lockbox(request):
    def said(name, result):
        i = result.imported
        if result.already_imported:
            return f"{name} was already posted ({i.imported_at:%m/%d/%Y %H:%M})"
        return (f"{name}: {i.posted} posted, {i.unapplied} unapplied"
                + (f"; {len(result.warnings)} warnings" if result.warnings else ""))

    return _upload(request, LockboxUploadForm, import_lockbox, said, "lockbox_form")


def _upload(request, form_class, importer, said, form_name: str):
    """A bank file uploaded on the payments desk: applied whole (then back to the desk, saying what it did)
    or refused whole, its problem shown on the form."""
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = importer(upload.name, upload.read(), request.user)
        except ArrearsError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, said(upload.name, result))
            return redirect("payments-desk")
    return render(request, "payments/desk.html", _desk_context(**{form_name: form}), status=422)


@login_required
@permission_required("payments.add_reversal", raise_exception=True)
@require_POST
def resolve_unapplied(request, item_id: int):
    item = get_object_or_404(UnappliedItem, pk=item_id)
    try:
        if request.POST.get("action") == "return":
            form = ReturnUnappliedForm(request.POST)
            if not form.is_valid():
                raise ArrearsError("say why it is sent back")
            return_unapplied(item, request.user, form.cleaned_data["reason"])
            messages.success(request, f"Row {item.row} marked as returned to the payer.")
        else:
            form = ApplyUnappliedForm(request.POST)
            if not form.is_valid():
                raise ArrearsError("give the account number")
            accounts = account_queries.visible_accounts(request.user).filter(
                client_account_number=form.cleaned_data["account_number"])
            if form.cleaned_data["client"]:
                accounts = accounts.filter(client__code=form.cleaned_data["client"])
            found = list(accounts[:2])
            if len(found) != 1:
                raise ArrearsError(f"{'no' if not found else 'more than one'} account "
                                   f"{form.cleaned_data['account_number']}: give the client code too"
                                   if found else f"no account {form.cleaned_data['account_number']}")
            payment = apply_unapplied(item, found[0], request.user)
            messages.success(request, f"Row {item.row} posted to {found[0].client_account_number} "
                                      f"(payment #{payment.pk}).")
    except ArrearsError as exc:
        messages.error(request, f"Row {item.row}: {exc}")
    return redirect("payments-desk")


@login_required
@permission_required("payments.add_reversal", raise_exception=True)
@require_POST
def write_ach(request):
    try:
        ach_file = originate_ach(request.user)
    except ArrearsError as exc:
        messages.error(request, f"The ACH file was not written: {exc}")
    else:
        if ach_file is None:
            messages.info(request, "Nothing to send: no instalment on a bank account is due and no account needs a prenote.")
        else:
            messages.success(request, f"{ach_file.name}: {ach_file.entry_count} entries, effective "
                                      f"{ach_file.effective_on:%m/%d/%Y}, dropped for the bank.")
    return redirect("payments-desk")


@login_required
@permission_required("payments.add_reversal", raise_exception=True)
def ach_file(request, file_id: int):
    row = get_object_or_404(AchFile, pk=file_id)
    response = HttpResponse(row.content, content_type="text/plain; charset=us-ascii")
    response["Content-Disposition"] = f'attachment; filename="{row.name}"'
    return response


@login_required
@permission_required("payments.add_reversal", raise_exception=True)
@require_POST
def upload_returns(request):
    def said(name, result):
        i = result.imported
        return (f"{name} was already applied" if result.already_imported else
                f"{name}: {i.returns} returns and {i.notices_of_change} notifications of change applied")

    return _upload(request, ReturnsUploadForm, import_ach_returns, said, "returns_form")


def payment_rows(account: Account):
    """The account's payments for the money panel, each with what was applied to this account."""
    rows = queries.payments_of(account, 30)
    for payment in rows:
        payment.here_cents = sum(a.amount_cents for a in payment.allocations.all() if a.account_id == account.pk)
        payment.elsewhere = [a for a in payment.allocations.all() if a.account_id != account.pk]
    return rows

