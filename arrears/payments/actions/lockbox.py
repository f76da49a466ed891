"""Posting a lockbox file (docs/lockbox.md): every check and money order the bank deposited becomes a payment on
the account its coupon names, once per item; an item that names no account we can pay waits in the unapplied
queue until someone applies it or sends it back. A file with any error posts nothing."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, time

from django.db import transaction
from django.utils import timezone

from arrears.accounts.models import OPEN_STATUSES, Account
from arrears.audit import actions as audit
from arrears.core.errors import InvalidInput
from arrears.core.money import format_cents
from arrears.ledger.queries import closed_through

from ..lockbox import LockboxItem, read_lockbox, require_clean
from ..models import LockboxImport, Method, Payment, UnappliedItem
from .posting import post_payment


@dataclass(frozen=True)
class LockboxResult:
    imported: LockboxImport
    already_imported: bool
    warnings: tuple[str, ...] = ()


def _match(item: LockboxItem) -> tuple[Account | None, str]:
    """The account the item pays, or why there is none."""
    if not item.account_number:
        return None, "no account number on the coupon"
    accounts = Account.objects.filter(client_account_number=item.account_number).select_related("client")
    if item.client_code:
        accounts = accounts.filter(client__code=item.client_code)
    found = list(accounts[:2])
    if not found:
        return None, f"no account {item.account_number}" + (f" for client {item.client_code}" if item.client_code else "")
    if len(found) > 1:
        return None, f"account {item.account_number} is held for more than one client: the file names none"
    if found[0].status not in OPEN_STATUSES:
        return None, f"account {item.account_number} is {found[0].get_status_display().lower()}"
    return found[0], ""


def _conflict(item: LockboxItem, earlier: Payment) -> str:
    """Why an item cannot be the payment already posted under its key (deposit date, batch and item), or ""
    when it is that payment sent again. A bank's corrected or re-keyed file lands here: a person decides."""
    differs = []
    if earlier.amount_cents != item.amount_cents:
        differs.append(f"{format_cents(earlier.amount_cents)} there, {format_cents(item.amount_cents)} here")
    if item.account_number and earlier.account.client_account_number != item.account_number:
        differs.append(f"account {earlier.account.client_account_number} there, {item.account_number} here")
    if item.check_number and earlier.reference and earlier.reference != item.check_number:
        differs.append(f"check {earlier.reference} there, {item.check_number} here")
    if not differs:
        return ""
    return (f"conflict: batch {item.batch} item {item.item} of {item.deposit_date:%m/%d/%Y} was already posted as "
            f"payment #{earlier.pk} ({'; '.join(differs)})")


def _content_digest(item: LockboxItem) -> str:
    content = "|".join(map(str, (item.amount_cents, item.account_number, item.client_code, item.check_number,
                                 item.payer_name)))
    return hashlib.sha256(content.encode()).hexdigest()[:12]


def _post(item: LockboxItem, account: Account, actor, *, file_name: str, key: str | None = None) -> Payment:
    closed = closed_through(account.client_id)
    effective = item.deposit_date if closed is None or item.deposit_date > closed else timezone.localdate()
    received = min(timezone.now(), timezone.make_aware(datetime.combine(item.deposit_date, time(12, 0))))
    kind = "Money order" if item.instrument == "money_order" else "Check"
    return post_payment(
        account, actor, amount_cents=item.amount_cents, method=Method.LOCKBOX, idempotency_key=key or item.key,
        received_at=received, effective_on=effective, reference=item.check_number,
        instrument=f"{kind} #{item.check_number}" if item.check_number else kind,
        memo=" · ".join(filter(None, [f"lockbox {file_name} row {item.row}", item.payer_name, item.note])))


