from django.db import migrations

from arrears.users.roles import sync_role_groups


class Migration(migrations.Migration):
    """Supervisors (and administrators) may retry a placement import that failed or stopped; the placement
    batches' permissions are the placements app's now (its first migration renames their content type)."""

    dependencies = [
        ("users", "0005_back_office_permissions"),
        ("accounts", "0005_placementbatch_moved"),
        ("placements", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
