"""Writes to debtors and their contact points. A change ends the old row and adds a new one."""

from django.db import models, transaction
from django.utils import timezone

from arrears.audit import actions as audit
from arrears.core import crypto, keys
from arrears.core.bulk import insert_rows
from arrears.core.errors import InvalidInput

from .models import Address, Debtor, Email, Phone, PhoneKind, PhoneStatus, Provenance, Source
from .normalize import NormalizeError, identity_key, normalize_address, normalize_email, normalize_phone


def _user(actor):
    return actor if actor is not None and actor.pk else None


def _end(point, reason: str):
    """End a current contact point in the database and return when. One already ended is refused: when and
    why it ended are its history. The caller marks the object in memory (`_mark_ended`) once it commits."""
    now = timezone.now()
    if not type(point).objects.filter(pk=point.pk, active=True).update(active=False, ended_at=now,
                                                                       ended_reason=reason[:200]):
        raise InvalidInput(f"{point} was already ended; it stays in the history as it is")
    return now


def _mark_ended(point, ended_at, reason: str) -> None:
    point.active, point.ended_at, point.ended_reason = False, ended_at, reason[:200]


def _client_of(debtor: Debtor, client, consents: bool):
    """The client whose relationship a new contact point (and its consents) belongs to: the one given (the
    client of the account being worked), else the debtor's only client. Consents need one."""
    if client is not None:
        return client
    clients = list(debtor.accounts.values_list("client_id", flat=True).distinct()[:2])
    if len(clients) == 1:
        return clients[0]
    if consents:
        raise InvalidInput("a consent belongs to one creditor: say which client's account it was given for",
                           field="client")
    return None


def _provenance(client, point, source: str, **consents) -> None:
    if client is None:
        return
    client_id = getattr(client, "pk", client)
    Provenance.objects.create(client_id=client_id, source=source, **{point._meta.model_name: point}, **consents)


def bulk_add_provenance(rows: list[tuple]) -> None:
    """The placement import's bulk path: (client_id, phone_id, email_id, address_id, source, consent_autodialer,
    consent_email) tuples, each of a contact point the client's file supplied and that it has no row for yet."""
    insert_rows(Provenance, ("client_id", "phone_id", "email_id", "address_id", "source", "consent_autodialer",
                             "consent_email"), rows)


def add_phone(debtor: Debtor, number: str, actor, *, kind: str = PhoneKind.UNKNOWN, source: str = Source.COLLECTOR,
              client=None, consent_call: bool = True, consent_autodialer: bool = False,
              consent_text: bool = False) -> Phone:
    """Add a phone. `client` is the client of the account being worked: the number (and any consent given
    with it) belongs to that creditor relationship; see Provenance."""
    try:
        normal = normalize_phone(number)
    except NormalizeError as exc:
        raise InvalidInput(str(exc), field="number") from None
    if kind not in PhoneKind.values:
        raise InvalidInput(f"{kind!r} is not a phone type", field="kind")
    if source not in Source.values:
        raise InvalidInput(f"{source!r} is not a source", field="source")
    client = _client_of(debtor, client, consent_autodialer or consent_text)
    with transaction.atomic():
        if Phone.objects.filter(debtor=debtor, e164=normal.e164, active=True).exists():
            raise InvalidInput(f"{normal.e164} is already on file for this debtor", field="number")
        phone = Phone.objects.create(
            debtor=debtor, e164=normal.e164, kind=kind, source=source, time_zones=list(normal.time_zones),
            consent_call=consent_call, added_by=_user(actor),
        )
        _provenance(client, phone, source, consent_autodialer=consent_autodialer, consent_text=consent_text)
        audit.record(actor, "debtor.phone_added", phone, f"Phone {phone.display} ({kind}, from {source}) added",
                     after={"e164": phone.e164, "kind": kind, "source": source, "client": getattr(client, "pk", client),
                            "consent_autodialer": consent_autodialer, "consent_text": consent_text},
                     debtor_id=debtor.pk)
    return phone


def replace_phone(old: Phone, number: str, reason: str, actor, *, kind: str | None = None,
                  source: str = Source.COLLECTOR, client=None) -> Phone:
    """A new number replaces an old one; the old one stays on file, ended, with the reason."""
    if not reason.strip():
        raise InvalidInput("say why the number changed", field="reason")
    with transaction.atomic():
        ended_at = _end(old, reason.strip())
        new = add_phone(old.debtor, number, actor, kind=kind or old.kind, source=source, client=client)
        audit.record(actor, "debtor.phone_replaced", old, f"Phone {old.display} replaced by {new.display}: {reason}",
                     before={"e164": old.e164}, after={"e164": new.e164, "reason": reason}, debtor_id=old.debtor_id)
    _mark_ended(old, ended_at, reason.strip())
    return new


