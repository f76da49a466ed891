"""Importing a placement file: accept it, validate every row, then write it all or nothing.

Re-importing a file already imported for the client changes nothing; accounts already placed are
skipped with a warning; debtors already known (same SSN/TIN, or same name and date of birth) are linked
to the new accounts, and only their new phones, emails and addresses are added. Each account's party keeps
the name this client sent, and the client gets its provenance of every contact point its file supplied
(new or already on file), with the consents its file gave.
"""

import csv
import hashlib
import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.utils import timezone

from arrears.audit import actions as audit
from arrears.clients.models import Client
from arrears.core import crypto
from arrears.core.bulk import insert_rows
from arrears.core.errors import InvalidInput, InvalidTransition
from arrears.debtors.actions import bulk_add_provenance
from arrears.debtors.models import Address, Debtor, Email, Phone, Provenance, Source
from arrears.debtors.normalize import identity_key, name_key
from arrears.ledger.actions import bulk_post_openings

from ..models import Account, AccountDebtor, PlacementBatch, PlacementStatus
from ..placement.reader import FileProblem, read_table
from ..placement.validate import (
    ERROR,
    WARNING,
    Issue,
    Party,
    PlacementRow,
    Validation,
    validate_table,
)

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (phase, done, total)
CHUNK = 900  # ids per IN (...) lookup; below SQLite's parameter limit on every version


def _noop(phase: str, done: int, total: int) -> None:
    pass


def receive_placement_file(client: Client, file_name: str, content: bytes, actor, *, skip_bad_rows: bool = False) -> PlacementBatch:
    """Store a placement file as a queued batch. `process_placement_batch` (or its task) imports it."""
    if not client.active:
        raise InvalidInput(f"client {client.code} is inactive; placements are refused", field="client")
    # The file is kept encrypted: it carries SSNs and dates of birth, which are never stored in clear.
    batch = PlacementBatch.objects.create(
        client=client, file_name=file_name[:255], file_sha256=hashlib.sha256(content).hexdigest(),
        content=crypto.encrypt_bytes(content),
        skip_bad_rows=skip_bad_rows, created_by=actor if actor is not None and actor.pk else None,
    )
    audit.record(actor, "placement.received", batch, f"Placement file {file_name} received for {client.code}",
                 after={"sha256": batch.file_sha256, "bytes": len(content), "skip_bad_rows": skip_bad_rows})
    return batch


def report_csv(file_name: str, issues: Iterable[Issue]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "row", "column", "severity", "problem"])
    for issue in issues:
        writer.writerow([file_name, issue.row or "", issue.column, issue.severity, issue.problem])
    return out.getvalue()


RUNNING = (PlacementStatus.VALIDATING, PlacementStatus.WRITING)
HEARTBEAT_ROWS = 1000  # validation touches the heartbeat this often


def _finish(batch: PlacementBatch, status: str, message: str, issues: list[Issue], **counts) -> PlacementBatch:
    """Record the outcome of the attempt running now. When the sweep has meanwhile given this attempt up (its
    heartbeat went stale), the batch is left as the sweep left it and returned as it is in the database."""
    fields = {
        "status": status, "message": message[:500], "finished_at": timezone.now(), "heartbeat_at": None,
        "errors": sum(1 for i in issues if i.severity == ERROR),
        "warnings": sum(1 for i in issues if i.severity == WARNING),
        "report_csv": report_csv(batch.file_name, issues), **counts,
    }
    if not _this_attempt(batch).update(**fields):
        batch.refresh_from_db()
        return batch
    for name, value in fields.items():
        setattr(batch, name, value)
    return batch


def _this_attempt(batch: PlacementBatch):
    return PlacementBatch.objects.filter(pk=batch.pk, status__in=RUNNING, attempts=batch.attempts)


def _claim(batch: PlacementBatch) -> bool:
    """Take a queued batch up, exactly one worker wins: a conditional UPDATE, not a check then a write."""
    now = timezone.now()
    claimed = PlacementBatch.objects.filter(pk=batch.pk, status=PlacementStatus.QUEUED).update(
        status=PlacementStatus.VALIDATING, attempts=F("attempts") + 1, heartbeat_at=now)
    batch.refresh_from_db(fields=["status", "attempts", "heartbeat_at"])
    return bool(claimed)


