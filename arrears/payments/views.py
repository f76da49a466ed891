"""The payments desk: lockbox files, unapplied items, ACH files and the bank's returns. (Money on the account
screen is the desk app's.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from arrears.accounts import queries as account_queries
from arrears.core.errors import ArrearsError

from .actions.ach import import_ach_returns, originate_ach
from .actions.lockbox import apply_unapplied, import_lockbox, return_unapplied
from .forms import ApplyUnappliedForm, LockboxUploadForm, ReturnsUploadForm, ReturnUnappliedForm
from .models import AchFile, AchReturnFile, LockboxImport, UnappliedItem


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

