"""The contact record's own screens on the account: notes, and the debtor's contact points (a phone, an
address, an email or a financial status added or replaced while the account is worked).

Each view fetches the account through `access_account` (another client's account is a 404), checks the form,
calls the owning app's action and answers with the account screen's partials that changed. The screen is the
desk's: its URLconf hands each view `answer(request, account, partials, parties=..., **given)`, so this app
renders the desk's partials without importing the desk. (Calls and messages go through the compliance gate,
which sits above this app; the desk serves those.)
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_POST

from arrears.accounts import queries as account_queries
from arrears.core.errors import ArrearsError
from arrears.debtors import actions as debtor_actions
from arrears.debtors.forms import AddressForm, EmailForm, FinancialStatusForm, PhoneForm

from . import queries
from .actions import add_note
from .forms import NoteForm


def _field_error(form, exc: ArrearsError) -> None:
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, str(exc))


@login_required
@require_POST
def note(request, pk: int, *, answer):
    account = account_queries.access_account(request.user, pk, for_update=True)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            add_note(account, form.cleaned_data["text"], request.user)
        except ArrearsError as exc:
            form.add_error("text", str(exc))
    if form.errors:
        return answer(request, account, ["note_form"], note_form=form)
    return answer(request, account, ["note_form", "timeline"], note_saved=True)


# Contact data added from an account's screen belongs to that account's client relationship (see the debtors
# app's Provenance): its client's users see it when the debtor or the client gave it, and a consent given with
# it counts for that client's accounts only.

def _save_phone(form, actor, account) -> list[str]:
    d = form.cleaned_data
    if d["replaces"] is not None:
        debtor_actions.replace_phone(d["replaces"], d["number"], d["reason"], actor, kind=d["kind"], source=d["source"],
                                     client=account.client)
    else:
        debtor_actions.add_phone(d["debtor"], d["number"], actor, kind=d["kind"], source=d["source"],
                                 client=account.client)
    return []


def _save_address(form, actor, account) -> list[str]:
    d = form.cleaned_data
    fields = {k: d[k] for k in ("line1", "line2", "city", "state", "zip_code", "source")}
    if d["replaces"] is not None:
        _, warnings = debtor_actions.replace_address(d["replaces"], actor, reason=d["reason"], client=account.client,
                                                     **fields)
    else:
        _, warnings = debtor_actions.add_address(d["debtor"], actor, client=account.client, **fields)
    return warnings


def _save_email(form, actor, account) -> list[str]:
    d = form.cleaned_data
    if d["replaces"] is not None:
        debtor_actions.end_contact_point(d["replaces"], d["reason"], actor)
    debtor_actions.add_email(d["debtor"], d["address"], actor, source=d["source"], client=account.client,
                             consent_email=d["consent_email"])
    return []


def _save_financial(form, actor, account) -> list[str]:
    debtor_actions.record_financial_status(form.cleaned_data["debtor"], form.cleaned_data["notes"], actor)
    return []


_CONTACT_KINDS = {
    "phone": (PhoneForm, _save_phone, "phone_form"),
    "address": (AddressForm, _save_address, "address_form"),
    "email": (EmailForm, _save_email, "email_form"),
    "financial": (FinancialStatusForm, _save_financial, "financial_form"),
}


@login_required
@require_POST
def record_contact_change(request, pk: int, kind: str, *, answer):
    """Add a phone/address/email to a debtor of the account, or replace one (the old one stays, ended)."""
    account = account_queries.access_account(request.user, pk, for_update=True)
    if kind not in _CONTACT_KINDS:
        raise Http404("no such kind of contact data")
    form_class, save, partial = _CONTACT_KINDS[kind]
    parties = queries.contact_parties(account, request.user)
    form = form_class(request.POST, parties=parties)
    warnings: list[str] = []
    if form.is_valid():
        try:
            warnings = save(form, request.user, account)
        except ArrearsError as exc:
            _field_error(form, exc)
    if form.errors:
        return answer(request, account, [partial], parties=parties, **{partial: form})
    return answer(request, account, [partial, "parties", "timeline"], contact_saved=kind, contact_warnings=warnings)
