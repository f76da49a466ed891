"""The placement writes that hand the import to the worker: the batch is stored (or put back in the queue)
and, once that commits, its import task is queued. The upload page, the API and the retry button call these."""

from django.db import transaction

from ..models import PlacementBatch
from ..tasks import import_placement_batch
from . import receive_placement_file, retry_placement_batch


def _import_after_commit(batch: PlacementBatch) -> None:
    transaction.on_commit(lambda: import_placement_batch.enqueue(batch.pk))


def upload_placement_file(client, file_name: str, content: bytes, actor, *,
                          skip_bad_rows: bool = False) -> PlacementBatch:
    """Store an uploaded placement file as a queued batch, and queue its import for the worker."""
    with transaction.atomic():
        batch = receive_placement_file(client, file_name, content, actor, skip_bad_rows=skip_bad_rows)
        _import_after_commit(batch)
    return batch


def requeue_placement_batch(batch: PlacementBatch, actor) -> PlacementBatch:
    """Put a failed or stopped batch back in the queue (see `retry_placement_batch`) and queue its import."""
    with transaction.atomic():
        batch = retry_placement_batch(batch, actor)
        _import_after_commit(batch)
    return batch
