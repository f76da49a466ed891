from django import forms

from arrears.core.forms import ScreenForm


class NoteForm(ScreenForm):
    id_prefix = "note"
    text = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
