"""Reads of contact points by creditor relationship: which client supplied which phone, email and address,
and with which consents. The accounts app's `access_*` functions decide who is asking; these say what that
client's side of the debtor is."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery, prefetch_related_objects

from .models import CLIENT_VISIBLE_SOURCES, Address, Email, Phone, Provenance

POINT_KINDS = ("phone", "email", "address")


def point_key(point) -> tuple[str, int]:
    """("phone", 12) for a Phone row; the key the dicts below use."""
    return point._meta.model_name, point.pk


def provenance_rows(debtor_ids: Iterable[int], client_id: int | None = None, *, with_client: bool = False
                    ) -> list[Provenance]:
    """The provenance rows of these debtors' contact points (of one client's side, or of every client's), in
    one statement: a union of one plain join per kind of contact point."""
    ids = list(debtor_ids)
    if not ids:
        return []
    parts = [Provenance.objects.filter(**{f"{kind}__debtor_id__in": ids}).order_by() for kind in POINT_KINDS]
    if client_id is not None:
        parts = [part.filter(client_id=client_id) for part in parts]
    rows = list(parts[0].union(*parts[1:], all=True))
    if with_client:
        prefetch_related_objects(rows, "client")
    return rows


def _key(row: Provenance) -> tuple[str, int]:
    return next((kind, getattr(row, f"{kind}_id")) for kind in POINT_KINDS if getattr(row, f"{kind}_id") is not None)


def provenance_of(client_id: int, debtor_ids: Iterable[int], *, with_client: bool = False
                  ) -> dict[tuple[str, int], Provenance]:
    """The client's provenance rows for these debtors' contact points, by point key. One query."""
    if client_id is None:
        return {}
    return {_key(row): row for row in provenance_rows(debtor_ids, client_id, with_client=with_client)}


def provenance_by_point(debtor_ids: Iterable[int]) -> dict[tuple[str, int], list[Provenance]]:
    """Every client's provenance rows for these debtors' contact points, by point key (for staff). One query."""
    found: dict[tuple[str, int], list[Provenance]] = {}
    for row in provenance_rows(debtor_ids, with_client=True):
        found.setdefault(_key(row), []).append(row)
    return found


def visible_to_client(provenance: dict[tuple[str, int], Provenance]) -> set[tuple[str, int]]:
    """The point keys a client's user may see: those its side supplied, never the agency's own finds."""
    return {key for key, row in provenance.items() if row.source in CLIENT_VISIBLE_SOURCES}


def client_supplied(client_id: int):
    """Subqueries of the phones, emails and addresses a client's user may see, for filtering searches."""
    base = Provenance.objects.filter(client_id=client_id, source__in=CLIENT_VISIBLE_SOURCES)
    return {
        Phone: base.filter(phone__isnull=False).values("phone_id"),
        Email: base.filter(email__isnull=False).values("email_id"),
        Address: base.filter(address__isnull=False).values("address_id"),
    }


@dataclass(frozen=True)
class Supplied:
    """One client's side of one contact point, as `with_supplied` reads it alongside the point."""

    source: str
    consent_autodialer: bool
    consent_text: bool
    consent_email: bool

    @property
    def visible_to_client(self) -> bool:
        return self.source in CLIENT_VISIBLE_SOURCES


_SUPPLIED = ("source", "consent_autodialer", "consent_text", "consent_email")


def with_supplied(points: QuerySet, client_id: int) -> QuerySet:
    """Phones, emails or addresses annotated with the client's provenance, in the same statement (a screen
    reads its points and their consents for the account's client at no extra query); `supplied(point)` reads it."""
    mine = Provenance.objects.filter(client_id=client_id, **{points.model._meta.model_name: OuterRef("pk")})
    return points.annotate(**{f"supplied_{name}": Subquery(mine.values(name)[:1]) for name in _SUPPLIED})


def supplied(point) -> Supplied | None:
    """The client's side of a point read through `with_supplied`; None when that client never supplied it."""
    if point.supplied_source is None:
        return None
    return Supplied(*(getattr(point, f"supplied_{name}") for name in _SUPPLIED))
