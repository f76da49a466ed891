from django.contrib import admin

from arrears.core.admin_base import ReadOnlyAdmin

from .models import RemittancePeriod


@admin.register(RemittancePeriod)
class RemittancePeriodAdmin(ReadOnlyAdmin):
    """Closed remittance periods with their frozen statements; closed from the remittance page."""

    list_display = ["number", "client", "starts_on", "ends_on", "closed_at", "gross_collected_cents",
                    "commission_cents", "remitted_cents", "due_from_client_cents"]
    list_filter = ["client"]
    search_fields = ["number"]
    list_select_related = ["client", "closed_by"]
