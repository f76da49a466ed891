"""A placement file from a client and what became of it. Accounts point at the batch that placed them."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class PlacementStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    VALIDATING = "validating", "Validating"
    WRITING = "writing", "Writing"
    IMPORTED = "imported", "Imported"
    DUPLICATE = "duplicate", "Already imported (nothing changed)"
    REJECTED = "rejected", "Rejected (nothing imported)"
    FAILED = "failed", "Failed (nothing imported)"


class PlacementBatch(models.Model):
    """One placement file from a client, and what became of it. The validation report is kept."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="placements")
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    # Encrypted with core.crypto.encrypt_bytes: a placement file carries SSNs and dates of birth.
    content = models.BinaryField(null=True, blank=True, editable=False, help_text="the file as received")
    skip_bad_rows = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=PlacementStatus.choices, default=PlacementStatus.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_already_placed = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    report_csv = models.TextField(blank=True, help_text="file,row,column,severity,problem")
    message = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="how many times a worker has taken the file up")
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="last sign of progress of the import running now; stale means it stopped")

    class Meta:
        ordering = ["-created_at", "-id"]
        db_table = "accounts_placementbatch"  # the table of the accounts app that owned it first; no data moved
        verbose_name_plural = "placement batches"
        constraints = [
            models.UniqueConstraint(
                fields=["client", "file_sha256"], condition=Q(status="imported"), name="placement_file_imported_once"
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.file_name} ({self.client_id})"
