"""Writing a validated placement: accounts (through the accounts app's bulk actions), debtors and their
contact points (through the debtors app's), and the opening balances (through the ledger's). One
transaction, opened by the caller."""

from collections.abc import Callable
from dataclasses import dataclass

from arrears.accounts.actions import bulk_add_parties, bulk_create_accounts
from arrears.accounts.queries import placed_account_numbers
from arrears.audit import actions as audit
from arrears.core import crypto
from arrears.debtors.actions import bulk_add_contact_points, bulk_add_provenance, bulk_create_debtors
from arrears.debtors.models import Address, Debtor, Email, Phone, Provenance, Source
from arrears.debtors.normalize import identity_key, name_key
from arrears.ledger.actions import bulk_post_openings

from ..models import PlacementBatch
from ..validate import WARNING, Issue, Party, PlacementRow, Validation

Progress = Callable[[str, int, int], None]  # (phase, done, total)
CHUNK = 900  # ids per IN (...) lookup; below SQLite's parameter limit on every version




def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _digests(party: Party) -> tuple[str, str]:
    tax = crypto.lookup_digest(party.tax_id_kind, party.tax_id) if party.tax_id else ""
    ident = ""
    if party.kind == "person" and party.birth_date and party.first_name:
        ident = crypto.lookup_digest("identity", identity_key(party.last_name, party.first_name, party.birth_date.isoformat()))
    return tax, ident


class _DebtorIndex:
    """Finds the debtor a party is: one already in the database, one created earlier in this file, or new."""

    def __init__(self, parties: list[Party]):
        self.keys = {id(p): _digests(p) for p in parties}
        tax = sorted({k[0] for k in self.keys.values() if k[0]})
        ident = sorted({k[1] for k in self.keys.values() if k[1]})
        self.by_tax: dict[str, Debtor] = {}
        self.by_identity: dict[str, Debtor] = {}
        for chunk in _chunks(tax):
            for d in Debtor.objects.filter(tax_id_digest__in=chunk):
                self.by_tax.setdefault(d.tax_id_digest, d)
        for chunk in _chunks(ident):
            for d in Debtor.objects.filter(identity_digest__in=chunk):
                self.by_identity.setdefault(d.identity_digest, d)
        self.known_ids = {d.pk for d in (*self.by_tax.values(), *self.by_identity.values())}
        self.new: list[_NewDebtor] = []
        self.linked: set[int] = set()  # debtors already in the database that this file's rows belong to

    def debtor_for(self, party: Party) -> "Debtor | _NewDebtor":
        tax, ident = self.keys[id(party)]
        debtor = self.by_tax.get(tax) if tax else None
        if debtor is None and ident:
            candidate = self.by_identity.get(ident)
            # Same name and birth date but a different SSN on file: two people, not one.
            if candidate is not None and not (tax and candidate.tax_id_digest and candidate.tax_id_digest != tax):
                debtor = candidate
        if debtor is not None and debtor.pk:
            self.linked.add(debtor.pk)
        if debtor is None:
            debtor = _new_debtor(party, tax, ident)
            self.new.append(debtor)
            if tax:
                self.by_tax[tax] = debtor
            if ident:
                self.by_identity.setdefault(ident, debtor)
        return debtor


# The row values are tuples in the column order of the owning apps' bulk actions (debtors' DEBTOR_COLUMNS,
# PHONE_COLUMNS, ...; accounts' ACCOUNT_COLUMNS, PARTY_COLUMNS): model instances and bulk_create cost more
# than everything else in a large import together.


@dataclass(slots=True, eq=False)
class _NewDebtor:
    """A debtor this file creates: its row's values, and its id once written."""

    values: tuple
    tax_id_digest: str
    pk: int | None = None


def _new_debtor(party: Party, tax: str, ident: str) -> _NewDebtor:
    values = (
        party.kind, party.first_name, party.middle_name, party.last_name, party.suffix, party.business_name,
        name_key(party.last_name, party.first_name) if party.kind == "person" else party.business_name.lower(),
        crypto.encrypt(party.birth_date.isoformat()) if party.birth_date else "",
        party.birth_date.year if party.birth_date else None,
        party.tax_id_kind, crypto.encrypt(party.tax_id) if party.tax_id else "", party.tax_id[-4:], tax, ident,
        party.language,
    )
    return _NewDebtor(values, tax)


