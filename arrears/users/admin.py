from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from arrears.audit import actions as audit
from arrears.core.admin_base import ReadOnlyAdmin

from .models import ApiToken, User


@admin.register(User)
class ArrearsUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "role_label", "client", "is_active", "last_login"]
    list_filter = ["groups", "is_active", "client"]
    fieldsets = UserAdmin.fieldsets + (("Client user", {"fields": ["client"]}),)

    @admin.display(description="role")
    def role_label(self, obj):
        return obj.role_label

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = list(form.changed_data)
        if "password" in changed:
            changed[changed.index("password")] = "password (changed)"
        audit.record(request.user, "user.changed" if change else "user.created", obj,
                     f"User {obj.username} {'changed' if change else 'created'} in the back office: {', '.join(changed)}",
                     after={"fields": changed})

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: audit rows and contact history name the user


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["prefix", "name", "user__username"]
    exclude = ["digest"]
