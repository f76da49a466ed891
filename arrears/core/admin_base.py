"""Back-office (Django admin) base classes. Domain rows are changed through actions, so most are read-only here."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browse, filter and search; changes go through the product's actions, which audit them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        # shown, never a form field: some (timestamps set on write) are not editable at all
        return self.fields or [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
