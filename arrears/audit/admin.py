from django.contrib import admin

from arrears.core.admin_base import ReadOnlyAdmin

from .models import AuditEvent, EventSeal


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "summary", "object_type", "object_id", "account_id"]
    list_filter = ["action", "object_type", ("at", admin.DateFieldListFilter)]
    search_fields = ["summary", "actor_label", "object_id", "action"]
    date_hierarchy = "at"
    list_per_page = 100


@admin.register(EventSeal)
class EventSealAdmin(ReadOnlyAdmin):
    """The audit trail's hash chain: one link per event, in order (`arrears check_ledger` verifies it)."""

    list_display = ["seq", "row_id", "link", "sealed_at"]
    search_fields = ["=row_id", "link"]
    show_full_result_count = False