def set_phone_status(phone: Phone, status: str, actor, reason: str = "") -> None:
    if status not in PhoneStatus.values:
        raise InvalidInput(f"{status!r} is not a phone status", field="status")
    if phone.status == status:
        return
    with transaction.atomic():
        Phone.objects.filter(pk=phone.pk).update(status=status)
        audit.record(actor, "debtor.phone_status", phone,
                     f"Phone {phone.display} marked {PhoneStatus(status).label.lower()}" + (f": {reason}" if reason else ""),
                     before={"status": phone.status}, after={"status": status}, debtor_id=phone.debtor_id)
    phone.status = status


def add_email(debtor: Debtor, address: str, actor, *, source: str = Source.COLLECTOR, client=None,
              consent_email: bool = False) -> Email:
    """Add an email address; `client` as for add_phone (the consent to email is that client's)."""
    try:
        normal = normalize_email(address)
    except NormalizeError as exc:
        raise InvalidInput(str(exc), field="address") from None
    client = _client_of(debtor, client, consent_email)
    with transaction.atomic():
        if Email.objects.filter(debtor=debtor, address=normal, active=True).exists():
            raise InvalidInput(f"{normal} is already on file for this debtor", field="address")
        email = Email.objects.create(debtor=debtor, address=normal, source=source, added_by=_user(actor))
        _provenance(client, email, source, consent_email=consent_email)
        audit.record(actor, "debtor.email_added", email, f"Email {normal} added (from {source})",
                     after={"address": normal, "source": source, "client": getattr(client, "pk", client),
                            "consent_email": consent_email}, debtor_id=debtor.pk)
    return email


def add_address(debtor: Debtor, actor, *, line1: str, line2: str = "", city: str, state: str, zip_code: str,
                source: str = Source.COLLECTOR, client=None) -> tuple[Address, list[str]]:
    """Add a postal address; returns it with warnings (e.g. a ZIP in another state) to show the user."""
    try:
        normal, warnings = normalize_address(line1, line2, city, state, zip_code)
    except NormalizeError as exc:
        raise InvalidInput(str(exc), field="address") from None
    client = _client_of(debtor, client, False)
    with transaction.atomic():
        if Address.objects.filter(debtor=debtor, match_key=normal.match_key, active=True).exists():
            raise InvalidInput("this address is already on file for this debtor", field="address")
        address = Address.objects.create(
            debtor=debtor, line1=normal.line1, line2=normal.line2, city=normal.city, state=normal.state,
            zip_code=normal.zip_code, zip4=normal.zip4, match_key=normal.match_key,
            time_zones=list(normal.time_zones), source=source, added_by=_user(actor),
        )
        _provenance(client, address, source)
        audit.record(actor, "debtor.address_added", address, f"Address {address.one_line} added (from {source})",
                     after={"address": address.one_line, "source": source, "client": getattr(client, "pk", client)},
                     debtor_id=debtor.pk)
    return address, warnings


def replace_address(old: Address, actor, *, reason: str, line1: str, line2: str = "", city: str, state: str,
                    zip_code: str, source: str = Source.COLLECTOR, client=None) -> tuple[Address, list[str]]:
    """The debtor moved: the new address becomes current, the old one is kept in the history."""
    if not reason.strip():
        raise InvalidInput("say why the address changed (e.g. 'debtor moved')", field="reason")
    with transaction.atomic():
        ended_at = _end(old, reason.strip())
        new, warnings = add_address(old.debtor, actor, line1=line1, line2=line2, city=city, state=state,
                                    zip_code=zip_code, source=source, client=client)
        audit.record(actor, "debtor.address_replaced", old, f"Address changed to {new.one_line}: {reason}",
                     before={"address": old.one_line}, after={"address": new.one_line, "reason": reason},
                     debtor_id=old.debtor_id)
    _mark_ended(old, ended_at, reason.strip())
    return new, warnings


def end_contact_point(point: Phone | Email | Address, reason: str, actor) -> None:
    if not reason.strip():
        raise InvalidInput("say why it is no longer used", field="reason")
    with transaction.atomic():
        ended_at = _end(point, reason.strip())
        audit.record(actor, f"debtor.{point._meta.model_name}_ended", point, f"{point} no longer used: {reason}",
                     after={"reason": reason}, debtor_id=point.debtor_id)
    _mark_ended(point, ended_at, reason.strip())