class _Stopped(Exception):
    """The sweep gave this attempt up while it was running: it must not write."""


def process_placement_batch(batch: PlacementBatch, *, progress: Progress = _noop, today: date | None = None) -> PlacementBatch:
    """Validate and import a received (queued) batch. Returns it with its final status and report.

    imported  - rows written (all of them, or the good ones when skip_bad_rows was asked for)
    rejected  - the file or some rows are bad and skip_bad_rows was not asked for: nothing written
    duplicate - this exact file was already imported for this client: nothing written
    failed    - an unexpected error, or the import stopped (see `sweep_stale_batches`): nothing written

    A batch that is not queued is returned as it is (a task delivered twice, or a batch another worker
    runs). While it runs, the batch's heartbeat shows progress; the rows are written in one transaction
    that also records the outcome, so an attempt that dies writes nothing and a retry writes every row once.
    """
    today = today or timezone.localdate()
    if batch.status != PlacementStatus.QUEUED or not _claim(batch):
        return batch
    earlier = PlacementBatch.objects.filter(
        client_id=batch.client_id, file_sha256=batch.file_sha256, status=PlacementStatus.IMPORTED
    ).first()
    if earlier is not None:
        return _finish(batch, PlacementStatus.DUPLICATE,
                       f"this file was already imported as batch #{earlier.pk} on {earlier.created_at:%Y-%m-%d}; "
                       "nothing changed", [])

    def on_rows(done: int) -> None:
        progress("validate", done, 0)
        if done % HEARTBEAT_ROWS == 0:
            fields = {"heartbeat_at": timezone.now()}
            if done % 5000 == 0:
                fields["rows_checked"] = done
            if not _this_attempt(batch).update(**fields):
                raise _Stopped

    content = crypto.decrypt_bytes(bytes(batch.content)) if batch.content else b""
    try:
        validation = validate_table(read_table(batch.file_name, content), today, on_rows,
                                    max_cents=batch.client.max_amount_cents)
    except FileProblem as exc:
        issue = Issue(exc.row, exc.column, ERROR, str(exc))
        return _finish(batch, PlacementStatus.REJECTED, f"{batch.file_name}: {exc}", [issue])
    except _Stopped:
        batch.refresh_from_db()
        return batch

    counts = {"rows_total": validation.rows_total, "rows_checked": validation.rows_total,
              "rows_rejected": validation.rows_rejected}
    if validation.rows_rejected and not batch.skip_bad_rows:
        return _finish(batch, PlacementStatus.REJECTED,
                       f"{validation.rows_rejected} of {validation.rows_total} rows have errors; nothing was imported "
                       "(fix them, or import the good rows with skip bad rows)", validation.issues, **counts)
    if not _this_attempt(batch).update(status=PlacementStatus.WRITING, heartbeat_at=timezone.now(), **counts):
        batch.refresh_from_db()
        return batch
    batch.status = PlacementStatus.WRITING
    try:
        with transaction.atomic():
            # The batch row stays locked until the rows and the outcome commit together: the sweep skips a
            # locked batch, so a long write is never given up while it runs.
            if not list(_this_attempt(batch).select_for_update().values_list("pk", flat=True)):
                raise _Stopped
            written, already = _write(batch, validation, progress)
            message = f"{written} accounts imported"
            if already:
                message += f", {already} already placed"
            if validation.rows_rejected:
                message += f", {validation.rows_rejected} bad rows skipped"
            return _finish(batch, PlacementStatus.IMPORTED, message, validation.issues,
                           rows_imported=written, rows_already_placed=already, **counts)
    except _Stopped:
        batch.refresh_from_db()
        return batch
    except DatabaseError as exc:
        log.exception("placement batch %s failed", batch.pk)
        return _finish(batch, PlacementStatus.FAILED, f"nothing was imported: the database refused a row ({exc})",
                       validation.issues, **counts)


# --- stopped imports: the sweep and the retry ------------------------------------------------------------------


