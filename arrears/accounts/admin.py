from django.contrib import admin

from arrears.core.admin_base import ReadOnlyAdmin, ReadOnlyInline

from .models import Account, AccountDebtor, StatusChange


class PartyInline(ReadOnlyInline):
    model = AccountDebtor
    fields = ["debtor", "role"]


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["at", "from_status", "to_status", "reason", "by"]


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ["client_account_number", "client", "status", "debt_type", "placed_on", "itemization_on",
                    "original_creditor", "assigned_to"]
    list_filter = ["status", "debt_type", "client", "itemization_basis", ("placed_on", admin.DateFieldListFilter)]
    search_fields = ["client_account_number", "original_account_number", "original_creditor", "parties__debtor__name_key"]
    list_select_related = ["client", "assigned_to"]
    date_hierarchy = "placed_on"
    inlines = [PartyInline, StatusChangeInline]
    show_full_result_count = False


@admin.register(AccountDebtor)
class AccountDebtorAdmin(ReadOnlyAdmin):
    """Who owes each account, and the identity the client placed them with."""

    list_display = ["account", "debtor", "role", "placed_first_name", "placed_last_name", "placed_business_name"]
    list_filter = ["role"]
    search_fields = ["account__client_account_number", "placed_name_key"]
    list_select_related = ["account", "debtor"]
    show_full_result_count = False


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "account", "from_status", "to_status", "reason", "by"]
    list_filter = ["to_status", "from_status"]
    search_fields = ["account__client_account_number", "reason"]
    list_select_related = ["account", "by"]
