from django.db import migrations

from arrears.users.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0002_role_groups"),
        ("compliance", "0003_dial_list_export"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