def stale_cutoff(now=None, stale_after: timedelta | None = None):
    now = now or timezone.now()
    return now - (stale_after or timedelta(minutes=settings.PLACEMENT_STALE_MINUTES))


def _is_stale(batch: PlacementBatch, cutoff) -> bool:
    return batch.status in RUNNING and (batch.heartbeat_at or batch.created_at) < cutoff


def _mark_stopped(batch: PlacementBatch) -> None:
    """Fail a batch whose import stopped, saying when it last moved; its audit row names no person."""
    last = timezone.localtime(batch.heartbeat_at or batch.created_at)
    since = f"{last:%H:%M}" if last.date() == timezone.localdate() else f"{last:%m/%d/%Y %H:%M}"
    message = f"the import stopped: no progress since {since}; retry it"
    before = batch.status
    fields = {"status": PlacementStatus.FAILED, "message": message, "finished_at": timezone.now(),
              "heartbeat_at": None, "report_csv": report_csv(batch.file_name, [Issue(None, "", ERROR, message)]),
              "errors": 1, "warnings": 0}
    PlacementBatch.objects.filter(pk=batch.pk).update(**fields)
    for name, value in fields.items():
        setattr(batch, name, value)
    audit.record(None, "placement.stopped", batch,
                 f"Placement file {batch.file_name} (batch #{batch.pk}) stopped while {before}: marked failed",
                 before={"status": before, "last_progress": last.isoformat(), "attempts": batch.attempts},
                 after={"status": PlacementStatus.FAILED, "message": message})


def sweep_stale_batches(*, now=None, stale_after: timedelta | None = None) -> list[PlacementBatch]:
    """Mark failed every batch validating or writing with no progress for `stale_after` (default
    PLACEMENT_STALE_MINUTES): its worker died. A batch being written is locked by its worker and skipped."""
    cutoff = stale_cutoff(now, stale_after)
    with transaction.atomic():
        stale = list(
            PlacementBatch.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status__in=RUNNING)
            .filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff))
            .select_related("client").defer("content").order_by("pk")
        )
        for batch in stale:
            _mark_stopped(batch)
    return stale


def retry_placement_batch(batch: PlacementBatch, actor, *, now=None) -> PlacementBatch:
    """Put a failed (or stopped) batch back in the queue, its report cleared; the caller has it processed
    (enqueues the import task, or runs `process_placement_batch`). Anything else is InvalidTransition."""
    with transaction.atomic():
        locked = (PlacementBatch.objects.select_for_update(skip_locked=True, of=("self",))
                  .select_related("client").filter(pk=batch.pk).first())
        if locked is None:
            raise InvalidTransition(f"batch #{batch.pk} is being written right now; it cannot be retried")
        if _is_stale(locked, stale_cutoff(now)):
            _mark_stopped(locked)
        if locked.status != PlacementStatus.FAILED:
            raise InvalidTransition(f"batch #{locked.pk} is {locked.get_status_display().lower()}; "
                                    "only an import that failed or stopped can be retried")
        before = {"status": locked.status, "message": locked.message, "attempts": locked.attempts}
        fields = {"status": PlacementStatus.QUEUED, "message": "", "finished_at": None, "heartbeat_at": None,
                  "report_csv": "", "errors": 0, "warnings": 0, "rows_total": 0, "rows_checked": 0,
                  "rows_imported": 0, "rows_already_placed": 0, "rows_rejected": 0}
        PlacementBatch.objects.filter(pk=locked.pk).update(**fields)
        for name, value in fields.items():
            setattr(locked, name, value)
        audit.record(actor, "placement.retried", locked,
                     f"Placement file {locked.file_name} (batch #{locked.pk}) queued again after a failed import",
                     before=before, after={"status": PlacementStatus.QUEUED})
    return locked


def import_placement_file(client: Client, file_name: str, content: bytes, actor, *, skip_bad_rows: bool = False,
                          progress: Progress = _noop, today: date | None = None) -> PlacementBatch:
    """Receive and import in one go (the CLI and tests); the upload page queues a task instead."""
    batch = receive_placement_file(client, file_name, content, actor, skip_bad_rows=skip_bad_rows)
    return process_placement_batch(batch, progress=progress, today=today)


