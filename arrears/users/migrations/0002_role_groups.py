from django.db import migrations

from arrears.users.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0001_initial"),
        ("accounts", "0002_initial"),
        ("audit", "0002_initial"),
        ("clients", "0001_initial"),
        ("contacts", "0003_initial"),
        ("debtors", "0002_initial"),
        ("ledger", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
