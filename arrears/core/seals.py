"""Sealing append-only tables into hash chains (`core.chain`), for the apps that own them.

An owning app gives a `Sealed`: its rows' model, its seal model (a `seq` primary key, the row's id in
`row_id` and the `link`), and how to read rows as canonical content. `seal_new` seals the rows not yet
sealed, in id order, under a lock so two sealers never fork the chain; rows committed late (a long
transaction's lower id) are picked up by the next run. `verify` walks the whole chain in batches.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Max, Model

from .chain import GENESIS, Break, first_break, link

LOOKBACK = 10_000  # how far below the highest sealed id a late-committed row is still looked for
BATCH = 2_000


@dataclass(frozen=True)
class Sealed:
    name: str                                   # for messages: "ledger entries", "audit events"
    rows: type[Model]
    seals: type[Model]                          # fields: seq (pk), row_id (unique), link, sealed_at
    contents: Callable[[list[int]], dict]       # row ids -> {row_id: canonical content} of the rows that exist
    lock_key: int                               # PostgreSQL advisory lock taken while sealing


@dataclass(frozen=True)
class ChainReport:
    name: str
    links: int
    head: str
    unsealed: int
    broken: Break | None


def seal_new(sealed: Sealed, *, limit: int | None = None) -> int:
    """Seal every row not yet sealed (at most `limit`); the number sealed."""
    done = 0
    while limit is None or done < limit:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [sealed.lock_key])
            last = sealed.seals.objects.order_by("-seq").values_list("link", "row_id").first()
            previous = last[0] if last else GENESIS
            floor = max((sealed.seals.objects.aggregate(top=Max("row_id"))["top"] or 0) - LOOKBACK, 0)
            sealed_ids = sealed.seals.objects.filter(row_id__gt=floor).values("row_id")
            size = BATCH if limit is None else min(BATCH, limit - done)
            ids = list(sealed.rows.objects.filter(pk__gt=floor).exclude(pk__in=sealed_ids)
                       .order_by("pk").values_list("pk", flat=True)[:size])
            if not ids:
                break
            contents = sealed.contents(ids)
            links = []
            for row_id in ids:
                previous = link(previous, contents[row_id])
                links.append(sealed.seals(row_id=row_id, link=previous))
            sealed.seals.objects.bulk_create(links)
            done += len(ids)
    return done


def verify(sealed: Sealed) -> ChainReport:
    """Walk the chain from its first link; report the first broken one and how many rows await a seal."""
    previous, count, after = GENESIS, 0, 0
    while True:
        batch = list(sealed.seals.objects.filter(seq__gt=after).order_by("seq")
                     .values_list("seq", "row_id", "link")[:BATCH])
        if not batch:
            break
        broken, previous = first_break(batch, sealed.contents([row_id for _, row_id, _ in batch]), previous)
        if broken is not None:
            return ChainReport(sealed.name, count, previous, 0, broken)
        count += len(batch)
        after = batch[-1][0]
    unsealed = sealed.rows.objects.exclude(pk__in=sealed.seals.objects.values("row_id")).count()
    return ChainReport(sealed.name, count, previous, unsealed, None)