def record_financial_status(debtor: Debtor, notes: str, actor) -> None:
    """Replace the debtor's financial status notes (employment, income, hardship); the old text is audited."""
    notes = notes.strip()
    with transaction.atomic():
        before = Debtor.objects.values_list("financial_notes", flat=True).get(pk=debtor.pk)
        if before == notes:
            return
        Debtor.objects.filter(pk=debtor.pk).update(financial_notes=notes)
        audit.record(actor, "debtor.financial_status", debtor, f"Financial status of {debtor.display_name}: {notes[:150]}",
                     before={"financial_notes": before}, after={"financial_notes": notes}, debtor_id=debtor.pk)
    debtor.financial_notes = notes


def rehash_digests(actor, *, batch_size: int = 2000) -> int:
    """Recompute every debtor's SSN/TIN and identity digests from the encrypted values with the configured key,
    in one transaction, and record that key's fingerprint (core.keys), with one audit row. Returns how many
    debtors' digests changed. A value that cannot be decrypted stops it with nothing changed."""
    changed = []
    with transaction.atomic():
        rows = (Debtor.objects.filter(~models.Q(tax_id_encrypted="") | ~models.Q(birth_date_encrypted=""))
                .only("kind", "first_name", "last_name", "tax_id_kind", "tax_id_encrypted", "tax_id_digest",
                      "birth_date_encrypted", "identity_digest").order_by("pk"))
        for debtor in rows.iterator(chunk_size=batch_size):
            tax = (crypto.lookup_digest(debtor.tax_id_kind, crypto.decrypt(debtor.tax_id_encrypted))
                   if debtor.tax_id_encrypted else "")
            identity = ""
            if debtor.kind == "person" and debtor.birth_date_encrypted and debtor.first_name:
                identity = crypto.lookup_digest("identity", identity_key(
                    debtor.last_name, debtor.first_name, crypto.decrypt(debtor.birth_date_encrypted)))
            if (tax, identity) != (debtor.tax_id_digest, debtor.identity_digest):
                debtor.tax_id_digest, debtor.identity_digest = tax, identity
                changed.append(debtor)
        Debtor.objects.bulk_update(changed, ["tax_id_digest", "identity_digest"], batch_size=batch_size)
        fingerprint = keys.record_digest_fingerprint()
        audit.record(actor, "debtors.digests_rehashed", fingerprint,
                     f"Lookup digests recomputed with the configured key: {len(changed)} debtors changed",
                     after={"debtors_changed": len(changed), "fingerprint": fingerprint.fingerprint[:12]})
    return len(changed)


# --- bulk paths, for imports ---------------------------------------------------------------------------------

DEBTOR_COLUMNS = ("kind", "first_name", "middle_name", "last_name", "suffix", "business_name", "name_key",
                  "birth_date_encrypted", "birth_year", "tax_id_kind", "tax_id_encrypted", "tax_id_last4",
                  "tax_id_digest", "identity_digest", "language")
_CONTACT_COLUMNS = ("debtor_id", "source", "added_by_id", "time_zones")
PHONE_COLUMNS = (*_CONTACT_COLUMNS, "e164", "kind")
EMAIL_COLUMNS = (*_CONTACT_COLUMNS, "address")
ADDRESS_COLUMNS = (*_CONTACT_COLUMNS, "line1", "line2", "city", "state", "zip_code", "zip4", "match_key")


def bulk_create_debtors(rows: list[tuple]) -> list[int]:
    """Insert new debtors from tuples of DEBTOR_COLUMNS, as stored: identifiers encrypted and digested with
    core.crypto, values validated by the caller (an import, in its transaction, which audits the import).
    Returns the new ids in row order."""
    return insert_rows(Debtor, DEBTOR_COLUMNS, rows, return_ids=True)


def bulk_add_contact_points(phones: list[tuple], emails: list[tuple],
                            addresses: list[tuple]) -> tuple[list[int], list[int], list[int]]:
    """Insert new phones, emails and addresses from tuples of PHONE_COLUMNS, EMAIL_COLUMNS and ADDRESS_COLUMNS
    (normalized by the caller, not already on the debtor); the new ids of each, in row order."""
    return (insert_rows(Phone, PHONE_COLUMNS, phones, return_ids=True),
            insert_rows(Email, EMAIL_COLUMNS, emails, return_ids=True),
            insert_rows(Address, ADDRESS_COLUMNS, addresses, return_ids=True))
