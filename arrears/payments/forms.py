"""Forms of the payment screens: taking a payment (with its allocation preview), reversing one, a card or bank
account on file, balance adjustments, and the lockbox and ACH files."""

import uuid

from django import forms
from django.utils import timezone

from arrears.core.forms import MoneyField, ScreenForm
from arrears.ledger.models import Bucket

from .models import AdjustmentKind, InstrumentKind, ReversalReason

TAKEN_METHODS = [("card", "Card"), ("check", "Check"), ("money_order", "Money order"), ("cash", "Cash"),
                 ("wire", "Wire transfer"), ("direct", "Paid to the client directly")]


class PaymentForm(ScreenForm):
    id_prefix = "pay"
    amount = MoneyField(label="Amount")
    method = forms.ChoiceField(choices=TAKEN_METHODS, initial="card")
    saved_card = forms.ChoiceField(label="Card", required=False)
    card_number = forms.CharField(required=False, max_length=23, label="Card number",
                                  widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
    card_expiry = forms.CharField(required=False, max_length=7, label="Expiry (MM/YY)",
                                  widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "MM/YY"}))
    card_cvc = forms.CharField(required=False, max_length=4, label="CVC",
                               widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
    card_holder = forms.CharField(required=False, max_length=120, label="Name on card")
    save_card = forms.BooleanField(required=False, label="Keep the card on file (debtor agreed)")
    reference = forms.CharField(required=False, max_length=60, label="Check / serial / reference #")
    received_on = forms.DateField(required=False, label="Received on",
                                  widget=forms.DateInput(attrs={"type": "date"}))
    memo = forms.CharField(required=False, max_length=300, label="Memo")
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=120)

    def __init__(self, *args, account=None, cards=(), linked=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        self.cards = {str(c.pk): c for c in cards}
        self.fields["saved_card"].choices = [("", "New card")] + [(str(c.pk), c.label) for c in cards]
        self.linked = list(linked)
        for account in self.linked:
            self.fields[f"split_{account.pk}"] = MoneyField(required=False, label=account.client_account_number)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", str(uuid.uuid4()))
            self.initial.setdefault("received_on", timezone.localdate())

    def split_fields(self):
        return [(account, self[f"split_{account.pk}"]) for account in self.linked]

    def clean(self):
        data = super().clean()
        method = data.get("method")
        if method == "card" and not data.get("saved_card"):
            for name in ("card_number", "card_expiry", "card_cvc", "card_holder"):
                if not data.get(name):
                    self.add_error(name, "needed for a new card")
            expiry = (data.get("card_expiry") or "").replace(" ", "")
            if expiry:
                month, _, year = expiry.partition("/")
                if not (month.isdigit() and year.isdigit() and 1 <= int(month) <= 12):
                    self.add_error("card_expiry", "write it as MM/YY")
                else:
                    data["exp_month"], data["exp_year"] = int(month), 2000 + int(year) % 100
        if method in ("check", "money_order") and not data.get("reference"):
            self.add_error("reference", "the check or serial number")
        if data.get("received_on") and data["received_on"] > timezone.localdate():
            self.add_error("received_on", "cannot be in the future")
        split = {account.pk: data.get(f"split_{account.pk}") for account in self.linked}
        split = {pk: cents for pk, cents in split.items() if cents}
        if split and self.account is not None and data.get("amount"):
            here = data["amount"] - sum(split.values())
            if here < 0:
                self.add_error(None, "the split gives the other accounts more than the payment")
            split[self.account.pk] = here
        data["split"] = split or None
        data["card"] = self.cards.get(data.get("saved_card") or "")
        return data


class ReversalForm(ScreenForm):
    id_prefix = "reversal"
    reason = forms.ChoiceField(choices=ReversalReason.choices)
    code = forms.CharField(required=False, max_length=8, label="Code (R01, chargeback #)")
    note = forms.CharField(required=False, max_length=300)
    charge_fee = forms.BooleanField(required=False, initial=True,
                                    label="Charge the returned-payment fee (where the contract allows)")


class AdjustmentForm(ScreenForm):
    id_prefix = "adjust"
    kind = forms.ChoiceField(choices=AdjustmentKind.choices)
    bucket = forms.ChoiceField(choices=Bucket.choices)
    amount = MoneyField(label="Amount (negative lowers the balance)", allow_negative=True)
    reason = forms.CharField(max_length=300)


class RefundForm(ScreenForm):
    id_prefix = "refund"
    amount = MoneyField()
    method = forms.ChoiceField(choices=[("check", "Check"), ("card", "Back to the card"), ("ach", "ACH credit")])
    reference = forms.CharField(required=False, max_length=120)


class PaymentMethodForm(ScreenForm):
    id_prefix = "method"
    kind = forms.ChoiceField(choices=InstrumentKind.choices, label="Kind")
    holder_name = forms.CharField(max_length=120, label="Holder's name")
    card_number = forms.CharField(required=False, max_length=23, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    card_expiry = forms.CharField(required=False, max_length=7, label="Expiry (MM/YY)")
    card_cvc = forms.CharField(required=False, max_length=4, label="CVC",
                               widget=forms.PasswordInput(attrs={"autocomplete": "off"}))
    routing_number = forms.CharField(required=False, max_length=9)
    account_number = forms.CharField(required=False, max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    account_type = forms.ChoiceField(required=False, choices=[("checking", "Checking"), ("savings", "Savings")])
    sec_code = forms.ChoiceField(required=False, label="Authorised", choices=[
        ("TEL", "TEL — on this recorded call"), ("WEB", "WEB — online"), ("PPD", "PPD — signed form"),
        ("CCD", "CCD — a business's account")])
    authorization = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                                    label="The debtor's authorisation (what was agreed)")


class LockboxUploadForm(forms.Form):
    file = forms.FileField(help_text="the bank's lockbox CSV (docs/lockbox.md)")


class ReturnsUploadForm(forms.Form):
    file = forms.FileField(help_text="the bank's ACH returns / notification-of-change file")


class ApplyUnappliedForm(forms.Form):
    account_number = forms.CharField(max_length=40, label="Account #")
    client = forms.CharField(max_length=20, required=False, label="Client code")


class ReturnUnappliedForm(forms.Form):
    reason = forms.CharField(max_length=200)