class _ContactPoints:
    """New phones, emails and addresses for the debtors of this file, skipping ones a debtor already has, and
    the client's provenance of every point its file supplied: a number already on file from another client is
    not added again, but this client gets its own link to it, with the consent its file gave."""

    def __init__(self, client_id: int, known_debtor_ids: set[int]):
        self.client_id = client_id
        self.phones: list[tuple] = []
        self.emails: list[tuple] = []
        self.addresses: list[tuple] = []
        self.ids: dict[tuple, int | None] = {}  # point key -> id (None until a new point is written)
        self.supplied: dict[tuple, bool] = {}  # point key -> consent, for points this file supplied
        self.linked: set[tuple] = set()  # point keys this client already has provenance for
        ids = sorted(known_debtor_ids)
        for chunk in _chunks(ids):
            for letter, model, column in (("p", Phone, "e164"), ("e", Email, "address"), ("a", Address, "match_key")):
                for pk, d, v in model.objects.filter(debtor_id__in=chunk, active=True).values_list("pk", "debtor_id", column):
                    self.ids[(letter, d, v)] = pk
            for kind, letter, column in (("phone", "p", "e164"), ("email", "e", "address"), ("address", "a", "match_key")):
                linked = Provenance.objects.filter(client_id=client_id, **{f"{kind}__debtor_id__in": chunk,
                                                                           f"{kind}__active": True})
                self.linked.update((letter, d, v) for d, v in linked.values_list(f"{kind}__debtor_id", f"{kind}__{column}"))

    def _supply(self, key: tuple, consent: bool) -> bool:
        """Note that this file supplied the point; True when it is new to the debtor and must be written."""
        self.supplied[key] = self.supplied.get(key, False) or consent
        if key in self.ids:
            return False
        self.ids[key] = None
        return True

    def add(self, debtor: "Debtor | _NewDebtor", party: Party, actor_id: int | None) -> None:
        source = Source.PLACEMENT.value
        for phone, kind, autodialer in party.phones:
            if self._supply(key := ("p", debtor.pk, phone.e164), autodialer):
                self.phones.append((key, (debtor.pk, source, actor_id, list(phone.time_zones), phone.e164, kind)))
        if party.email and self._supply(key := ("e", debtor.pk, party.email[0]), party.email[1]):
            self.emails.append((key, (debtor.pk, source, actor_id, [], party.email[0])))
        a = party.address
        if a and self._supply(key := ("a", debtor.pk, a.match_key), False):
            self.addresses.append((key, (debtor.pk, source, actor_id, list(a.time_zones), a.line1, a.line2, a.city,
                                         a.state, a.zip_code, a.zip4, a.match_key)))

    def write(self) -> None:
        ids = bulk_add_contact_points([v for _, v in self.phones], [v for _, v in self.emails],
                                      [v for _, v in self.addresses])
        for new, new_ids in zip((self.phones, self.emails, self.addresses), ids):
            for (key, _), pk in zip(new, new_ids):
                self.ids[key] = pk
        rows = []
        for key, consent in self.supplied.items():
            if key in self.linked:
                continue
            point_id = self.ids[key]
            letter = key[0]
            rows.append((self.client_id, point_id if letter == "p" else None, point_id if letter == "e" else None,
                         point_id if letter == "a" else None, Source.PLACEMENT.value,
                         consent if letter == "p" else False, consent if letter == "e" else False))
        bulk_add_provenance(rows)


def _party_values(account_id: int, debtor_id: int, party: Party) -> tuple:
    """The party row, with the identity as this client placed it."""
    key = name_key(party.last_name, party.first_name) if party.kind == "person" else party.business_name.lower()
    return (account_id, debtor_id, party.role, party.first_name, party.middle_name, party.last_name, party.suffix,
            party.business_name, key, party.tax_id_kind if party.tax_id else "", party.tax_id[-4:],
            party.birth_date.year if party.birth_date else None)


def _account_values(batch: PlacementBatch, row: PlacementRow) -> tuple:
    return (
        batch.client_id, row.account_number, row.original_creditor, row.original_account_number, row.debt_type,
        row.opened_on, row.delinquent_on, row.charged_off_on, row.last_payment_on, row.placed_on, row.itemization_on,
        row.itemization_basis, row.itemization_amount_cents, row.itemization_interest_cents, row.itemization_fees_cents,
        row.itemization_payments_cents, row.itemization_credits_cents, batch.pk,
    )


def write_batch(batch: PlacementBatch, validation: Validation, progress: Progress) -> tuple[int, int]:
    """Write the validated rows not already placed; (accounts written, rows already placed). The caller holds
    the transaction."""
    actor = batch.created_by
    actor_id = actor.pk if actor is not None else None
    existing = placed_account_numbers(batch.client_id, [r.account_number for r in validation.rows])
    rows = []
    for row in validation.rows:
        if row.account_number in existing:
            where = f"batch #{existing[row.account_number]}" if existing[row.account_number] else "an earlier placement"
            validation.issues.append(Issue(row.row, "account_number", WARNING,
                                           f"{row.account_number!r} was already placed ({where}); row skipped"))
        else:
            rows.append(row)
    total = len(rows)
    progress("write", 0, total)
    index = _DebtorIndex([p for row in rows for p in row.parties])
    debtors_of_row = [[index.debtor_for(p) for p in row.parties] for row in rows]
    for debtor, pk in zip(index.new, bulk_create_debtors([d.values for d in index.new])):
        debtor.pk = pk
    progress("write", total // 5, total)

    points = _ContactPoints(batch.client_id, index.known_ids)
    for row, debtors in zip(rows, debtors_of_row):
        for party, debtor in zip(row.parties, debtors):
            points.add(debtor, party, actor_id)
    points.write()
    progress("write", 2 * total // 5, total)

    accounts = bulk_create_accounts([_account_values(batch, row) for row in rows])
    parties = []
    for account_id, row, debtors in zip(accounts, rows, debtors_of_row):
        seen = set()
        for party, debtor in zip(row.parties, debtors):
            if debtor.pk in seen:  # a co-obligor line naming the primary debtor again
                continue
            seen.add(debtor.pk)
            parties.append(_party_values(account_id, debtor.pk, party))
    bulk_add_parties(parties)
    progress("write", 3 * total // 5, total)

    memo = f"Placement {batch.file_name} (batch #{batch.pk})"
    bulk_post_openings([(a, batch.client_id, row.placed_on, memo, row.balances) for a, row in zip(accounts, rows)], actor)
    progress("write", total, total)
    audit.record(
        actor, "placement.imported", batch, f"{len(accounts)} accounts placed for client {batch.client.code} from {batch.file_name}",
        after={"accounts": len(accounts), "new_debtors": len(index.new), "linked_debtors": len(index.linked),
               "already_placed": len(existing), "rows_rejected": validation.rows_rejected},
    )
    return len(accounts), len(existing)
