"""What the account's own panels show: its balance by bucket, the status change form, its linked accounts.

Context builders for whatever screen shows an account; each returns the names its partial uses."""

from . import queries
from .forms import StatusForm
from .models import Account


def balance(account: Account) -> dict:
    balances = queries.account_balances(account)
    return {"balances": balances, "total_cents": sum(balances.values())}


def status_form(account: Account, user) -> dict:
    return {"status_form": StatusForm(account=account),
            "can_change_status": user.has_perm("accounts.change_account_status")}


def linked(user, account: Account) -> dict:
    return {"linked": queries.linked_accounts(user, account)}
