"""Recording phone, address and email changes from the account screen (htmx fragments)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_POST

from arrears.accounts import queries
from arrears.accounts.views import ACCOUNT, account_context
from arrears.core.errors import ArrearsError
from arrears.core.fragments import render_fragments

from . import actions
from .forms import AddressForm, EmailForm, FinancialStatusForm, PhoneForm


def _save_phone(form, actor) -> list[str]:
    d = form.cleaned_data
    if d["replaces"] is not None:
        actions.replace_phone(d["replaces"], d["number"], d["reason"], actor, kind=d["kind"], source=d["source"])
    else:
        actions.add_phone(d["debtor"], d["number"], actor, kind=d["kind"], source=d["source"])
    return []


def _save_address(form, actor) -> list[str]:
    d = form.cleaned_data
    fields = {k: d[k] for k in ("line1", "line2", "city", "state", "zip_code", "source")}
    if d["replaces"] is not None:
        _, warnings = actions.replace_address(d["replaces"], actor, reason=d["reason"], **fields)
    else:
        _, warnings = actions.add_address(d["debtor"], actor, **fields)
    return warnings


def _save_email(form, actor) -> list[str]:
    d = form.cleaned_data
    if d["replaces"] is not None:
        actions.end_contact_point(d["replaces"], d["reason"], actor)
    actions.add_email(d["debtor"], d["address"], actor, source=d["source"], consent_email=d["consent_email"])
    return []


def _save_financial(form, actor) -> list[str]:
    actions.record_financial_status(form.cleaned_data["debtor"], form.cleaned_data["notes"], actor)
    return []


_KINDS = {
    "phone": (PhoneForm, _save_phone, "phone_form"),
    "address": (AddressForm, _save_address, "address_form"),
    "email": (EmailForm, _save_email, "email_form"),
    "financial": (FinancialStatusForm, _save_financial, "financial_form"),
}


@login_required
@require_POST
def record_contact_change(request, pk: int, kind: str):
    """Add a phone/address/email to a debtor of the account, or replace one (the old one stays, ended)."""
    account = queries.access_account(request.user, pk, for_update=True)
    if kind not in _KINDS:
        raise Http404("no such kind of contact data")
    form_class, save, partial = _KINDS[kind]
    parties = queries.parties(account)
    form = form_class(request.POST, parties=parties)
    warnings: list[str] = []
    if form.is_valid():
        try:
            warnings = save(form, request.user)
        except ArrearsError as exc:
            form.add_error(getattr(exc, "field", None) if getattr(exc, "field", None) in form.fields else None, str(exc))
    if form.errors:
        context = account_context(request, account, **{partial: form})
        return render_fragments(request, ACCOUNT, [partial], context)
    context = account_context(request, account, contact_saved=kind, contact_warnings=warnings)
    return render_fragments(request, ACCOUNT, [partial, "parties", "timeline"], context)
