"""Reads of the contact record: the account's activity timeline, and the debtors and contact points a
contact on the account may use."""

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Q
from django.utils import timezone

from arrears.accounts.models import Account, AccountDebtor
from arrears.accounts import queries as account_queries
from arrears.accounts.queries import STAFF, Scope
from arrears.audit.models import AuditEvent
from arrears.debtors import queries as debtor_queries

from .models import ContactAttempt, Note


@dataclass
class TimelineItem:
    at: datetime
    kind: str  # contact | note | event
    title: str
    detail: str
    by: str


def contact_parties(account: Account, user) -> list:
    """The account's debtors with the contact points `user` may see (a client's user: only its side's)."""
    return account_queries.parties(account, account_queries.scope_of(user))


def active_phones(parties) -> list:
    """The current numbers of the account's debtors, in the parties' order: the numbers a call may be logged on."""
    return [p for party in parties for p in party.phones if p.active]


def timeline(account: Account, scope: Scope | None = None, limit: int = 200, *,
             shown: set[tuple[str, int]] | None = None) -> list[TimelineItem]:
    """Everything that happened on the account, newest first: contacts, notes, status and data changes.

    Staff also see what was filed on the account's debtors (a phone added, a financial status), whichever
    account was being worked. A client's user sees only what was filed on this account, and a contact's
    number only when its client's side supplied that number (`shown`: the point keys the viewer may see,
    when the caller has them).
    """
    scope = scope or STAFF
    items: list[TimelineItem] = []
    debtor_ids = list(AccountDebtor.objects.filter(account=account).values_list("debtor_id", flat=True))
    if not scope.is_client:
        shown = None
    elif shown is None:
        shown = debtor_queries.visible_to_client(debtor_queries.provenance_of(scope.client_id, debtor_ids))
    for c in ContactAttempt.objects.filter(account=account).select_related("phone", "by")[:limit]:
        target = c.phone.display if c.phone and (shown is None or ("phone", c.phone_id) in shown) else ""
        title = f"{c.get_channel_display()} — {c.get_result_display()}"
        items.append(TimelineItem(c.occurred_at, "contact", title, " · ".join(p for p in (target, c.note) if p),
                                  c.by.get_username() if c.by else "system"))
    for n in Note.objects.filter(account=account).select_related("by")[:limit]:
        items.append(TimelineItem(n.at, "note", "Note", n.text, n.by.get_username() if n.by else "system"))
    filed = Q(account_id=account.pk) if scope.is_client else Q(account_id=account.pk) | Q(debtor_id__in=debtor_ids)
    events = (AuditEvent.objects.filter(filed)
              .exclude(action__in=["contact.logged", "note.added"])
              .exclude(action__startswith="ledger.")  # each money entry's own event (payment, reversal, ...) says it
              .order_by("-at", "-id")[:limit])
    for e in events:
        items.append(TimelineItem(e.at, "event", e.summary, "", e.actor_label))
    batch = f" (batch #{account.placement_id})" if account.placement_id else ""
    # A file can arrive after the client's placement date; the earlier of the two is when it was placed.
    placed_day = datetime.combine(account.placed_on, time.min, tzinfo=timezone.get_current_timezone())
    items.append(TimelineItem(min(account.created_at, placed_day), "event", f"Placed by {account.client.name}{batch}",
                              f"placement date {account.placed_on:%m/%d/%Y}", "placement"))
    items.sort(key=lambda i: i.at, reverse=True)
    return items[:limit]
