"""What the account screen shows and offers about money: the payment and arrangement forms, the payments and
arrangements of the account, cards and bank accounts on file, the debtor's budget and the plans it affords."""

from arrears.arrangements import queries as arrangement_queries
from arrears.arrangements.forms import BudgetForm
from arrears.arrangements.views import arrangement_form

from . import queries
from .forms import AdjustmentForm, PaymentMethodForm, RefundForm, ReversalForm
from .views import payment_form, payment_rows


def money_context(request, account) -> dict:
    user = request.user
    primary = account.parties.filter(role="primary").select_related("debtor").first()
    statement = arrangement_queries.latest_statement(primary.debtor) if primary else None
    proposals = arrangement_queries.proposals(account, statement) if statement else []
    return {
        "pay_form": payment_form(account),
        "plan_form": arrangement_form(queries.methods_on_file(account)),
        "budget_form": BudgetForm(),
        "method_form": PaymentMethodForm(),
        "adjust_form": AdjustmentForm(),
        "refund_form": RefundForm(),
        "reversal_form": ReversalForm(),
        "payments": payment_rows(account),
        "arrangements": arrangement_queries.of_account(account, 5),
        "methods": queries.methods_on_file(account),
        "budget": statement,
        "proposals": proposals,
        "credit_cents": queries.credit_cents(account),
        "can_pay": user.has_perm("payments.add_payment"),
        "can_reverse": user.has_perm("payments.add_reversal"),
        "can_adjust": user.has_perm("payments.add_adjustment"),
        "can_refund": user.has_perm("payments.add_refund"),
        "can_arrange": user.has_perm("arrangements.add_arrangement"),
        "can_see_payments": user.has_perm("payments.view_payment"),
    }
