from django.contrib import admin

from arrears.core.admin_base import ReadOnlyAdmin

from .models import DecisionRecord, DialListExport, Restriction


@admin.register(Restriction)
class RestrictionAdmin(ReadOnlyAdmin):
    """Cease letters, disputes, opt-outs, attorneys, bankruptcies and the like, with their evidence; recorded
    and ended from the account screen, where the engine's decisions are audited."""

    list_display = ["kind", "debtor", "account", "client", "received_at", "received_via", "recorded_by",
                    "ended_at"]
    list_filter = ["kind", "received_via", "client", ("ended_at", admin.EmptyFieldListFilter)]
    search_fields = ["account__client_account_number", "evidence"]
    list_select_related = ["debtor", "account", "client", "recorded_by"]
    date_hierarchy = "received_at"


@admin.register(DecisionRecord)
class DecisionRecordAdmin(ReadOnlyAdmin):
    """Every decision the engine made, with the facts it was made on: evidence, never changed."""

    list_display = ["decided_at", "action", "allowed", "account", "debtor", "overridden", "next_allowed_at"]
    list_filter = ["action", "allowed", "overridden"]
    search_fields = ["account__client_account_number", "facts_sha256"]
    list_select_related = ["account", "debtor"]
    date_hierarchy = "decided_at"
    show_full_result_count = False


@admin.register(DialListExport)
class DialListExportAdmin(ReadOnlyAdmin):
    list_display = ["id", "created_at", "created_by", "client", "accounts_considered", "rows", "csv_sha256"]
    list_filter = ["client"]
    list_select_related = ["created_by", "client"]
    exclude = ["csv"]  # downloaded from the dial lists page
