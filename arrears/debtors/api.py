"""The API's shapes of a debtor and their contact points; the route is the accounts app's, which scopes
what a user may see (`accounts.queries.debtor_view`) and hands it here to be shaped."""

from datetime import datetime

from ninja import Schema

from .queries import point_key


class SuppliedOut(Schema):
    """One client's side of a contact point: how it supplied it and the consents given in that relationship."""

    client: str
    source: str
    consent_autodialer: bool
    consent_text: bool
    consent_email: bool


class PhoneOut(Schema):
    id: int
    e164: str
    kind: str
    status: str
    source: str
    active: bool
    time_zones: list[str]
    consent_call: bool
    consent_autodialer: bool  # given for one of the clients listed in supplied_by (a client user: its own)
    consent_text: bool
    supplied_by: list[SuppliedOut]
    added_at: datetime
    ended_at: datetime | None
    ended_reason: str


class EmailOut(Schema):
    id: int
    address: str
    status: str
    source: str
    active: bool
    consent_email: bool  # given for one of the clients listed in supplied_by (a client user: its own)
    supplied_by: list[SuppliedOut]
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
    supplied_by: list[SuppliedOut]
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


def _supplied(rows) -> list[SuppliedOut]:
    return [SuppliedOut(client=r.client.code, source=r.source, consent_autodialer=r.consent_autodialer,
                        consent_text=r.consent_text, consent_email=r.consent_email) for r in rows]


def _point(point, view, **fields) -> dict:
    rows = view.provenance.get(point_key(point), [])
    common = ("id", "status", "source", "active", "added_at", "ended_at")
    return {**{name: getattr(point, name) for name in common}, "supplied_by": _supplied(rows),
            **{name: getattr(point, name) for name in fields.pop("own", ())},
            **{name: any(getattr(r, name) for r in rows) for name in fields.pop("consents", ())}}


def debtor_out(view) -> DebtorOut:
    """A debtor as a viewer may see it (an `accounts.queries.DebtorView`), in the API's shape."""
    d = view.debtor
    return DebtorOut(
        id=d.pk, kind=view.kind, name=view.name, first_name=view.first_name, middle_name=view.middle_name,
        last_name=view.last_name, suffix=view.suffix, business_name=view.business_name,
        tax_id_masked=view.tax_id_masked, birth_year=view.birth_year, language=d.language,
        phones=[PhoneOut(**_point(p, view, own=("e164", "kind", "time_zones", "consent_call", "ended_reason"),
                                  consents=("consent_autodialer", "consent_text"))) for p in view.phones],
        emails=[EmailOut(**_point(e, view, own=("address",), consents=("consent_email",))) for e in view.emails],
        addresses=[AddressOut(**_point(a, view, own=("line1", "line2", "city", "state", "zip_code", "zip4",
                                                     "time_zones", "ended_reason"))) for a in view.addresses],
        account_ids=view.account_ids,
    )
