"""The collector's screens: search, the account screen and its htmx fragments, status changes."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_POST

from arrears.compliance import queries as compliance_queries
from arrears.compliance.actions import ComplianceBlocked
from arrears.compliance.forms import RestrictionForm
from arrears.contacts.actions import add_note, log_contact, send_message
from arrears.contacts.models import Channel
from arrears.core.errors import ArrearsError
from arrears.core.fragments import render_fragments
from arrears.debtors.forms import AddressForm, EmailForm, FinancialStatusForm, PhoneForm

from . import queries
from .actions import change_status
from .forms import CallForm, MessageForm, NoteForm, StatusForm
from .models import Account

ACCOUNT = "accounts/account.html"


@login_required
def home(request):
    q = request.GET.get("q", "").strip()
    rows = queries.search_accounts(request.user, q) if q else queries.recent_accounts(request.user)
    return render(request, "accounts/home.html", {"q": q, "rows": rows, "searched": bool(q)})


@login_required
def search(request):
    q = request.GET.get("q", "").strip()
    rows = queries.search_accounts(request.user, q) if q else queries.recent_accounts(request.user)
    return render(request, "accounts/home.html#results", {"q": q, "rows": rows, "searched": bool(q)})


def account_context(request, account: Account, **forms) -> dict:
    parties = queries.parties(account)
    phones = [p for party in parties for p in party.phones if p.active]
    can_work = request.user.has_perm("accounts.work_account")
    statuses = compliance_queries.contact_status(account, parties)
    for party in parties:
        for point in [*party.phones, *party.emails, *party.addresses]:
            point.compliance = statuses[party.debtor.pk].get(f"{point._meta.model_name}-{point.pk}")
    validation_end = next((s.decision.dates["validation_period_end"] for by_point in statuses.values()
                           for s in by_point.values() if "validation_period_end" in s.decision.dates), None)
    context = {
        "account": account,
        "parties": parties,
        "balances": queries.account_balances(account),
        "linked": queries.linked_accounts(request.user, account),
        "timeline": queries.timeline(account),
        "can_work": can_work,
        "can_change_status": request.user.has_perm("accounts.change_account_status"),
        "call_form": CallForm(phones=phones),
        "note_form": NoteForm(),
        "status_form": StatusForm(account=account),
        "phone_form": PhoneForm(parties=parties),
        "address_form": AddressForm(parties=parties),
        "email_form": EmailForm(parties=parties),
        "financial_form": FinancialStatusForm(parties=parties),
        "message_form": MessageForm(parties=parties),
        "restriction_form": RestrictionForm(parties=parties),
        "restrictions": compliance_queries.restrictions(account),
        "decisions": compliance_queries.decisions(account, 12),
        "validation_end": validation_end,
        "can_record": request.user.has_perm("compliance.record_restriction"),
        "can_override": request.user.has_perm("compliance.override_decision"),
        "can_see_decisions": request.user.has_perm("compliance.view_decisionrecord"),
    }
    context["total_cents"] = sum(context["balances"].values())
    if request.user.has_perm("payments.view_payment"):
        from arrears.payments.screen import money_context

        context.update(money_context(request, account))
    context.update(forms)
    return context


@login_required
def account_screen(request, pk: int):
    account = queries.access_account(request.user, pk)
    return render(request, ACCOUNT, account_context(request, account))


AFTER_CONTACT = ["parties", "timeline", "head", "compliance"]


@login_required
@require_POST
def log_call(request, pk: int):
    account = queries.access_account(request.user, pk, for_update=True)
    phones = [p for party in queries.parties(account) for p in party.phones if p.active]
    form = CallForm(request.POST, phones=phones)
    blocked = None
    if form.is_valid():
        try:
            log_contact(account, request.user, channel=Channel.CALL_OUTBOUND, result=form.cleaned_data["result"],
                        phone=form.cleaned_data["phone"], note=form.cleaned_data["note"],
                        override=form.override())
        except ComplianceBlocked as exc:
            blocked = exc.decision
            form.add_error(None, "The compliance engine refused this call.")
        except ArrearsError as exc:
            form.add_error(None, str(exc))
    if form.errors:
        context = account_context(request, account, call_form=form, call_blocked=blocked)
        return render_fragments(request, ACCOUNT, ["call_form", "compliance"] if blocked else ["call_form"], context)
    account.refresh_from_db()
    context = account_context(request, account, call_saved=True)
    return render_fragments(request, ACCOUNT, ["call_form", *AFTER_CONTACT], context)


@login_required
@require_POST
def message(request, pk: int):
    """Send a text or an email, or queue a letter, through the compliance engine."""
    account = queries.access_account(request.user, pk, for_update=True)
    form = MessageForm(request.POST, parties=queries.parties(account))
    blocked = None
    if form.is_valid():
        d = form.cleaned_data
        try:
            send_message(account, request.user, channel=d["channel"], kind=d["kind"], subject=d["subject"],
                         body=d["body"], override=form.override(), **d["point"])
        except ComplianceBlocked as exc:
            blocked = exc.decision
            form.add_error(None, f"The compliance engine refused this {d['channel']}.")
        except ArrearsError as exc:
            form.add_error(getattr(exc, "field", None) if getattr(exc, "field", None) in form.fields else None, str(exc))
    if form.errors:
        context = account_context(request, account, message_form=form, message_blocked=blocked)
        return render_fragments(request, ACCOUNT, ["message_form", "compliance"] if blocked else ["message_form"],
                                context)
    account.refresh_from_db()
    context = account_context(request, account, message_saved=form.cleaned_data["channel"])
    return render_fragments(request, ACCOUNT, ["message_form", *AFTER_CONTACT], context)


@login_required
@require_POST
def note(request, pk: int):
    account = queries.access_account(request.user, pk, for_update=True)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            add_note(account, form.cleaned_data["text"], request.user)
        except ArrearsError as exc:
            form.add_error("text", str(exc))
    if form.errors:
        return render_fragments(request, ACCOUNT, ["note_form"], account_context(request, account, note_form=form))
    return render_fragments(request, ACCOUNT, ["note_form", "timeline"], account_context(request, account, note_saved=True))


@login_required
@require_POST
def status(request, pk: int):
    account = queries.access_account(request.user, pk, for_update=True)
    if not request.user.has_perm("accounts.change_account_status"):
        raise PermissionDenied("changing an account's status needs a senior collector or supervisor")
    form = StatusForm(request.POST, account=account)
    if form.is_valid():
        try:
            change_status(account, form.cleaned_data["status"], form.cleaned_data["reason"], request.user)
        except ArrearsError as exc:
            form.add_error(None, str(exc))
    if form.errors:
        return render_fragments(request, ACCOUNT, ["status_form"], account_context(request, account, status_form=form))
    return render_fragments(request, ACCOUNT, ["status_form", "head", "timeline"],
                            account_context(request, account, status_saved=True))
