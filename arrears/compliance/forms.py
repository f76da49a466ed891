"""Forms of the compliance panel: recording a restriction with its evidence, ending one, and the supervisor's
override of a blocked contact."""

from django import forms
from django.utils import timezone

from arrears.core.forms import ScreenForm

from .actions import CONSENTS_REVOCABLE, MEDIA, PLACES, WEEKDAYS, Override
from .models import Kind, RebuttalFactor, ReceivedVia

# Which detail fields each kind shows and needs (the rest of the form is common).
DETAILS = {
    Kind.INCONVENIENT_TIME: ["days", "time_from", "time_to", "until"],
    Kind.INCONVENIENT_PLACE: ["place"],
    Kind.MEDIUM_OPT_OUT: ["medium", "phone", "email"],
    Kind.CONSENT_ADDITIONAL_CALLS: ["until"],
    Kind.CONSENT_INCONVENIENT_TIME: ["until"],
    Kind.EMAIL_CONSENT: ["email"], Kind.SMS_CONSENT: ["phone"], Kind.TCPA_CONSENT: ["phone"],
    Kind.TCPA_REVOCATION: ["phone"], Kind.ESIGN_CONSENT: ["email"], Kind.NUMBER_NOT_CONSUMERS: ["phone"],
    Kind.REASSIGNED_NUMBER_CHECK: ["phone", "check_result"],
    Kind.CONSENT_REVOKED: ["consent_of", "phone", "email"],
    Kind.WRITTEN_CEASE: ["refuses_to_pay", "mailed_on"],
    Kind.WRITTEN_DISPUTE: ["portion", "new_material_information"],
    Kind.ATTORNEY: ["name", "address_text", "phone_text"],
    Kind.BANKRUPTCY: ["chapter", "filed", "case_number", "case_status"],
    Kind.DECEASED: ["on_date", "name"],
    Kind.THIRD_PARTY_CONSENT: ["name"],
    Kind.CREDITOR_EMAIL_NOTICE: ["email", "until"],
    Kind.LIMITATIONS_EXPIRED: ["on_date"],
}
_DATE = forms.DateInput(attrs={"type": "date"})
_CONSENT_LABELS = {"additional_calls": "Further calls", "email": "Email", "sms": "Texts",
                   "inconvenient_time": "Contact at an inconvenient time"}


