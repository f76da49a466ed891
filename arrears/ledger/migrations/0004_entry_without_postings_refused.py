"""PostgreSQL: an entry must balance at commit even when no posting of it was ever inserted.

The check of 0003 runs after each posting is inserted, so an entry row written alone (no postings at
all) was never checked. The same check now also runs, deferred, after each entry is inserted.
"""

from django.db import migrations

PG_FORWARD = """
CREATE FUNCTION ledger_check_new_entry_balanced() RETURNS trigger AS $$
DECLARE
    total bigint;
    lines integer;
BEGIN
    SELECT COALESCE(SUM(amount_cents), 0), COUNT(*) INTO total, lines
      FROM ledger_posting WHERE entry_id = NEW.id;
    IF total <> 0 OR lines < 2 THEN
        RAISE EXCEPTION 'ledger entry % is unbalanced: % postings summing to % cents', NEW.id, lines, total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER ledger_entry_balanced
    AFTER INSERT ON ledger_entry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_new_entry_balanced();
"""

PG_REVERSE = """
DROP TRIGGER IF EXISTS ledger_entry_balanced ON ledger_entry;
DROP FUNCTION IF EXISTS ledger_check_new_entry_balanced();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_integrity_triggers")]

    operations = [migrations.RunPython(forward, reverse)]
