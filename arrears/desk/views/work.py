"""Working the account from its screen: calls and messages (through the compliance gate), consents and
disputes, status. (Notes and contact data are the contacts app's views, routed here by the desk's URLconf.)

Each view checks the form, calls the owning app's action and answers with the partials that changed."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.views.decorators.http import require_POST

from arrears.accounts import queries as account_queries
from arrears.accounts.actions import change_status
from arrears.accounts.forms import StatusForm
from arrears.compliance import actions as compliance_actions
from arrears.compliance import queries as compliance_queries
from arrears.compliance.actions import ComplianceBlocked
from arrears.compliance.forms import EndRestrictionForm, RestrictionForm
from arrears.contacts.models import Channel
from arrears.core.errors import ArrearsError
from arrears.core.fragments import render_fragments

from ..forms import CallForm, MessageForm
from ..panels import TEMPLATE, Screen

AFTER_CONTACT = ["parties", "timeline", "head", "compliance"]


def _answer(request, screen: Screen, partials: list[str], **given):
    return render_fragments(request, TEMPLATE, partials, screen.context(partials, **given))


def _field_error(form, exc: ArrearsError) -> None:
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, str(exc))


@login_required
@require_POST
def log_call(request, pk: int):
    account = account_queries.access_account(request.user, pk, for_update=True)
    screen = Screen(request, account)
    form = CallForm(request.POST, phones=screen.active_phones)
    blocked = None
    if form.is_valid():
        try:
            compliance_actions.log_contact(
                account, request.user, channel=Channel.CALL_OUTBOUND, result=form.cleaned_data["result"],
                phone=form.cleaned_data["phone"], note=form.cleaned_data["note"], override=form.override())
        except ComplianceBlocked as exc:
            blocked = exc.decision
            form.add_error(None, "The compliance engine refused this call.")
        except ArrearsError as exc:
            form.add_error(None, str(exc))
    if form.errors:
        return _answer(request, screen, ["call_form", "compliance"] if blocked else ["call_form"],
                       call_form=form, call_blocked=blocked)
    account.refresh_from_db()
    return _answer(request, Screen(request, account), ["call_form", *AFTER_CONTACT], call_saved=True)


@login_required
@require_POST
def message(request, pk: int):
    """Send a text or an email, or queue a letter, through the compliance engine."""
    account = account_queries.access_account(request.user, pk, for_update=True)
    screen = Screen(request, account)
    form = MessageForm(request.POST, parties=screen.parties)
    blocked = None
    if form.is_valid():
        d = form.cleaned_data
        try:
            compliance_actions.send_message(account, request.user, channel=d["channel"], kind=d["kind"],
                                            subject=d["subject"], body=d["body"], override=form.override(),
                                            **d["point"])
        except ComplianceBlocked as exc:
            blocked = exc.decision
            form.add_error(None, f"The compliance engine refused this {d['channel']}.")
        except ArrearsError as exc:
            _field_error(form, exc)
    if form.errors:
        return _answer(request, screen, ["message_form", "compliance"] if blocked else ["message_form"],
                       message_form=form, message_blocked=blocked)
    account.refresh_from_db()
    return _answer(request, Screen(request, account), ["message_form", *AFTER_CONTACT],
                   message_saved=form.cleaned_data["channel"])


@login_required
@require_POST
def status(request, pk: int):
    account = account_queries.access_account(request.user, pk, for_update=True)
    if not request.user.has_perm("accounts.change_account_status"):
        raise PermissionDenied("changing an account's status needs a senior collector or supervisor")
    form = StatusForm(request.POST, account=account)
    if form.is_valid():
        try:
            change_status(account, form.cleaned_data["status"], form.cleaned_data["reason"], request.user)
        except ArrearsError as exc:
            form.add_error(None, str(exc))
    if form.errors:
        return _answer(request, Screen(request, account), ["status_form"], status_form=form)
    return _answer(request, Screen(request, account), ["status_form", "head", "timeline"], status_saved=True)


@login_required
@require_POST
def record_restriction(request, pk: int):
    account = account_queries.access_account(request.user, pk, for_update=True)
    if not request.user.has_perm("compliance.record_restriction"):
        raise PermissionDenied("recording restrictions needs a collector's role")
    screen = Screen(request, account)
    form = RestrictionForm(request.POST, parties=screen.parties)
    if form.is_valid():
        d = form.cleaned_data
        received_at = d["received_at"]
        if timezone.is_naive(received_at):
            received_at = timezone.make_aware(received_at)
        try:
            compliance_actions.record_restriction(
                d["debtor"], request.user, kind=d["kind"], received_at=received_at, received_via=d["received_via"],
                evidence=d["evidence"], account=account if d["scope"] == "account" else None, client=account.client,
                phone=d["phone"],
                email=d["email"], details=form.details())
        except ArrearsError as exc:
            _field_error(form, exc)
    if form.errors:
        return _answer(request, screen, ["restriction_form"], restriction_form=form)
    account.refresh_from_db()
    return _answer(request, Screen(request, account), ["restriction_form", *AFTER_CONTACT, "status_form"],
                   restriction_saved=True)


@login_required
@require_POST
def end_restriction(request, pk: int, rid: int):
    account = account_queries.access_account(request.user, pk, for_update=True)
    if not request.user.has_perm("compliance.record_restriction"):
        raise PermissionDenied("ending restrictions needs a collector's role")
    row = compliance_queries.access_restriction(account, rid)
    form = EndRestrictionForm(request.POST)
    error = None
    if form.is_valid():
        try:
            compliance_actions.end_restriction(row, form.cleaned_data["reason"], request.user)
        except ArrearsError as exc:
            error = str(exc)
    else:
        error = "say why it no longer applies"
    account.refresh_from_db()
    return _answer(request, Screen(request, account), ["compliance", "parties", "timeline"],
                   end_error=(rid, error) if error else None)