class RestrictionForm(ScreenForm):
    id_prefix = "restriction"
    kind = forms.ChoiceField(choices=Kind.choices, label="What was received or learned")
    debtor = forms.ChoiceField(label="Debtor")
    scope = forms.ChoiceField(choices=[("account", "This account"), ("all", "All of the debtor's accounts")],
                              label="About")
    received_at = forms.DateTimeField(label="Received (agency time)", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                      help_text="when the collector received it (a letter: the day it arrived)")
    received_via = forms.ChoiceField(choices=ReceivedVia.choices, label="How")
    evidence = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=4000,
                               label="Evidence: what was said or received, and where the document is")
    # kind-specific details
    days = forms.MultipleChoiceField(choices=[(d, d.capitalize()) for d in WEEKDAYS], required=False,
                                     widget=forms.CheckboxSelectMultiple, label="Days")
    time_from = forms.CharField(required=False, max_length=5, label="From (debtor's local time)",
                                widget=forms.TextInput(attrs={"placeholder": "15:00"}))
    time_to = forms.CharField(required=False, max_length=5, label="To", widget=forms.TextInput(attrs={"placeholder": "17:00"}))
    until = forms.DateField(required=False, widget=_DATE, label="Until (inclusive)")
    place = forms.ChoiceField(choices=[(p, p.capitalize()) for p in PLACES], required=False)
    medium = forms.ChoiceField(choices=[(m, m) for m in MEDIA], required=False)
    phone = forms.ChoiceField(required=False, label="Phone")
    email = forms.ChoiceField(required=False, label="Email")
    check_result = forms.ChoiceField(choices=[("not_reassigned", "Not reassigned"), ("reassigned", "Reassigned"),
                                              ("no_data", "No data")], required=False, label="Result")
    consent_of = forms.ChoiceField(choices=[(c, _CONSENT_LABELS[c]) for c in CONSENTS_REVOCABLE],
                                   required=False, label="Consent withdrawn")
    refuses_to_pay = forms.BooleanField(required=False, label="Refuses to pay (rather than asks to stop)")
    mailed_on = forms.DateField(required=False, widget=_DATE, label="Postmarked")
    portion = forms.CharField(required=False, max_length=200, label="Disputed portion (blank = all)")
    new_material_information = forms.BooleanField(required=False, label="Brings new and material information")
    name = forms.CharField(required=False, max_length=200, label="Name")
    address_text = forms.CharField(required=False, max_length=300, label="Address")
    phone_text = forms.CharField(required=False, max_length=40, label="Phone")
    chapter = forms.ChoiceField(choices=[("", "—"), ("7", "7"), ("11", "11"), ("12", "12"), ("13", "13")],
                                required=False)
    filed = forms.DateField(required=False, widget=_DATE, label="Filed")
    case_number = forms.CharField(required=False, max_length=40, label="Case number")
    case_status = forms.ChoiceField(choices=[("pending", "Pending"), ("discharged", "Discharged"),
                                             ("dismissed", "Dismissed"), ("closed", "Closed")], required=False,
                                    label="Case status")
    on_date = forms.DateField(required=False, widget=_DATE, label="Date (of death, of expiry)")

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.debtors = {str(p.debtor.pk): p.debtor for p in parties}
        self.fields["debtor"].choices = [(k, f"{d.display_name}") for k, d in self.debtors.items()]
        self.phones = {str(ph.pk): ph for p in parties for ph in p.phones if ph.active}
        self.emails = {str(e.pk): e for p in parties for e in p.emails if e.active}
        self.fields["phone"].choices = [("", "—")] + [(k, f"{ph.display} ({ph.debtor.display_name})")
                                                      for k, ph in self.phones.items()]
        self.fields["email"].choices = [("", "—")] + [(k, e.address) for k, e in self.emails.items()]
        if not self.is_bound:
            self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)

    def clean(self):
        data = super().clean()
        if "debtor" in data:
            data["debtor"] = self.debtors[data["debtor"]]
        data["phone"] = self.phones.get(data.get("phone") or "")
        data["email"] = self.emails.get(data.get("email") or "")
        for point, label in ((data["phone"], "phone"), (data["email"], "email")):
            if point is not None and "debtor" in data and point.debtor_id != data["debtor"].pk:
                self.add_error(label, "that is another debtor's")
        return data

    def details(self) -> dict:
        """The details the action takes for the chosen kind."""
        d = self.cleaned_data
        kind = d["kind"]
        if kind == Kind.INCONVENIENT_TIME:
            return {"days": d["days"] or list(WEEKDAYS), "from": d["time_from"] or "00:00", "to": d["time_to"] or "24:00",
                    "until": d["until"]}
        if kind == Kind.CONSENT_ADDITIONAL_CALLS:
            return {"until_date": d["until"]}
        if kind == Kind.CONSENT_INCONVENIENT_TIME:
            return {"until_ts": timezone.make_aware(timezone.datetime.combine(d["until"], timezone.datetime.max.time()))
                    if d["until"] else None}
        if kind == Kind.CREDITOR_EMAIL_NOTICE:
            return {"opt_out_deadline": d["until"]}
        return {
            Kind.INCONVENIENT_PLACE: {"place": d["place"]}, Kind.MEDIUM_OPT_OUT: {"medium": d["medium"]},
            Kind.REASSIGNED_NUMBER_CHECK: {"result": d["check_result"]}, Kind.CONSENT_REVOKED: {"of": d["consent_of"]},
            Kind.WRITTEN_CEASE: {"refuses_to_pay": d["refuses_to_pay"],
                                 "mailed_ts": d["mailed_on"].isoformat() if d["mailed_on"] else None},
            Kind.WRITTEN_DISPUTE: {"portion": d["portion"], "new_material_information": d["new_material_information"]},
            Kind.ATTORNEY: {"name": d["name"], "address": d["address_text"], "phone": d["phone_text"]},
            Kind.BANKRUPTCY: {"chapter": d["chapter"], "filed": d["filed"], "case_number": d["case_number"],
                              "status": d["case_status"] or "pending"},
            Kind.DECEASED: {"date_of_death": d["on_date"], "estate_representative": d["name"]},
            Kind.THIRD_PARTY_CONSENT: {"person": d["name"]},
            Kind.LIMITATIONS_EXPIRED: {"expired_on": d["on_date"]},
        }.get(kind, {})

    def detail_fields(self):
        """The detail fields, each with the kinds it belongs to (the page shows only the chosen kind's)."""
        kinds_of: dict[str, list[str]] = {}
        for kind, names in DETAILS.items():
            for name in names:
                kinds_of.setdefault(name, []).append(kind)
        return [(self[name], " ".join(kinds)) for name, kinds in kinds_of.items()]


class EndRestrictionForm(forms.Form):
    reason = forms.CharField(max_length=300, label="Why it no longer applies")


class OverrideForm(ScreenForm):
    """A supervisor's rebuttal of a call-frequency (or stricter-policy) block, Reg F cmt 14(b)(2)(ii)-2."""

    override_factor = forms.ChoiceField(choices=[("", "—")] + RebuttalFactor.choices, required=False,
                                        label="Override: rebuttal factor")
    override_reason = forms.CharField(required=False, max_length=1000, label="Why (for the examiner)",
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def override(self):
        factor = self.cleaned_data.get("override_factor")
        return Override(factor, self.cleaned_data.get("override_reason") or "") if factor else None
