"""Promises, plans and settlements in the back office: browse and search; they are agreed, approved and
cancelled through the product, which checks authority and audits each step."""

from django.contrib import admin

from arrears.core.admin_base import ReadOnlyAdmin, ReadOnlyInline

from .models import Arrangement, FinancialStatement, Instalment


class InstalmentInline(ReadOnlyInline):
    model = Instalment
    fields = ["seq", "due_on", "amount_cents", "is_down_payment", "paid_cents", "status"]
    show_change_link = False


@admin.register(Arrangement)
class ArrangementAdmin(ReadOnlyAdmin):
    list_display = ["id", "account", "kind", "status", "total_cents", "frequency", "channel", "created_by",
                    "created_at"]
    list_filter = ["kind", "status", "frequency", "channel"]
    search_fields = ["account__client_account_number"]
    list_select_related = ["account", "created_by"]
    inlines = [InstalmentInline]


@admin.register(Instalment)
class InstalmentAdmin(ReadOnlyAdmin):
    list_display = ["arrangement", "seq", "due_on", "amount_cents", "paid_cents", "status"]
    list_filter = ["status", "is_down_payment"]
    search_fields = ["=arrangement__id", "arrangement__account__client_account_number"]
    list_select_related = ["arrangement"]


@admin.register(FinancialStatement)
class FinancialStatementAdmin(ReadOnlyAdmin):
    list_display = ["debtor", "monthly_income_cents", "monthly_expenses_cents", "monthly_disposable_cents",
                    "recorded_by", "recorded_at"]
    list_select_related = ["debtor", "recorded_by"]
