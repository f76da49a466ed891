"""ACH: the debit file for the instalments due on bank accounts on file, and the bank's returns and NOCs.

Originating writes one NACHA file (PPD, WEB, TEL and CCD batches; prenotes for new accounts) with our own
writer, keeps it exactly as written, drops a copy in ACH_OUTBOX for the bank's transfer, and posts each
debit as an ACH payment (key `ach:<trace number>`) on its instalment's arrangement. A return reverses that
payment (R-code on the reversal, the client's returned-payment fee, the arrangement broken) and stops debits
from the account unless the code allows a retry; a notification of change corrects the bank details.
Everything of one file happens in one transaction: a file that cannot be written or applied changes nothing.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from arrears import nacha
from arrears.arrangements.models import Instalment, InstalmentStatus, Kind, Status as ArrangementStatus
from arrears.audit import actions as audit
from arrears.core import crypto
from arrears.core.errors import InvalidInput
from arrears.core.money import format_cents

from ..models import AchEntry, AchFile, AchReturnFile, InstrumentKind, Method, PaymentMethod, PaymentStatus
from .methods import end_payment_method
from .posting import post_payment, reverse_payment

MODIFIERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
DEBIT_CODE = {"checking": 27, "savings": 37}
PRENOTE_CODE = {"checking": 28, "savings": 38}
ACCOUNT_TYPE_OF_CODE = {22: "checking", 23: "checking", 27: "checking", 28: "checking",
                        32: "savings", 33: "savings", 37: "savings", 38: "savings"}
DAYS_AFTER_PRENOTE = 3  # banking days a live debit waits after its prenote settles (NACHA rules)


def _cutoff() -> time:
    hours, minutes = settings.ACH_CUTOFF.split(":")
    return time(int(hours), int(minutes))


def debits_may_start(method: PaymentMethod) -> date | None:
    """The first effective date a live debit may have on this account (None: its prenote is still to send)."""
    if not settings.ACH_PRENOTES:
        return date.min
    if method.prenoted_on is None:
        return None
    return nacha.add_banking_days(method.prenoted_on, DAYS_AFTER_PRENOTE)


def due_instalments(effective_on: date):
    """Instalments of active arrangements paid from a bank account, due by the effective date and not yet
    debited; oldest first."""
    return (Instalment.objects.filter(
        status__in=(InstalmentStatus.DUE, InstalmentStatus.PART_PAID), due_on__lte=effective_on,
        charge_attempted_on__isnull=True, arrangement__status=ArrangementStatus.ACTIVE,
        arrangement__payment_method__kind=InstrumentKind.ACH, arrangement__payment_method__active=True)
        .select_related("arrangement__account__client", "arrangement__payment_method__debtor")
        .order_by("due_on", "pk"))


@dataclass
class _Line:
    spec: nacha.EntrySpec
    sec: str
    method: PaymentMethod
    instalment: Instalment | None


def _entry_spec(method: PaymentMethod, *, amount_cents: int, individual_id: str, key: str, prenote: bool,
                single: bool) -> nacha.EntrySpec:
    codes = PRENOTE_CODE if prenote else DEBIT_CODE
    payment_type = None
    if method.sec_code == "WEB":
        payment_type = nacha.PaymentType.SINGLE if single else nacha.PaymentType.RECURRING
    return nacha.EntrySpec(
        transaction_code=codes[method.account_type or "checking"], routing_number=method.routing_number,
        account_number=crypto.decrypt(method.account_number_encrypted), amount_cents=amount_cents,
        name=_ascii(method.holder_name), individual_id=individual_id[:15], payment_type=payment_type, key=key)


def _ascii(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.upper().split()) or "CUSTOMER"


def originate_ach(actor, *, now: datetime | None = None) -> AchFile | None:
    """Write today's debit file: the due instalments on bank accounts, and prenotes for new accounts. Returns
    None when there is nothing to send."""
    now = now or timezone.now()
    effective = nacha.effective_entry_date(now, cutoff=_cutoff())
    today = timezone.localdate(now)
    with transaction.atomic():
        lines: list[_Line] = []
        prenoted: list[PaymentMethod] = []
        if settings.ACH_PRENOTES:
            for method in PaymentMethod.objects.select_for_update().filter(kind=InstrumentKind.ACH, active=True,
                                                                           prenoted_on__isnull=True):
                lines.append(_Line(_entry_spec(method, amount_cents=0, individual_id=f"PM{method.pk}",
                                               key=f"prenote:{method.pk}", prenote=True, single=True),
                                   method.sec_code, method, None))
                prenoted.append(method)
        for instalment in Instalment.objects.select_for_update(of=("self",)).filter(
                pk__in=due_instalments(effective).values("pk")).select_related(
                "arrangement__account__client", "arrangement__payment_method__debtor").order_by("due_on", "pk"):
            method = instalment.arrangement.payment_method
            start = debits_may_start(method)
            if start is None or start > effective:
                continue
            amount = instalment.amount_cents - instalment.paid_cents
            if amount <= 0:
                continue
            single = instalment.arrangement.kind == Kind.PROMISE or instalment.arrangement.instalments.count() == 1
            lines.append(_Line(_entry_spec(method, amount_cents=amount,
                                           individual_id=instalment.arrangement.account.client_account_number,
                                           key=f"instalment:{instalment.pk}", prenote=False, single=single),
                               method.sec_code, method, instalment))
        if not lines:
            return None
        written, modifier = _write(lines, now, effective)
        name = f"ach-{timezone.localtime(now):%Y%m%d-%H%M%S}-{modifier}.txt"
        ach_file = AchFile.objects.create(
            name=name, created_by=actor if actor is not None and actor.pk else None, file_id_modifier=modifier,
            effective_on=effective, entry_count=len(lines), debit_total_cents=written.total_debit_cents,
            content=written.text, sha256=hashlib.sha256(written.text.encode()).hexdigest())
        traces = written.trace_numbers_by_key()
        for line in lines:
            trace = traces[line.spec.key]
            entry = AchEntry.objects.create(
                ach_file=ach_file, trace_number=trace, payment_method=line.method, instalment=line.instalment,
                prenote=line.instalment is None, sec_code=line.sec, amount_cents=line.spec.amount_cents)
            if line.instalment is None:
                continue
            arrangement = line.instalment.arrangement
            payment = post_payment(
                arrangement.account, actor, amount_cents=line.spec.amount_cents, method=Method.ACH,
                idempotency_key=f"ach:{trace}", received_at=now, effective_on=today, reference=trace,
                instrument=line.method.label, payment_method=line.method, arrangement=arrangement,
                payer=line.method.debtor, memo=f"ACH debit in {name}, effective {effective:%m/%d/%Y}")
            AchEntry.objects.filter(pk=entry.pk).update(payment=payment)
            Instalment.objects.filter(pk=line.instalment.pk).update(charge_attempted_on=today)
        PaymentMethod.objects.filter(pk__in=[m.pk for m in prenoted]).update(prenoted_on=effective)
        audit.record(actor, "ach.file_created", ach_file,
                     f"ACH file {name}: {len(lines) - len(prenoted)} debits of {format_cents(written.total_debit_cents)}"
                     f" and {len(prenoted)} prenotes, effective {effective:%m/%d/%Y}",
                     after={"entries": len(lines), "debit_total_cents": written.total_debit_cents})
        transaction.on_commit(lambda: _drop(ach_file))
    return ach_file


def _write(lines: list[_Line], now: datetime, effective: date) -> tuple[nacha.WrittenFile, str]:
    today = timezone.localdate(now)
    sent_today = AchFile.objects.filter(created_at__date=today).count()
    if sent_today >= len(MODIFIERS):
        raise InvalidInput(f"{len(MODIFIERS)} ACH files were already written today: the bank allows no more")
    last = AchEntry.objects.order_by("-trace_number").values_list("trace_number", flat=True).first()
    first_sequence = int(last[-7:]) % nacha.spec.MAX_TRACE_SEQUENCE + 1 if last else 1
    batches = []
    for sec in ("PPD", "WEB", "TEL", "CCD"):
        entries = [line.spec for line in lines if line.sec == sec]
        if entries:
            batches.append(nacha.BatchSpec(
                sec_code=nacha.SecCode(sec), company_name=settings.ACH_COMPANY_NAME,
                company_id=settings.ACH_COMPANY_ID, entry_description="PAYMENT",
                odfi_routing_number=settings.ACH_ODFI_ROUTING, effective_date=effective, entries=entries))
    spec = nacha.FileSpec(
        immediate_destination=settings.ACH_DESTINATION, immediate_destination_name=settings.ACH_DESTINATION_NAME,
        immediate_origin=settings.ACH_ORIGIN, immediate_origin_name=settings.ACH_COMPANY_NAME,
        created_at=timezone.localtime(now).replace(tzinfo=None), file_id_modifier=MODIFIERS[sent_today],
        first_trace_sequence=first_sequence, batches=batches)
    return nacha.write_file(spec), MODIFIERS[sent_today]


def _drop(ach_file: AchFile) -> None:
    """Put the file where the bank's transfer picks it up (written under a temporary name, then renamed)."""
    outbox = Path(settings.ACH_OUTBOX)
    outbox.mkdir(parents=True, exist_ok=True)
    temporary = outbox / f".{ach_file.name}.part"
    temporary.write_text(ach_file.content, newline="")
    temporary.replace(outbox / ach_file.name)


