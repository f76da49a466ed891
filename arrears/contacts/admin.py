from django.contrib import admin

from arrears.core.admin_base import ReadOnlyAdmin

from .models import ContactAttempt, Note


@admin.register(ContactAttempt)
class ContactAttemptAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "account", "channel", "result", "phone", "by", "note"]
    list_filter = ["channel", "result", ("occurred_at", admin.DateFieldListFilter)]
    search_fields = ["account__client_account_number", "note", "phone__e164"]
    list_select_related = ["account", "phone", "by"]
    date_hierarchy = "occurred_at"
    show_full_result_count = False


@admin.register(Note)
class NoteAdmin(ReadOnlyAdmin):
    list_display = ["at", "account", "by", "text"]
    search_fields = ["account__client_account_number", "text"]
    list_select_related = ["account", "by"]
