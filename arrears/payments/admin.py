"""Money in the back office: browse and search only. Payments, reversals, adjustments and refunds are posted
through the product (the desk, the API, lockbox and ACH files), which balances the ledger and audits them."""

from django.contrib import admin

from arrears.core.admin_base import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    AchEntry, AchFile, AchReturnFile, Adjustment, Allocation, LockboxImport, Payment, PaymentMethod, Refund,
    Reversal, UnappliedItem,
)


class AllocationInline(ReadOnlyInline):
    model = Allocation
    fields = ["account", "amount_cents", "commission_rate_bp", "commission_cents", "entry"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["id", "received_at", "account", "client", "method", "amount_cents", "status", "reference",
                    "created_by"]
    list_filter = ["status", "method", "client"]
    search_fields = ["account__client_account_number", "reference", "idempotency_key"]
    list_select_related = ["account", "client", "created_by"]
    date_hierarchy = "received_at"
    inlines = [AllocationInline]
    show_full_result_count = False


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["id", "payment", "account", "amount_cents", "commission_rate_bp", "commission_cents", "entry"]
    search_fields = ["account__client_account_number", "=payment__id"]
    list_select_related = ["payment", "account"]
    show_full_result_count = False


@admin.register(Reversal)
class ReversalAdmin(ReadOnlyAdmin):
    list_display = ["payment", "reason", "code", "effective_on", "reversed_at", "reversed_by"]
    list_filter = ["reason", "code"]
    search_fields = ["=payment__id", "note"]
    list_select_related = ["payment", "reversed_by"]


@admin.register(PaymentMethod)
class PaymentMethodAdmin(ReadOnlyAdmin):
    list_display = ["label", "debtor", "kind", "holder_name", "account_last4", "active", "prenoted_on",
                    "authorized_at"]
    list_filter = ["kind", "active", "sec_code"]
    search_fields = ["label", "holder_name", "account_last4"]
    list_select_related = ["debtor"]
    exclude = ["processor_token", "account_number_encrypted"]  # never shown anywhere


@admin.register(Adjustment)
class AdjustmentAdmin(ReadOnlyAdmin):
    list_display = ["id", "effective_on", "account", "kind", "bucket", "amount_cents", "reason", "created_by"]
    list_filter = ["kind", "bucket"]
    search_fields = ["account__client_account_number", "reason"]
    list_select_related = ["account", "created_by"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["id", "created_at", "account", "amount_cents", "method", "reference", "created_by"]
    list_filter = ["method"]
    search_fields = ["account__client_account_number", "reference"]
    list_select_related = ["account", "created_by"]


class AchEntryInline(ReadOnlyInline):
    model = AchEntry
    fields = ["trace_number", "payment_method", "amount_cents", "prenote", "sec_code", "return_code", "change_code"]


@admin.register(AchFile)
class AchFileAdmin(ReadOnlyAdmin):
    list_display = ["name", "created_at", "created_by", "effective_on", "entry_count", "debit_total_cents", "sha256"]
    list_select_related = ["created_by"]
    exclude = ["content"]  # holds full bank account numbers; downloaded from the payments page
    inlines = [AchEntryInline]


@admin.register(AchEntry)
class AchEntryAdmin(ReadOnlyAdmin):
    list_display = ["trace_number", "ach_file", "payment_method", "amount_cents", "prenote", "return_code",
                    "returned_at", "change_code"]
    list_filter = ["prenote", "return_code", "sec_code"]
    search_fields = ["trace_number"]
    list_select_related = ["ach_file", "payment_method"]


@admin.register(AchReturnFile)
class AchReturnFileAdmin(ReadOnlyAdmin):
    list_display = ["name", "imported_at", "imported_by", "returns", "notices_of_change", "sha256"]
    list_select_related = ["imported_by"]


@admin.register(LockboxImport)
class LockboxImportAdmin(ReadOnlyAdmin):
    list_display = ["name", "imported_at", "imported_by", "items", "total_cents", "posted", "unapplied"]
    list_select_related = ["imported_by"]


@admin.register(UnappliedItem)
class UnappliedItemAdmin(ReadOnlyAdmin):
    """Lockbox items no account could be found for; resolved on the payments page."""

    list_display = ["lockbox_import", "row", "deposit_date", "amount_cents", "account_number", "payer_name", "why",
                    "resolved_at", "resolution"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["account_number", "payer_name", "check_number"]
    list_select_related = ["lockbox_import"]
