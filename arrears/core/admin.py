from django.contrib import admin

from .admin_base import ReadOnlyAdmin
from .models import JobRun, KeyFingerprint


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = ["job", "key", "started_at", "finished_at", "ok", "error"]
    list_filter = ["job", "ok"]
    search_fields = ["job", "key", "error"]
    date_hierarchy = "started_at"


@admin.register(KeyFingerprint)
class KeyFingerprintAdmin(ReadOnlyAdmin):
    list_display = ["name", "fingerprint", "recorded_at"]