def import_lockbox(file_name: str, data: bytes, actor) -> LockboxResult:
    """Post a lockbox file. The same file again posts nothing; a corrected copy posts only its new items."""
    digest = hashlib.sha256(data).hexdigest()
    existing = LockboxImport.objects.filter(sha256=digest).first()
    if existing is not None:
        return LockboxResult(existing, True)
    lockbox = require_clean(read_lockbox(file_name, data))
    posted = unapplied = 0
    with transaction.atomic():
        imported = LockboxImport.objects.create(
            name=file_name[:200], sha256=digest, imported_by=actor if actor is not None and actor.pk else None,
            items=len(lockbox.items), total_cents=lockbox.total_cents, posted=0, unapplied=0)
        for item in lockbox.items:
            key, why = item.key, ""
            earlier = Payment.objects.filter(idempotency_key=key).select_related("account").first()
            if earlier is not None:
                why = _conflict(item, earlier)
                if not why:
                    continue  # the item was posted from an earlier file: once is enough
                key = f"{item.key}:conflict:{_content_digest(item)}"
            if UnappliedItem.objects.filter(key=key).exists():
                continue
            account = None
            if not why:
                account, why = _match(item)
            if account is None:
                UnappliedItem.objects.create(
                    lockbox_import=imported, key=key, row=item.row, amount_cents=item.amount_cents,
                    deposit_date=item.deposit_date, account_number=item.account_number, client_code=item.client_code,
                    payer_name=item.payer_name, check_number=item.check_number, why=why[:200])
                unapplied += 1
                continue
            _post(item, account, actor, file_name=file_name)
            posted += 1
        LockboxImport.objects.filter(pk=imported.pk).update(posted=posted, unapplied=unapplied)
        imported.posted, imported.unapplied = posted, unapplied
        audit.record(actor, "lockbox.imported", imported,
                     f"Lockbox file {file_name}: {len(lockbox.items)} items of {format_cents(lockbox.total_cents)}, "
                     f"{posted} posted, {unapplied} unapplied",
                     after={"posted": posted, "unapplied": unapplied, "sha256": digest})
    return LockboxResult(imported, False, tuple(str(w) for w in lockbox.warnings))


def _item(unapplied: UnappliedItem) -> LockboxItem:
    return LockboxItem(row=unapplied.row, deposit_date=unapplied.deposit_date, batch="", item="",
                       amount_cents=unapplied.amount_cents, account_number=unapplied.account_number,
                       client_code=unapplied.client_code, instrument="check", check_number=unapplied.check_number,
                       payer_name=unapplied.payer_name, routing_last4="", account_last4="", note="applied by hand")


def apply_unapplied(unapplied: UnappliedItem, account: Account, actor) -> Payment:
    """Post an unapplied item to the account a person found for it (under the item's own key)."""
    with transaction.atomic():
        unapplied = UnappliedItem.objects.select_for_update().get(pk=unapplied.pk)
        if unapplied.resolved_at is not None:
            raise InvalidInput(f"the item was already {unapplied.resolution}")
        item = _item(unapplied)
        payment = _post(item, account, actor, file_name=unapplied.lockbox_import.name, key=unapplied.key)
        UnappliedItem.objects.filter(pk=unapplied.pk).update(
            payment=payment, resolved_at=timezone.now(), resolved_by=actor if actor and actor.pk else None,
            resolution=f"applied to {account.client_account_number}")
        audit.record(actor, "lockbox.applied", unapplied, f"Unapplied {format_cents(unapplied.amount_cents)} "
                     f"(row {unapplied.row}) applied to {account.client_account_number}", account_id=account.pk)
    return payment


def return_unapplied(unapplied: UnappliedItem, actor, reason: str) -> None:
    """The item cannot be applied: the check goes back to the payer."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("say why it is sent back", field="reason")
    with transaction.atomic():
        if not UnappliedItem.objects.filter(pk=unapplied.pk, resolved_at__isnull=True).update(
                resolved_at=timezone.now(), resolved_by=actor if actor and actor.pk else None,
                resolution=f"returned: {reason}"[:200]):
            raise InvalidInput("the item was already resolved")
        audit.record(actor, "lockbox.returned", unapplied,
                     f"Unapplied {format_cents(unapplied.amount_cents)} (row {unapplied.row}) returned: {reason}")
