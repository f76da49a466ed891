from django.contrib import admin

from arrears.audit import actions as audit

from .actions import save_client
from .models import Client, ClientContact


class ClientContactInline(admin.TabularInline):
    model = ClientContact
    extra = 0


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "active", "collection_mode", "commission_rate_bp", "remittance_cycle",
                    "settlement_floor_bp", "longest_plan_months"]
    list_filter = ["active", "collection_mode", "remittance_cycle", "interest_allowed", "fees_allowed"]
    search_fields = ["code", "name"]
    inlines = [ClientContactInline]
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
