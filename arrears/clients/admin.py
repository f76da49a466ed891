from django.contrib import admin

from arrears.audit import actions as audit

from arrears.core.admin_base import ReadOnlyAdmin, ReadOnlyInline

from .actions import save_client
from .models import Client, ClientContact, CommissionRule


class ClientContactInline(admin.TabularInline):
    model = ClientContact
    extra = 0


class CommissionRuleInline(ReadOnlyInline):
    model = CommissionRule
    fields = ["debt_type", "min_age_days", "max_age_days", "rate_bp", "note"]
    show_change_link = False


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "active", "collection_mode", "commission_rate_bp", "remittance_cycle",
                    "settlement_floor_bp", "longest_plan_months"]
    list_filter = ["active", "collection_mode", "remittance_cycle", "interest_allowed", "fees_allowed"]
    search_fields = ["code", "name"]
    inlines = [ClientContactInline, CommissionRuleInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "active", "currency", "collection_mode", "notes"]}),
        ("Contract", {"fields": ["commission_rate_bp", "remittance_cycle", "contract_start"]}),
        ("Collection policy", {"fields": ["settlement_floor_bp", "longest_plan_months", "smallest_instalment_cents",
                                          "interest_allowed", "interest_rate_bp", "fees_allowed",
                                          "returned_payment_fee_cents", "grace_days", "max_amount_cents"]}),
    ]

    def save_model(self, request, obj, form, change):
        save_client(obj, request.user)

    def save_formset(self, request, form, formset, change):
        instances = formset.save()
        for contact in instances:
            audit.record(request.user, "client.contact_saved", contact, f"Client contact {contact} saved")

    def has_delete_permission(self, request, obj=None):
        return False  # clients with accounts are kept; set them inactive instead


@admin.register(ClientContact)
class ClientContactAdmin(ReadOnlyAdmin):
    """Every client's contacts in one list; they are edited on their client's page."""

    list_display = ["name", "client", "title", "email", "phone", "receives_remittance"]
    list_filter = ["client", "receives_remittance"]
    search_fields = ["name", "email"]


@admin.register(CommissionRule)
class CommissionRuleAdmin(ReadOnlyAdmin):
    """Commission rates by debt type and age, per client (set with the client's contract)."""

    list_display = ["client", "debt_type", "min_age_days", "max_age_days", "rate_bp", "note"]
    list_filter = ["client", "debt_type"]
