from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class AuditEvent(models.Model):
    """One change a regulator or a client could ask about: who did what to which row, before and after.

    Append-only: rows are only ever inserted (a database trigger refuses UPDATE and DELETE).
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, help_text="who acted, kept even if the user is renamed")
    action = models.CharField(max_length=80, db_index=True, help_text="verb, e.g. account.status_changed")
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    account_id = models.BigIntegerField(null=True, blank=True, db_index=True, help_text="files it on an account's timeline")
    debtor_id = models.BigIntegerField(null=True, blank=True, db_index=True, help_text="files it on a debtor's accounts")
    summary = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.summary}"


class EventSeal(models.Model):
    """A link of the audit trail's hash chain: the event sealed after the link before it (`seal_events`).

    Append-only; `row_id` is the event's id, without a foreign key, so that a deleted event leaves its link.
    """

    seq = models.BigAutoField(primary_key=True)
    row_id = models.BigIntegerField(unique=True)
    link = models.CharField(max_length=64)
    sealed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]

    def __str__(self):
        return f"link {self.seq}: event #{self.row_id}"
