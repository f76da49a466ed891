from django.db import migrations

from arrears.users.roles import sync_role_groups


class Migration(migrations.Migration):
    """Supervisors (and administrators) may retry a placement import that failed or stopped."""

    dependencies = [
        ("users", "0004_money_permissions"),
        ("accounts", "0004_placement_heartbeat"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
