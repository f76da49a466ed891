from django.contrib import admin

from arrears.core.admin_base import ReadOnlyAdmin, ReadOnlyInline

from .models import Address, Debtor, Email, Phone, Provenance


class PhoneInline(ReadOnlyInline):
    model = Phone
    fields = ["e164", "kind", "status", "source", "active", "consent_call", "time_zones"]


class EmailInline(ReadOnlyInline):
    model = Email
    fields = ["address", "status", "source", "active"]


class AddressInline(ReadOnlyInline):
    model = Address
    fields = ["line1", "line2", "city", "state", "zip_code", "status", "source", "active", "time_zones"]


@admin.register(Debtor)
class DebtorAdmin(ReadOnlyAdmin):
    list_display = ["id", "display_name", "kind", "tax_id_masked", "birth_year", "language", "created_at"]
    list_filter = ["kind", "language", "tax_id_kind"]
    search_fields = ["name_key", "business_name", "tax_id_last4", "=id"]
    exclude = ["birth_date_encrypted", "tax_id_encrypted", "tax_id_digest", "identity_digest"]
    readonly_fields = ["tax_id_masked", "birth_date_masked"]
    inlines = [PhoneInline, EmailInline, AddressInline]


@admin.register(Phone)
class PhoneAdmin(ReadOnlyAdmin):
    list_display = ["e164", "debtor", "kind", "status", "source", "active", "consent_call", "added_at"]
    list_filter = ["kind", "status", "source", "active", "consent_call"]
    search_fields = ["e164", "debtor__name_key"]
    list_select_related = ["debtor"]


@admin.register(Email)
class EmailAdmin(ReadOnlyAdmin):
    list_display = ["address", "debtor", "status", "source", "active", "added_at"]
    list_filter = ["status", "source", "active"]
    search_fields = ["address", "debtor__name_key"]
    list_select_related = ["debtor"]


@admin.register(Address)
class AddressAdmin(ReadOnlyAdmin):
    list_display = ["one_line", "debtor", "state", "status", "source", "active", "added_at", "ended_at"]
    list_filter = ["state", "status", "source", "active"]
    search_fields = ["line1", "city", "zip_code", "debtor__name_key"]
    list_select_related = ["debtor"]


@admin.register(Provenance)
class ProvenanceAdmin(ReadOnlyAdmin):
    """Which client supplied which contact point, with the consents given in that relationship."""

    list_display = ["id", "client", "point", "source", "consent_autodialer", "consent_text", "consent_email", "added_at"]
    list_filter = ["source", "consent_autodialer", "consent_text", "consent_email", "client"]
    search_fields = ["phone__e164", "email__address", "address__line1"]
    list_select_related = ["client", "phone", "email", "address"]
