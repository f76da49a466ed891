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
