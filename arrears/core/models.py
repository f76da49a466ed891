"""The periodic-job ledger: one row per job and period, so a job runs once per period however many workers
are running (the unique key decides who runs it)."""

from django.db import models


class JobRun(models.Model):
    job = models.CharField(max_length=60)
    key = models.CharField(max_length=100, unique=True, help_text="job:period, e.g. arrangements.evaluate:2026-12-01")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField(null=True, help_text="None while running")
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return self.key


class KeyFingerprint(models.Model):
    """A one-way fingerprint of a key the stored data depends on (`lookup-digest`: the key of the SSN and identity
    digests). `arrears serve` and `arrears worker` refuse to start when the configured key's differs."""

    name = models.CharField(max_length=40, unique=True)
    fingerprint = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.name} {self.fingerprint[:12]}…"
