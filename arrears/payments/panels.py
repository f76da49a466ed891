"""The money panels: the payment form (with the linked accounts a payment may be split over), the account's
payments with what each applied here, cards and bank accounts on file, and the adjustment, refund and
reversal forms."""

from arrears.accounts import queries as account_queries

from . import queries
from .forms import AdjustmentForm, PaymentForm, PaymentMethodForm, RefundForm, ReversalForm


def payment_form(account, data=None) -> PaymentForm:
    return PaymentForm(data, account=account, cards=queries.methods_on_file(account, kind="card"),
                       linked=queries.linked_open_accounts(account))


def payment_rows(account):
    """The account's payments for the money panel, each with what was applied to this account."""
    rows = queries.payments_of(account, 30)
    for payment in rows:
        payment.here_cents = sum(a.amount_cents for a in payment.allocations.all() if a.account_id == account.pk)
        payment.elsewhere = [a for a in payment.allocations.all() if a.account_id != account.pk]
    return rows


def pay_form(account) -> dict:
    return {"pay_form": payment_form(account)}


def money(account) -> dict:
    return {"payments": payment_rows(account), "reversal_form": ReversalForm(), "credit_cents": queries.credit_cents(account)}


def methods(account) -> dict:
    return {"methods": queries.methods_on_file(account), "method_form": PaymentMethodForm()}


def credit(account) -> dict:
    return {"credit_cents": queries.credit_cents(account), "adjust_form": AdjustmentForm(), "refund_form": RefundForm()}


def last_payment(account) -> dict:
    """The account's last payment, with where it is known from (the placement file, or posted here)."""
    on, source = account_queries.last_payment(account)
    return {"last_payment_on": on, "last_payment_from": source}


def permissions(user) -> dict:
    return {"can_see_payments": user.has_perm("payments.view_payment"),
            "can_pay": user.has_perm("payments.add_payment"),
            "can_reverse": user.has_perm("payments.add_reversal"),
            "can_adjust": user.has_perm("payments.add_adjustment"),
            "can_refund": user.has_perm("payments.add_refund")}
