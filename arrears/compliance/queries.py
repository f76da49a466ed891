"""Reads for the compliance screens and commands: what may be done now on each contact point, the
restrictions on file, and the decisions kept as evidence."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from arrears.accounts.models import Account, AccountDebtor
from arrears.accounts.queries import STAFF, Scope
from arrears.debtors import queries as debtor_queries
from arrears.debtors.models import Address, Email, Phone
from arrears.debtors.normalize import NormalizeError, normalize_phone

from .engine.decision import Decision
from .engine import decide_document
from .facts_db import Proposal, Snapshot, primary_debtor
from .models import PER_CLIENT_KINDS, DecisionRecord, Restriction

_ACTION_FOR = {Phone: "call", Email: "email", Address: "letter"}


@dataclass
class PointStatus:
    """The engine's answer for the usual contact on one phone, email or address, now."""

    point: object
    action: str
    decision: Decision
    zone: str | None

    @property
    def next_local(self) -> datetime | None:
        """When it is next allowed, in the debtor's first zone (what the screen shows)."""
        when = self.decision.next_allowed_at
        if when is None or self.zone is None:
            return when
        from zoneinfo import ZoneInfo

        return when.astimezone(ZoneInfo(self.zone))

    @property
    def first_block(self):
        blocks = self.decision.blocks
        return blocks[0] if blocks else None


def contact_status(account: Account, parties, at: datetime | None = None) -> dict[int, dict[str, PointStatus]]:
    """For every current contact point of the account's parties: may it be used now, and if not, when and why.

    Returns {debtor id: {"phone-12": PointStatus, ...}}; one snapshot of each debtor's rows serves all of its
    points, so the account screen costs a handful of queries per party.
    """
    at = at or timezone.now()
    result: dict[int, dict[str, PointStatus]] = {}
    for party in parties:
        snapshot = Snapshot(party.debtor, account)
        statuses = {}
        for point in [*party.phones, *party.emails, *party.addresses]:
            if not point.active:
                continue
            action = _ACTION_FOR[type(point)]
            proposal = Proposal(action=action, at=at, **{point._meta.model_name: point})
            decision = decide_document(snapshot.document(proposal))
            zones = point.time_zones or next((p.time_zones for p in party.addresses if p.active and p.time_zones), [])
            statuses[f"{point._meta.model_name}-{point.pk}"] = PointStatus(point, action, decision,
                                                                          zones[0] if zones else None)
        result[party.debtor.pk] = statuses
    return result


def validation_period_end(account: Account, at: datetime | None = None):
    """The end of the validation period of the notice in force for the account, if one was sent."""
    at = at or timezone.now()
    snapshot = Snapshot(primary_debtor(account), account)
    decision = decide_document(snapshot.document(Proposal(action="compliance_review", at=at)))
    return decision.dates.get("validation_period_end")


def restrictions(account: Account, scope: Scope = STAFF, *, shown: set[tuple[str, int]] | None = None
                 ) -> list[Restriction]:
    """Everything recorded for the account's debtors that applies to this account (or to all of them), the
    ones still in force first. A consent given for another client's account does not apply here. A client's
    user sees only what was received in its own client's relationship, and nothing about a contact point its
    side never supplied."""
    debtor_ids = AccountDebtor.objects.filter(account=account).values("debtor_id")
    rows = (Restriction.objects.filter(debtor_id__in=debtor_ids)
            .filter(Q(account__isnull=True) | Q(account=account))
            .exclude(Q(kind__in=PER_CLIENT_KINDS) & ~Q(client_id=account.client_id))
            .select_related("debtor", "recorded_by", "ended_by", "phone", "email", "address"))
    if scope.is_client:
        if shown is None:  # the point keys the viewer may see, unless the caller has them
            ids = [row["debtor_id"] for row in debtor_ids]
            shown = debtor_queries.visible_to_client(debtor_queries.provenance_of(scope.client_id, ids))
        rows = rows.filter(Q(account=account) | Q(client_id=scope.client_id))
        rows = [r for r in rows if not any(getattr(r, f"{kind}_id") and (kind, getattr(r, f"{kind}_id")) not in shown
                                           for kind in debtor_queries.POINT_KINDS)]
    return sorted(rows, key=lambda r: (r.ended_at is not None, -r.received_at.timestamp()))


