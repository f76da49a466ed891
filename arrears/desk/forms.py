"""The account screen's forms that the compliance engine gates: logging a call and sending a message, each
with the supervisor's override of a block."""

from django import forms

from arrears.compliance.forms import OverrideForm
from arrears.contacts.compose import KINDS_BY_CHANNEL, MESSAGE_CHANNELS, POINT_FOR_CHANNEL
from arrears.contacts.models import CALL_RESULTS, MessageKind, Result
from arrears.debtors.models import PhoneStatus


class CallForm(OverrideForm):
    id_prefix = "call"
    phone = forms.ChoiceField(label="Number dialled")
    result = forms.ChoiceField(label="Outcome", choices=[(r.value, r.label) for r in CALL_RESULTS])
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, phones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.phones = {str(p.pk): p for p in phones}
        self.fields["phone"].choices = [
            (str(p.pk), f"{p.display} · {p.get_kind_display()}" + ("" if p.status == PhoneStatus.VALID else f" ({p.get_status_display()})"))
            for p in phones
        ]
        self.fields["result"].initial = Result.NO_ANSWER

    def clean_phone(self):
        return self.phones[self.cleaned_data["phone"]]


class MessageForm(OverrideForm):
    """A text, an email or a letter to one of the account's debtors. `point` is "phone-12", "email-3" or
    "address-7"; the channel must fit it."""
    id_prefix = "message"

    channel = forms.ChoiceField(choices=[(c.value, c.label) for c in MESSAGE_CHANNELS])
    point = forms.ChoiceField(label="To")
    kind = forms.ChoiceField(label="Kind", choices=[(k.value, k.label) for k in MessageKind
                                                    if any(k in kinds for kinds in KINDS_BY_CHANNEL.values())])
    subject = forms.CharField(required=False, max_length=200, label="Subject (email)")
    body = forms.CharField(required=False, max_length=1600, widget=forms.Textarea(attrs={"rows": 3}),
                           label="Message (the disclosure and the opt-out are added)")

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.points = {}
        choices = []
        for party in parties:
            for point in [*party.phones, *party.emails, *party.addresses]:
                if point.active:
                    key = f"{point._meta.model_name}-{point.pk}"
                    self.points[key] = point
                    choices.append((key, f"{point} · {party.debtor.display_name}"))
        self.fields["point"].choices = choices

    def clean(self):
        data = super().clean()
        point = self.points.get(data.get("point") or "")
        wanted = POINT_FOR_CHANNEL.get(data.get("channel"))
        if point is not None and wanted and point._meta.model_name != wanted:
            self.add_error("point", f"a {data['channel']} needs {'a phone number' if wanted == 'phone' else 'an ' + wanted}")
        data["point"] = {wanted: point} if point is not None and wanted else {}
        return data
