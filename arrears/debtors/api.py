"""The API's shapes of a debtor and their contact points; the route is the accounts app's, which scopes
what a user may see."""

from datetime import datetime

from ninja import Schema


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
