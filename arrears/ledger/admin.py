from django.contrib import admin

from arrears.core.admin_base import ReadOnlyAdmin, ReadOnlyInline

from .models import Entry, Posting


class PostingInline(ReadOnlyInline):
    model = Posting
    fields = ["book", "account", "bucket", "amount_cents"]
    show_change_link = False


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "effective_on", "client", "account", "memo", "created_by", "created_at"]
    list_filter = ["kind", "client", ("effective_on", admin.DateFieldListFilter)]
    search_fields = ["memo", "account__client_account_number", "idempotency_key"]
    list_select_related = ["client", "account", "created_by"]
    inlines = [PostingInline]
    show_full_result_count = False


@admin.register(Posting)
class PostingAdmin(ReadOnlyAdmin):
    list_display = ["id", "entry", "book", "account", "bucket", "amount_cents"]
    list_filter = ["book", "bucket", "client"]
    search_fields = ["account__client_account_number", "=entry__id"]
    list_select_related = ["entry", "account"]
    show_full_result_count = False