@dataclass(frozen=True)
class ReturnsResult:
    imported: AchReturnFile
    already_imported: bool


def import_ach_returns(file_name: str, data: bytes, actor) -> ReturnsResult:
    """Apply a returns/NOC file from the bank: each return reverses its payment, each NOC corrects the account.

    The whole file is refused, with nothing applied, when it does not read cleanly or names an entry we did
    not send; importing the same file again applies nothing and returns the first import.
    """
    digest = hashlib.sha256(data).hexdigest()
    existing = AchReturnFile.objects.filter(sha256=digest).first()
    if existing is not None:
        return ReturnsResult(existing, True)
    report = nacha.read_returns(data)
    if report.errors:
        first = report.errors[0]
        raise InvalidInput(f"{file_name}, {first}" + (f" (and {len(report.errors) - 1} more problems)"
                                                       if len(report.errors) > 1 else "") + "; nothing was applied",
                           field=first.field or "file")
    traces = [r.original_trace_number for r in report.returns] + [n.original_trace_number
                                                                  for n in report.notices_of_change]
    entries = {e.trace_number: e for e in AchEntry.objects.filter(trace_number__in=traces).select_related(
        "payment", "payment_method", "instalment")}
    for item in (*report.returns, *report.notices_of_change):
        if item.original_trace_number not in entries:
            raise InvalidInput(f"{file_name}, line {item.entry.line}: trace number {item.original_trace_number} is "
                               "not an entry arrears sent; nothing in the file was applied", field="trace_number")
    done = []
    with transaction.atomic():
        for returned in report.returns:
            done.append(_apply_return(entries[returned.original_trace_number], returned, actor))
        for notice in report.notices_of_change:
            done.append(_apply_change(entries[notice.original_trace_number], notice, actor))
        imported = AchReturnFile.objects.create(
            name=file_name[:200], sha256=digest, imported_by=actor if actor is not None and actor.pk else None,
            returns=len(report.returns), notices_of_change=len(report.notices_of_change), report=done)
        audit.record(actor, "ach.returns_imported", imported,
                     f"ACH returns file {file_name}: {len(report.returns)} returns, "
                     f"{len(report.notices_of_change)} notifications of change", after={"report": done})
    return ReturnsResult(imported, False)


