from django import forms


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
