"""Forms for recording a debtor's new or changed phone, address and email from the account screen."""

from django import forms

from arrears.core.forms import ScreenForm
from arrears.debtors.models import PhoneKind, Source
from arrears.debtors.normalize import US_STATES


class _ContactChangeForm(ScreenForm):
    """Common part: which debtor of the account, and which existing entry (if any) the new one replaces."""

    debtor = forms.ChoiceField(label="Debtor")
    replaces = forms.ChoiceField(label="Replaces", required=False)
    source = forms.ChoiceField(choices=Source.choices, initial=Source.DEBTOR)
    reason = forms.CharField(required=False, max_length=200, label="Why it changed")
    points_attr = ""

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.debtors = {str(p.debtor.pk): p.debtor for p in parties}
        self.points = {str(cp.pk): cp for p in parties for cp in getattr(p, self.points_attr) if cp.active}
        self.fields["debtor"].choices = [(str(p.debtor.pk), f"{p.debtor.display_name} ({p.role_label})") for p in parties]
        self.fields["replaces"].choices = [("", "— nothing, add it —")] + [
            (pk, str(cp)) for pk, cp in self.points.items()
        ]

    def clean(self):
        data = super().clean()
        if "debtor" in data:
            data["debtor"] = self.debtors[data["debtor"]]
        old = self.points.get(data.get("replaces") or "")
        if old is not None and "debtor" in data and old.debtor_id != data["debtor"].pk:
            self.add_error("replaces", "that belongs to another debtor")
        if old is not None and not (data.get("reason") or "").strip():
            self.add_error("reason", "say why it changed (e.g. 'debtor moved', 'new number')")
        data["replaces"] = old
        return data


class PhoneForm(_ContactChangeForm):
    id_prefix = "phone"
    points_attr = "phones"
    number = forms.CharField(max_length=32, widget=forms.TextInput(attrs={"type": "tel", "placeholder": "(555) 123-4567"}))
    kind = forms.ChoiceField(choices=PhoneKind.choices, initial=PhoneKind.MOBILE, label="Type")

    field_order = ["debtor", "number", "kind", "source", "replaces", "reason"]


class AddressForm(_ContactChangeForm):
    id_prefix = "address"
    points_attr = "addresses"
    line1 = forms.CharField(max_length=120, label="Street")
    line2 = forms.CharField(max_length=120, required=False, label="Apt / suite")
    city = forms.CharField(max_length=80)
    state = forms.ChoiceField(choices=[("", "—")] + [(s, s) for s in sorted(US_STATES)])
    zip_code = forms.CharField(max_length=10, label="ZIP")

    field_order = ["debtor", "line1", "line2", "city", "state", "zip_code", "source", "replaces", "reason"]


class EmailForm(_ContactChangeForm):
    id_prefix = "email"
    points_attr = "emails"
    address = forms.EmailField(max_length=254)
    consent_email = forms.BooleanField(required=False, label="Debtor agreed to be emailed")

    field_order = ["debtor", "address", "consent_email", "source", "replaces", "reason"]


class FinancialStatusForm(ScreenForm):
    id_prefix = "financial"
    debtor = forms.ChoiceField(label="Debtor")
    notes = forms.CharField(required=False, max_length=4000, label="Financial status",
                            widget=forms.Textarea(attrs={"rows": 3, "placeholder": "employer, income, hardship, assets…"}))

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.debtors = {str(p.debtor.pk): p.debtor for p in parties}
        self.fields["debtor"].choices = [(str(p.debtor.pk), f"{p.debtor.display_name} ({p.role_label})") for p in parties]
        if parties and not self.is_bound:
            self.fields["notes"].initial = parties[0].debtor.financial_notes

    def clean_debtor(self):
        return self.debtors[self.cleaned_data["debtor"]]
