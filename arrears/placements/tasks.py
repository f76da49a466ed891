"""Background jobs of placements, run by `arrears worker`."""

from datetime import date

from django.tasks import task

from .actions import process_placement_batch, sweep_stale_batches, waiting_too_long
from .models import PlacementBatch


@task()
def import_placement_batch(batch_id: int) -> str:
    """Validate and import an uploaded placement file. Delivered twice, it does the work once."""
    batch = PlacementBatch.objects.get(pk=batch_id)
    batch = process_placement_batch(batch)
    return batch.status


def sweep_placements(on: date) -> dict:
    """The `placements.sweep` periodic job: fail the imports whose worker died, so they can be retried, and
    queue again the imports no worker has taken in that time."""
    stopped = [batch.pk for batch in sweep_stale_batches()]
    queued_again = waiting_too_long()
    for batch_id in queued_again:
        import_placement_batch.enqueue(batch_id)
    return {"stopped": stopped, "queued_again": queued_again}
