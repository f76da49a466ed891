"""Decision records are evidence: append-only, like the audit log (PostgreSQL refuses UPDATE and DELETE,
SQLite refuses UPDATE; a test database's flush still needs DELETE there)."""

from django.db import migrations

from arrears.core.migration_guard import refuse_reverse

TABLE = "compliance_decisionrecord"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
                              "FOR EACH ROW EXECUTE FUNCTION arrears_refuse_change();")
    elif vendor == "sqlite":
        schema_editor.execute(f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
                              f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: UPDATE refused'); END;")




class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0001_initial"),
        ("ledger", "0003_integrity_triggers"),
    ]

    operations = [migrations.RunPython(forward, refuse_reverse("the decision records' append-only trigger"))]