def _apply_return(entry: AchEntry, returned, actor) -> dict:
    code = returned.reason_code
    reason = returned.reason
    description = reason.description if reason else "return reason not defined by NACHA"
    row = {"trace": entry.trace_number, "code": code, "what": "", "conflict": False}
    if entry.return_code == code:
        row["what"] = f"already returned {entry.return_code}"
        return row
    if entry.return_code:  # the bank says two things about one debit: a person decides, nothing is applied
        row["conflict"] = True
        row["what"] = (f"conflict: the bank returned this debit as {entry.return_code} before "
                       f"(already returned {entry.return_code}) and now says {code}; nothing was applied: "
                       "ask the bank which is right")
        return row
    AchEntry.objects.filter(pk=entry.pk).update(return_code=code, returned_at=timezone.now())
    if entry.payment is not None and entry.payment.status == PaymentStatus.POSTED:
        reverse_payment(entry.payment, actor, reason="ach_return", code=code, note=description[:200])
        row["what"] = f"payment #{entry.payment.pk} of {format_cents(entry.payment.amount_cents)} reversed"
    elif entry.prenote:
        row["what"] = "prenote returned"
    else:
        row["what"] = "payment was already reversed"
    may_retry = reason is not None and reason.retry == nacha.RetryRule.MAY_RETRY
    if not may_retry:
        end_payment_method(entry.payment_method, actor, f"ACH return {code}: {description}"[:200])
        row["what"] += "; the account is no longer debited"
    return row


def _apply_change(entry: AchEntry, notice, actor) -> dict:
    method = PaymentMethod.objects.select_for_update().get(pk=entry.payment_method_id)
    corrected = notice.corrected
    before = {"routing_number": method.routing_number, "account_last4": method.account_last4,
              "account_type": method.account_type, "holder_name": method.holder_name}
    row = {"trace": entry.trace_number, "code": notice.change_code, "what": ""}
    if notice.is_refused or notice.reason is None:
        row["what"] = "not applied (refused or unknown change code)"
        return row
    changes = []
    if corrected.routing_number and nacha.is_valid_routing_number(corrected.routing_number):
        method.routing_number = corrected.routing_number
        changes.append("routing number")
    if corrected.account_number:
        number = corrected.account_number.strip()
        method.account_number_encrypted = crypto.encrypt(number)
        method.account_last4 = number[-4:]
        changes.append("account number")
    if corrected.transaction_code in ACCOUNT_TYPE_OF_CODE:
        method.account_type = ACCOUNT_TYPE_OF_CODE[corrected.transaction_code]
        changes.append("account type")
    if corrected.individual_name:
        method.holder_name = corrected.individual_name.strip()
        changes.append("name")
    if not changes:
        row["what"] = "nothing to correct"
        return row
    method.label = f"{(method.account_type or 'checking').title()} ····{method.account_last4}"
    method.save()
    AchEntry.objects.filter(pk=entry.pk).update(change_code=notice.change_code)
    audit.record(actor, "payment_method.corrected", method,
                 f"{method.label}: {', '.join(changes)} corrected by the bank ({notice.change_code})",
                 before=before, after={"routing_number": method.routing_number, "account_last4": method.account_last4,
                                       "account_type": method.account_type, "holder_name": method.holder_name},
                 debtor_id=method.debtor_id)
    row["what"] = f"{', '.join(changes)} corrected"
    return row
