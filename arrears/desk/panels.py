"""The account screen, put together from the domains' panels.

The screen is one template (`desk/account.html`) with named partials. A fragment post answers with only the
partials that changed, and builds only what those partials show: each partial names the pieces it needs,
and each piece is read once per request, from the domain app that owns it. So a note costs the note form and
the timeline, not the whole page.
"""

from functools import cached_property

from arrears.core.fragments import render_fragments

from arrears.accounts import panels as account_panels
from arrears.accounts import queries as account_queries
from arrears.arrangements import panels as arrangement_panels
from arrears.compliance import panels as compliance_panels
from arrears.contacts import panels as contact_panels
from arrears.contacts import queries as contact_queries
from arrears.debtors import panels as debtor_panels
from arrears.payments import panels as payment_panels
from arrears.payments import queries as payment_queries

from .forms import CallForm, MessageForm

TEMPLATE = "desk/account.html"


class Screen:
    """One request's view of one account: the pieces the partials need, each built at most once."""

    def __init__(self, request, account, *, parties=None):
        self.request, self.user, self.account = request, request.user, account
        self.scope = account_queries.scope_of(self.user)
        if parties is not None:  # read already by the view answering
            self.__dict__["parties"] = parties

    # -- shared reads --------------------------------------------------------------------------------------

    @cached_property
    def parties(self):
        return account_queries.parties(self.account, self.scope)

    @cached_property
    def shown_points(self):
        """For a client's user, the contact points its side may see (the timeline and the compliance panel show
        no other); None for staff."""
        return account_queries.shown_points(self.parties) if self.scope.is_client else None

    @cached_property
    def primary_debtor(self):
        return self.parties[0].debtor if self.parties else None

    @cached_property
    def active_phones(self):
        return contact_queries.active_phones(self.parties)

    @cached_property
    def methods(self):
        return payment_queries.methods_on_file(self.account)

    # -- pieces: each returns the names its partials use -----------------------------------------------------

    def piece_permissions(self) -> dict:
        user = self.user
        return {"account": self.account, "can_work": user.has_perm("accounts.work_account"),
                "can_change_status": user.has_perm("accounts.change_account_status"),
                **compliance_panels.permissions(user), **payment_panels.permissions(user),
                **arrangement_panels.permissions(user)}

    def piece_parties(self) -> dict:
        return {"parties": self.parties}

    def piece_point_status(self) -> dict:
        return compliance_panels.point_status(self.account, self.parties)

    def piece_balance(self) -> dict:
        return account_panels.balance(self.account)

    def piece_credit(self) -> dict:
        return payment_panels.credit(self.account)

    def piece_linked(self) -> dict:
        return account_panels.linked(self.user, self.account)

    def piece_timeline(self) -> dict:
        return contact_panels.timeline(self.account, self.scope, self.shown_points)

    def piece_call_form(self) -> dict:
        return {"call_form": CallForm(phones=self.active_phones)}

    def piece_message_form(self) -> dict:
        return {"message_form": MessageForm(parties=self.parties)}

    def piece_note_form(self) -> dict:
        return contact_panels.note_form()

    def piece_restriction_form(self) -> dict:
        return compliance_panels.restriction_form(self.parties)

    def piece_contact_forms(self) -> dict:
        return debtor_panels.contact_forms(self.parties)

    def piece_status_form(self) -> dict:
        return account_panels.status_form(self.account, self.user)

    def piece_compliance(self) -> dict:
        return compliance_panels.panel(self.account, self.user, self.shown_points)

    def piece_money(self) -> dict:
        return {**payment_panels.money(self.account), **arrangement_panels.arrangements(self.account)}

    def piece_pay_form(self) -> dict:
        return payment_panels.pay_form(self.account)

    def piece_plan_form(self) -> dict:
        return arrangement_panels.plan_form(self.methods)

    def piece_budget(self) -> dict:
        return arrangement_panels.budget(self.account, self.primary_debtor)

    def piece_last_payment(self) -> dict:
        return payment_panels.last_payment(self.account)

    def piece_methods(self) -> dict:
        return payment_panels.methods(self.account)

    # -- putting them together -----------------------------------------------------------------------------

    def context(self, partials=None, **given) -> dict:
        """The context for `partials` (None: the whole page), with `given` (a form with its errors, a
        "saved" flag) taking the place of what would otherwise be built."""
        pieces = PAGE if partials is None else [p for name in partials for p in NEEDS[name]]
        context: dict = {}
        for piece in dict.fromkeys(["permissions", *pieces]):
            if piece in given:  # a form handed in with its errors: don't build a fresh one
                continue
            context.update(getattr(self, f"piece_{piece}")())
        context.update(given)
        return context


def answer(request, account, partials: list[str], *, parties=None, **given):
    """The account screen's `partials` as one htmx answer (see `Screen.context` for `given`); `parties` when the
    view read them already. The domains' views that answer on the screen are handed this by the desk's URLconf."""
    screen = Screen(request, account, parties=parties)
    return render_fragments(request, TEMPLATE, partials, screen.context(partials, **given))


# Which pieces each partial of desk/account.html needs. A piece named like a form is skipped when the view
# hands that form in.
NEEDS: dict[str, tuple[str, ...]] = {
    "head": ("parties", "balance"),
    "parties": ("parties", "point_status"),
    "call_form": ("call_form",),
    "message_form": ("message_form",),
    "note_form": ("note_form",),
    "restriction_form": ("restriction_form",),
    "phone_form": ("contact_forms",),
    "address_form": ("contact_forms",),
    "email_form": ("contact_forms",),
    "financial_form": ("contact_forms",),
    "status_form": ("status_form",),
    "timeline": ("timeline",),
    "compliance": ("compliance", "parties", "point_status"),
    "money": ("money",),
    "balance": ("balance", "credit"),
    "pay_form": ("pay_form",),
    "pay_preview": (),
    "plan_form": ("plan_form", "budget"),
    "plan_preview": (),
    "budget_form": ("budget",),
    "plan_budget": ("budget",),
    "method_form": ("methods",),
    "adjust_form": (),
    "refund_form": ("credit",),
    "account_facts": ("last_payment",),
}
PAGE = tuple(dict.fromkeys(["parties", "point_status", "balance", "credit", "linked", "timeline", "call_form",
                            "message_form", "note_form", "restriction_form", "contact_forms", "status_form",
                            "compliance", "money", "pay_form", "plan_form", "budget", "methods",
                            "last_payment"]))
