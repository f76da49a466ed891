"""Form fields every screen uses."""

from django import forms

from .money import MoneyFormatError, parse_cents


class MoneyField(forms.CharField):
    """Dollars as people type them ("1,234.56", "$40"), cleaned to integer cents."""

    def __init__(self, *args, allow_negative=False, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        self.allow_negative = allow_negative
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("class", "money")

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return None
        try:
            cents = parse_cents(value)
        except MoneyFormatError as exc:
            raise forms.ValidationError(str(exc)) from None
        if cents < 0 and not self.allow_negative:
            raise forms.ValidationError("the amount cannot be negative")
        return cents


class ScreenForm(forms.Form):
    """A form that shares its page with others (the account screen has a dozen). Its fields' ids start with
    `id_prefix` (default: the class's name), so two forms' "reason" or "kind" fields never share an id and
    every label points at its own form's field. The names posted are unchanged."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix or type(self).__name__.lower()}_%s")
        super().__init__(*args, **kwargs)
