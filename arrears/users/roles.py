"""Roles are Django groups with a fixed set of permissions; migrations call `sync_role_groups`.

A later capability that adds permissions adds them here and ships a migration calling the sync again.
"""

COLLECTOR = "collector"
SENIOR_COLLECTOR = "senior_collector"
SUPERVISOR = "supervisor"
ADMIN = "admin"
CLIENT_USER = "client_user"

ROLE_LABELS = {
    COLLECTOR: "Collector",
    SENIOR_COLLECTOR: "Senior collector",
    SUPERVISOR: "Supervisor",
    ADMIN: "Administrator",
    CLIENT_USER: "Client user",
}

_COLLECTOR = {
    "accounts.view_account",
    "accounts.work_account",
    "accounts.view_all_clients",
    "debtors.view_debtor",
    "clients.view_client",
    "contacts.view_contactattempt",
    "contacts.view_note",
    "compliance.record_restriction",
    "compliance.view_restriction",
    "compliance.view_decisionrecord",
    "payments.view_payment",
    "payments.add_payment",
    "payments.add_paymentmethod",
    "payments.view_paymentmethod",
    "arrangements.view_arrangement",
    "arrangements.add_arrangement",
    "arrangements.add_financialstatement",
    "arrangements.view_financialstatement",
}
_SENIOR = _COLLECTOR | {"accounts.change_account_status", "arrangements.change_arrangement"}
_SUPERVISOR = _SENIOR | {
    "accounts.import_placements",
    "accounts.retry_placements",
    "placements.view_placementbatch",
    "audit.view_auditevent",
    "ledger.view_entry",
    "ledger.view_posting",
    "users.view_user",
    "clients.change_client",
    "clients.view_clientcontact",
    "compliance.override_decision",
    "compliance.add_diallistexport",
    "compliance.view_diallistexport",
    "payments.add_reversal",
    "payments.add_adjustment",
    "payments.add_refund",
    "arrangements.approve_arrangement",
    "remittance.view_remittanceperiod",
    "remittance.close_remittance",
}
_CLIENT = {"accounts.view_account", "accounts.import_placements", "placements.view_placementbatch", "debtors.view_debtor",
           "remittance.view_own_remittance"}

# "*" = every permission of arrears' own apps and of auth (the back office's user management).
ROLE_PERMISSIONS: dict[str, set[str] | str] = {
    COLLECTOR: _COLLECTOR,
    SENIOR_COLLECTOR: _SENIOR,
    SUPERVISOR: _SUPERVISOR,
    ADMIN: "*",
    CLIENT_USER: _CLIENT,
}
STAFF_SITE_ROLES = {SUPERVISOR, ADMIN}  # may open the Django admin (back office)
ARREARS_APPS = ("core", "audit", "users", "clients", "debtors", "ledger", "accounts", "placements", "contacts", "compliance", "payments",
                "arrangements", "remittance", "auth")


def role_of(user) -> str | None:
    names = {g.name for g in user.groups.all()}
    for role in (ADMIN, SUPERVISOR, SENIOR_COLLECTOR, COLLECTOR, CLIENT_USER):
        if role in names:
            return role
    return None


def sync_role_groups(apps, schema_editor=None) -> None:
    """Create or update one group per role with exactly its permissions. Safe to run repeatedly."""
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        # Migration-state app configs have no models module, and create_permissions skips those.
        original = getattr(config, "models_module", None)
        config.models_module = original or True
        try:
            create_permissions(config, apps=apps, verbosity=0)
        finally:
            config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    every = Permission.objects.filter(content_type__app_label__in=ARREARS_APPS)
    for role, wanted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        if wanted == "*":
            group.permissions.set(every)
            continue
        perms = []
        for dotted in sorted(wanted):
            app_label, codename = dotted.split(".")
            perms.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(perms)
