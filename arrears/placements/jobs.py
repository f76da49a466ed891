"""Placement's periodic jobs, collected by the worker's scheduler (`arrears.core.scheduler`)."""

from datetime import time

from arrears.core.scheduler import Job

from .tasks import sweep_placements

JOBS = (
    Job("placements.sweep", time(0, 0), "minutes", sweep_placements,
        "mark failed the placement imports that stopped (no progress for PLACEMENT_STALE_MINUTES), so they can be "
        "retried, and queue again those no worker has taken", every_minutes=5),
)
