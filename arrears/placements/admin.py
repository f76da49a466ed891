from django.contrib import admin

from arrears.core.admin_base import ReadOnlyAdmin

from .models import PlacementBatch


@admin.register(PlacementBatch)
class PlacementBatchAdmin(ReadOnlyAdmin):
    list_display = ["id", "client", "file_name", "status", "rows_total", "rows_imported", "rows_rejected", "errors",
                    "warnings", "created_by", "created_at"]
    list_filter = ["status", "client"]
    search_fields = ["file_name", "file_sha256"]
    exclude = ["content"]
