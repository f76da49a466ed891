"""Reads of the contact record: the account's activity timeline."""

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Q
from django.utils import timezone

from arrears.accounts.models import Account, AccountDebtor
from arrears.audit.models import AuditEvent

from .models import ContactAttempt, Note


@dataclass
class TimelineItem:
    at: datetime
    kind: str  # contact | note | event
    title: str
    detail: str
    by: str


def timeline(account: Account, limit: int = 200) -> list[TimelineItem]:
    """Everything that happened on the account, newest first: contacts, notes, status and data changes."""
    items: list[TimelineItem] = []
    for c in ContactAttempt.objects.filter(account=account).select_related("phone", "by")[:limit]:
        target = c.phone.display if c.phone else ""
        title = f"{c.get_channel_display()} — {c.get_result_display()}"
        items.append(TimelineItem(c.occurred_at, "contact", title, " · ".join(p for p in (target, c.note) if p),
                                  c.by.get_username() if c.by else "system"))
    for n in Note.objects.filter(account=account).select_related("by")[:limit]:
        items.append(TimelineItem(n.at, "note", "Note", n.text, n.by.get_username() if n.by else "system"))
    debtor_ids = list(AccountDebtor.objects.filter(account=account).values_list("debtor_id", flat=True))
    events = (AuditEvent.objects.filter(Q(account_id=account.pk) | Q(debtor_id__in=debtor_ids))
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