# --- writing -------------------------------------------------------------------------------------------------


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _existing_account_numbers(client_id: int, numbers: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(numbers):
        found.update(
            Account.objects.filter(client_id=client_id, client_account_number__in=chunk)
            .values_list("client_account_number", "placement_id")
        )
    return found


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


# Rows are written with insert_rows from tuples of these fields: model instances and bulk_create cost more
# than everything else in a large import together.
_DEBTOR_FIELDS = ("kind", "first_name", "middle_name", "last_name", "suffix", "business_name", "name_key",
                  "birth_date_encrypted", "birth_year", "tax_id_kind", "tax_id_encrypted", "tax_id_last4",
                  "tax_id_digest", "identity_digest", "language")
_CONTACT_FIELDS = ("debtor_id", "source", "added_by_id", "time_zones")
_PHONE_FIELDS = (*_CONTACT_FIELDS, "e164", "kind")
_EMAIL_FIELDS = (*_CONTACT_FIELDS, "address")
_ADDRESS_FIELDS = (*_CONTACT_FIELDS, "line1", "line2", "city", "state", "zip_code", "zip4", "match_key")
_ACCOUNT_FIELDS = ("client_id", "client_account_number", "original_creditor", "original_account_number", "debt_type",
                   "opened_on", "delinquent_on", "charged_off_on", "last_payment_on", "placed_on", "itemization_on",
                   "itemization_basis", "itemization_amount_cents", "itemization_interest_cents",
                   "itemization_fees_cents", "itemization_payments_cents", "itemization_credits_cents", "placement_id")


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
        for model, fields, new in ((Phone, _PHONE_FIELDS, self.phones), (Email, _EMAIL_FIELDS, self.emails),
                                   (Address, _ADDRESS_FIELDS, self.addresses)):
            for (key, _), pk in zip(new, insert_rows(model, fields, [values for _, values in new], return_ids=True)):
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


_PARTY_FIELDS = ("account_id", "debtor_id", "role", "placed_first_name", "placed_middle_name", "placed_last_name",
                 "placed_suffix", "placed_business_name", "placed_name_key", "placed_tax_id_kind",
                 "placed_tax_id_last4", "placed_birth_year")


def _account_values(batch: PlacementBatch, row: PlacementRow) -> tuple:
    return (
        batch.client_id, row.account_number, row.original_creditor, row.original_account_number, row.debt_type,
        row.opened_on, row.delinquent_on, row.charged_off_on, row.last_payment_on, row.placed_on, row.itemization_on,
        row.itemization_basis, row.itemization_amount_cents, row.itemization_interest_cents, row.itemization_fees_cents,
        row.itemization_payments_cents, row.itemization_credits_cents, batch.pk,
    )


def _write(batch: PlacementBatch, validation: Validation, progress: Progress) -> tuple[int, int]:
    actor = batch.created_by
    actor_id = actor.pk if actor is not None else None
    existing = _existing_account_numbers(batch.client_id, [r.account_number for r in validation.rows])
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
    for debtor, pk in zip(index.new, insert_rows(Debtor, _DEBTOR_FIELDS, [d.values for d in index.new], return_ids=True)):
        debtor.pk = pk
    progress("write", total // 5, total)

    points = _ContactPoints(batch.client_id, index.known_ids)
    for row, debtors in zip(rows, debtors_of_row):
        for party, debtor in zip(row.parties, debtors):
            points.add(debtor, party, actor_id)
    points.write()
    progress("write", 2 * total // 5, total)

    accounts = insert_rows(Account, _ACCOUNT_FIELDS, [_account_values(batch, row) for row in rows], return_ids=True)
    parties = []
    for account_id, row, debtors in zip(accounts, rows, debtors_of_row):
        seen = set()
        for party, debtor in zip(row.parties, debtors):
            if debtor.pk in seen:  # a co-obligor line naming the primary debtor again
                continue
            seen.add(debtor.pk)
            parties.append(_party_values(account_id, debtor.pk, party))
    insert_rows(AccountDebtor, _PARTY_FIELDS, parties)
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
