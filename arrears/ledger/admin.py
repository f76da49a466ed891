from django.contrib import admin

from arrears.core.admin_base import ReadOnlyAdmin, ReadOnlyInline

from .models import ClosedBooks, Entry, EntrySeal, Posting


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


@admin.register(ClosedBooks)
class ClosedBooksAdmin(ReadOnlyAdmin):
    list_display = ["client", "through", "closed_at", "closed_by"]
    list_filter = ["client"]
    list_select_related = ["client", "closed_by"]


@admin.register(EntrySeal)
class EntrySealAdmin(ReadOnlyAdmin):
    """The ledger's hash chain: one link per entry with its postings (`arrears check_ledger` verifies it)."""

    list_display = ["seq", "row_id", "link", "sealed_at"]
    search_fields = ["=row_id", "link"]
    show_full_result_count = False