def decisions(account: Account, limit: int = 50) -> list[DecisionRecord]:
    return list(DecisionRecord.objects.filter(account=account).select_related("decided_for", "phone", "email",
                                                                                "address")[:limit])


def access_restriction(account: Account, restriction_id: int) -> Restriction:
    from django.http import Http404

    debtor_ids = AccountDebtor.objects.filter(account=account).values("debtor_id")
    try:
        return Restriction.objects.get(pk=restriction_id, debtor_id__in=debtor_ids)
    except (Restriction.DoesNotExist, ValueError, TypeError):
        raise Http404("no such restriction") from None


def access_decision(account: Account, decision_id: int) -> DecisionRecord:
    from django.http import Http404

    try:
        return DecisionRecord.objects.get(pk=decision_id, account=account)
    except (DecisionRecord.DoesNotExist, ValueError, TypeError):
        raise Http404("no such decision") from None


# -- for the command line -----------------------------------------------------------------------------

def find_account(text: str) -> Account:
    """An account by "#id", "CODE:NUMBER" or a client account number that only one client uses."""
    from django.core.management.base import CommandError

    accounts = Account.objects.select_related("client")
    if text.startswith("#") and text[1:].isdigit():
        found = list(accounts.filter(pk=int(text[1:])))
    elif ":" in text:
        code, number = text.split(":", 1)
        found = list(accounts.filter(client__code=code, client_account_number=number))
    else:
        found = list(accounts.filter(client_account_number=text))
    if not found:
        raise CommandError(f"no account {text!r}")
    if len(found) > 1:
        codes = ", ".join(f"{a.client.code}:{a.client_account_number}" for a in found)
        raise CommandError(f"{text!r} is used by several clients; say which: {codes}")
    return found[0]


def proposal_from_options(account: Account, action: str, at: datetime, *, phone: str | None = None,
                          email: str | None = None, address: int | None = None, dialer: str = "manual") -> Proposal:
    """A proposal from command-line options; the contact point defaults to the primary debtor's current one."""
    debtor_ids = list(AccountDebtor.objects.filter(account=account).values_list("debtor_id", flat=True))
    primary = primary_debtor(account)
    point = {}
    if phone:
        try:
            e164 = normalize_phone(phone).e164
        except NormalizeError as exc:
            raise ValueError(str(exc)) from None
        found = Phone.objects.filter(debtor_id__in=debtor_ids, e164=e164).order_by("-active", "pk").first()
        if found is None:
            raise ValueError(f"{phone} is not a number of this account's debtors")
        point["phone"] = found
    elif email:
        found = Email.objects.filter(debtor_id__in=debtor_ids, address__iexact=email).order_by("-active", "pk").first()
        if found is None:
            raise ValueError(f"{email} is not an address of this account's debtors")
        point["email"] = found
    elif address:
        found = Address.objects.filter(debtor_id__in=debtor_ids, pk=address).first()
        if found is None:
            raise ValueError(f"address #{address} is not one of this account's debtors'")
        point["address"] = found
    elif action in ("call", "voicemail", "ringless_voicemail", "sms"):
        found = Phone.objects.filter(debtor=primary, active=True).order_by("pk").first()
        if found is not None:
            point["phone"] = found
    elif action == "email":
        found = Email.objects.filter(debtor=primary, active=True).order_by("pk").first()
        if found is not None:
            point["email"] = found
    elif action in ("letter", "validation_notice"):
        found = Address.objects.filter(debtor=primary, active=True).first()
        if found is not None:
            point["address"] = found
    return Proposal(action=action, at=at, dialer=dialer, **point)
