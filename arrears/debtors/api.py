from datetime import datetime

from ninja import Router, Schema

from arrears.accounts import queries

router = Router(tags=["debtors"])


class PhoneOut(Schema):
    id: int
    e164: str
    kind: str
    status: str
    source: str
    active: bool
    time_zones: list[str]
    consent_call: bool
    consent_autodialer: bool
    consent_text: bool
    added_at: datetime
    ended_at: datetime | None
    ended_reason: str


class EmailOut(Schema):
    id: int
    address: str
    status: str
    source: str
    active: bool
    consent_email: bool
    added_at: datetime
    ended_at: datetime | None


class AddressOut(Schema):
    id: int
    line1: str
    line2: str
    city: str
    state: str
    zip_code: str
    zip4: str
    status: str
    source: str
    active: bool
    time_zones: list[str]
    added_at: datetime
    ended_at: datetime | None
    ended_reason: str


class DebtorOut(Schema):
    id: int
    kind: str
    name: str
    first_name: str
    middle_name: str
    last_name: str
    suffix: str
    business_name: str
    tax_id_masked: str
    birth_year: int | None
    language: str
    phones: list[PhoneOut]
    emails: list[EmailOut]
    addresses: list[AddressOut]
    account_ids: list[int]


@router.get("/{debtor_id}", response=DebtorOut, summary="A debtor with every contact point (ended ones included)")
def debtor_detail(request, debtor_id: int):
    """SSN/TIN and date of birth are never returned: only the masked last 4 and the birth year."""
    debtor = queries.access_debtor(request.user, debtor_id)
    accounts = queries.visible_accounts(request.user).filter(parties__debtor=debtor).order_by("pk")
    return DebtorOut(
        id=debtor.pk, kind=debtor.kind, name=debtor.display_name, first_name=debtor.first_name,
        middle_name=debtor.middle_name, last_name=debtor.last_name, suffix=debtor.suffix,
        business_name=debtor.business_name, tax_id_masked=debtor.tax_id_masked, birth_year=debtor.birth_year,
        language=debtor.language,
        phones=[PhoneOut.from_orm(p) for p in debtor.phone_set.order_by("-active", "pk")],
        emails=[EmailOut.from_orm(e) for e in debtor.email_set.order_by("-active", "pk")],
        addresses=[AddressOut.from_orm(a) for a in debtor.address_set.order_by("-active", "pk")],
        account_ids=list(accounts.values_list("pk", flat=True)),
    )
