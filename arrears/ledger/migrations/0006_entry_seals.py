"""Seals: the ledger's and the audit trail's hash chains, and TRUNCATE refused.

The links (ledger_entryseal, audit_eventseal) are append-only like the rows they seal. On PostgreSQL,
TRUNCATE of the entries, postings, audit events, decision records, closed books and links is refused by a
statement trigger, as UPDATE and DELETE already are; a session that sets `arrears.allow_truncate` to `on`
(the test suite, which empties its database between tests) may truncate. None of the migrations that put
these protections in place can be reversed: unapplying them would remove the ledger's defences.
"""

from django.db import migrations, models

from arrears.core.migration_guard import refuse_reverse

SEAL_TABLES = ["ledger_entryseal", "audit_eventseal"]
NO_TRUNCATE = ["ledger_entry", "ledger_posting", "ledger_closedbooks", "audit_auditevent",
               "compliance_decisionrecord", *SEAL_TABLES]

PG_FORWARD = """
CREATE FUNCTION arrears_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('arrears.allow_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$ LANGUAGE plpgsql;
""" + "".join(f"""
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION arrears_refuse_change();
""" for table in SEAL_TABLES) + "".join(f"""
CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION arrears_refuse_truncate();
""" for table in NO_TRUNCATE)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        for table in SEAL_TABLES:
            schema_editor.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                                  f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END;")


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0005_closed_books"),
        ("audit", "0003_event_seals"),
        ("compliance", "0002_decisions_append_only"),
    ]

    operations = [
        migrations.CreateModel(
            name="EntrySeal",
            fields=[
                ("seq", models.BigAutoField(primary_key=True, serialize=False)),
                ("row_id", models.BigIntegerField(unique=True)),
                ("link", models.CharField(max_length=64)),
                ("sealed_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={"ordering": ["seq"]},
        ),
        migrations.RunPython(forward, refuse_reverse("the hash chains and the TRUNCATE triggers")),
    ]
