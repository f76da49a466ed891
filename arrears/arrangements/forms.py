"""Forms of the arrangement screens: the offer (promise, plan or settlement), the debtor's budget, and a
supervisor's decision."""

from django import forms
from django.utils import timezone

from arrears.core.forms import MoneyField, ScreenForm

from .models import Kind
from .schedule import Frequency

CHANNELS = [("card", "Card"), ("ach", "Bank account (ACH)"), ("check", "Check"), ("money_order", "Money order"),
            ("cash", "Cash"), ("wire", "Wire")]
PERIODS = [("month", "month"), ("week", "week"), ("biweek", "2 weeks"), ("semimonth", "½ month"), ("year", "year")]
INCOME_LINES = ("Wages", "Benefits", "Other income")
EXPENSE_LINES = ("Rent / mortgage", "Utilities", "Food", "Transport", "Insurance", "Child care", "Other debts", "Other")


class ArrangementForm(ScreenForm):
    id_prefix = "plan"
    kind = forms.ChoiceField(choices=Kind.choices, initial=Kind.PLAN)
    first_due = forms.DateField(label="First payment due", widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(choices=CHANNELS, label="Paid by")
    payment_method = forms.ChoiceField(required=False, label="Charge on the due dates")
    frequency = forms.ChoiceField(required=False, choices=[(f.value, f.value.title()) for f in Frequency],
                                  initial=Frequency.MONTHLY)
    count = forms.IntegerField(required=False, min_value=1, max_value=520, label="Number of payments")
    instalment = MoneyField(required=False, label="or instalment amount")
    down_payment = MoneyField(required=False, label="Down payment")
    amount = MoneyField(required=False, label="Promised amount (blank: the balance)")
    settlement = MoneyField(required=False, label="Settlement amount")
    use_budget = forms.BooleanField(required=False, initial=True, label="Check it against the debtor's budget")
    override_reason = forms.CharField(required=False, max_length=300,
                                      label="Why it is agreed although the budget does not cover it")

    def __init__(self, *args, methods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.methods = {str(m.pk): m for m in methods}
        self.fields["payment_method"].choices = [("", "— nothing on file: the debtor pays —")] + [
            (str(m.pk), m.label) for m in methods]
        if not self.is_bound:
            self.initial.setdefault("first_due", timezone.localdate())

    def clean(self):
        data = super().clean()
        data["payment_method"] = self.methods.get(data.get("payment_method") or "")
        if data.get("kind") == Kind.PLAN and data.get("count") and data.get("instalment"):
            self.add_error("count", "give the number of payments or the instalment amount, not both")
        return data

    def terms(self) -> dict:
        """The keyword arguments of `queries.offer` and `actions.create_arrangement`."""
        d = self.cleaned_data
        kind = d["kind"]
        return {"kind": kind, "first_due": d["first_due"],
                "frequency": d.get("frequency") or None if kind != Kind.PROMISE else None,
                "count": d.get("count") if kind != Kind.PROMISE else None,
                "instalment_cents": d.get("instalment") if kind == Kind.PLAN else None,
                "down_payment_cents": (d.get("down_payment") or 0) if kind == Kind.PLAN else 0,
                "amount_cents": d.get("amount") if kind == Kind.PROMISE else None,
                "settlement_cents": d.get("settlement") if kind == Kind.SETTLEMENT else None}


class BudgetForm(ScreenForm):
    """The debtor's income and expenses, line by line, each with its own period."""
    id_prefix = "budget"

    notes = forms.CharField(required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for group, labels in (("income", INCOME_LINES), ("expense", EXPENSE_LINES)):
            for i, label in enumerate(labels):
                self.fields[f"{group}_{i}_amount"] = MoneyField(required=False, label=label)
                self.fields[f"{group}_{i}_per"] = forms.ChoiceField(choices=PERIODS, initial="month", label="per")

    @property
    def income_lines(self):
        return self.lines("income")

    @property
    def expense_lines(self):
        return self.lines("expense")

    def lines(self, group: str):
        labels = INCOME_LINES if group == "income" else EXPENSE_LINES
        return [(label, self[f"{group}_{i}_amount"], self[f"{group}_{i}_per"]) for i, label in enumerate(labels)]

    def items(self, group: str) -> list[dict]:
        labels = INCOME_LINES if group == "income" else EXPENSE_LINES
        return [{"label": label, "amount_cents": self.cleaned_data[f"{group}_{i}_amount"],
                 "per": self.cleaned_data[f"{group}_{i}_per"]}
                for i, label in enumerate(labels) if self.cleaned_data.get(f"{group}_{i}_amount")]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("deny", "Deny")])
    note = forms.CharField(required=False, max_length=300)


class CancelForm(forms.Form):
    reason = forms.CharField(max_length=300)
