"""The ledger's periodic jobs, collected by the worker's scheduler (`arrears.core.scheduler`)."""

from datetime import time

from arrears.core.scheduler import Job

from .tasks import seal_chains

JOBS = (
    Job("ledger.seal", time(0, 30), "day", seal_chains,
        "seal the entries and audit events written since the last seal into their hash chains"),
)
