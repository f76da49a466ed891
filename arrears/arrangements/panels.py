"""The arrangement panels: the offer form (with the cards and bank accounts on file, which the caller
supplies), the account's arrangements with their schedules, and the debtor's budget with the plans it
affords."""

from . import queries
from .forms import ArrangementForm, BudgetForm


def arrangement_form(methods, data=None, initial=None) -> ArrangementForm:
    return ArrangementForm(data, initial=initial, methods=methods)


def plan_form(methods) -> dict:
    return {"plan_form": arrangement_form(methods)}


def arrangements(account) -> dict:
    return {"arrangements": queries.of_account(account, 5)}


def budget(account, debtor) -> dict:
    """The debtor's recent financial statement and what it affords on this account."""
    statement = queries.latest_statement(debtor) if debtor is not None else None
    return {"budget": statement, "proposals": queries.proposals(account, statement) if statement else [],
            "budget_form": BudgetForm()}


def permissions(user) -> dict:
    return {"can_arrange": user.has_perm("arrangements.add_arrangement")}
