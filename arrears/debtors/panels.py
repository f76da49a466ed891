"""The forms that record a debtor's new or changed phone, address, email and financial status, for the
parties of whatever account a screen shows."""

from .forms import AddressForm, EmailForm, FinancialStatusForm, PhoneForm

FORMS = {"phone_form": PhoneForm, "address_form": AddressForm, "email_form": EmailForm,
         "financial_form": FinancialStatusForm}


def contact_forms(parties) -> dict:
    return {name: form(parties=parties) for name, form in FORMS.items()}
