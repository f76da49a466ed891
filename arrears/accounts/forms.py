from django import forms

from arrears.core.forms import ScreenForm

from .models import TRANSITIONS, Account, Status


class StatusForm(ScreenForm):
    id_prefix = "status"
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
