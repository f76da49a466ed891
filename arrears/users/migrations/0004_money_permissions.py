from django.db import migrations

from arrears.users.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0003_compliance_permissions"),
        ("payments", "0001_initial"),
        ("arrangements", "0002_initial"),
        ("remittance", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
