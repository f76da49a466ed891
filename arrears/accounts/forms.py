from django import forms

from arrears.contacts.models import CALL_RESULTS, Result

from .models import TRANSITIONS, Account, Status


class CallForm(forms.Form):
    phone = forms.ChoiceField(label="Number dialled")
    result = forms.ChoiceField(label="Outcome", choices=[(r.value, r.label) for r in CALL_RESULTS])
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, phones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.phones = {str(p.pk): p for p in phones}
        self.fields["phone"].choices = [
            (str(p.pk), f"{p.display} · {p.get_kind_display()}" + ("" if p.status == "valid" else f" ({p.get_status_display()})"))
            for p in phones
        ]
        self.fields["result"].initial = Result.NO_ANSWER

    def clean_phone(self):
        return self.phones[self.cleaned_data["phone"]]


class NoteForm(forms.Form):
    text = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="New status")
    reason = forms.CharField(max_length=300)

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[account.status]
        self.fields["status"].choices = [(s.value, s.label) for s in Status if s in allowed]


class PlacementUploadForm(forms.Form):
    client = forms.ChoiceField()
    file = forms.FileField(help_text="CSV or .xlsx, see the placement file format")
    skip_bad_rows = forms.BooleanField(required=False, label="Import the good rows if some rows have errors")

    def __init__(self, *args, clients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.clients = {c.code: c for c in clients}
        self.fields["client"].choices = [(c.code, f"{c.code} — {c.name}") for c in clients]

    def clean_client(self):
        return self.clients[self.cleaned_data["client"]]
