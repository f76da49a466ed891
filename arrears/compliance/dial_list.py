"""The dial list: the accounts the compliance engine allows to be called at one instant, exported for a dialer
and kept with its parameters."""

import csv
import hashlib
import io
from datetime import datetime

from django.db import transaction

from arrears.audit import actions as audit
from arrears.clients.models import Client
from arrears.debtors.models import Phone

from .batch import CallVerdict
from .models import DialListExport
from .packs import PACKS
from .portfolio import Portfolio, portfolio_verdicts


def export_dial_list(actor, *, at: datetime, client_code: str | None = None) -> DialListExport:
    """Decide the portfolio (or one client's accounts) at `at` and keep the callable ones as a dial list."""
    client = None
    if client_code:
        client = Client.objects.filter(code=client_code).first()
        if client is None:
            raise ValueError(f"no client with code {client_code!r}")
    stats = Portfolio()
    callable_rows = [v for v in portfolio_verdicts(at, client_id=client.pk if client else None, stats=stats)
                     if v.callable]
    text = _csv(callable_rows)
    with transaction.atomic():
        export = DialListExport.objects.create(
            created_by=actor if actor is not None and actor.pk else None, decided_at=at, client=client,
            accounts_considered=stats.considered, rows=len(callable_rows), decided_by_engine=stats.decided_by_engine,
            packs=[p.label for p in PACKS], csv=text, csv_sha256=hashlib.sha256(text.encode()).hexdigest())
        audit.record(actor, "compliance.dial_list_exported", export,
                     f"Dial list of {len(callable_rows)} callable accounts of {stats.considered}"
                     + (f" for {client.code}" if client else ""),
                     after={"decided_at": at.isoformat(), "rows": len(callable_rows)})
    return export


def _csv(verdicts: list[CallVerdict]) -> str:
    from arrears.accounts.models import AccountDebtor

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["account_id", "client", "account_number", "debtor", "phone", "debtor_time_zone"])
    ids = [v.account_id for v in verdicts]
    names, phones = {}, {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        for link in (AccountDebtor.objects.filter(account_id__in=chunk, role="primary")
                     .select_related("debtor", "account__client")):
            names[link.account_id] = (link.account.client.code, link.account.client_account_number,
                                      link.debtor.display_name)
        wanted = [v.phone_id for v in verdicts[start:start + 5000]]
        for phone in Phone.objects.filter(pk__in=wanted).only("e164", "time_zones"):
            phones[phone.pk] = phone
    for verdict in verdicts:
        code, number, name = names[verdict.account_id]
        phone = phones[verdict.phone_id]
        writer.writerow([verdict.account_id, code, number, name, phone.e164, (phone.time_zones or [""])[0]])
    return out.getvalue()
