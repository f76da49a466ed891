"""Database-held invariants of the ledger and the audit log.

PostgreSQL: deferred constraint triggers reject, at commit, any entry whose postings do not sum to zero
or that has fewer than two postings: checked after each posting is inserted, and after each entry is
inserted (so an entry written with no postings at all is refused too). UPDATE and DELETE on entries,
postings and audit events are refused. SQLite: UPDATE is refused (a test database's flush still needs
DELETE there); the balance is enforced by the posting action on every database.
"""

from django.db import migrations

from arrears.core.migration_guard import refuse_reverse

APPEND_ONLY_TABLES = ["ledger_entry", "ledger_posting", "audit_auditevent"]

PG_FORWARD = """
CREATE FUNCTION ledger_check_entry_balanced() RETURNS trigger AS $$
DECLARE
    checked_entry bigint;
    total bigint;
    lines integer;
BEGIN
    IF TG_TABLE_NAME = 'ledger_entry' THEN
        checked_entry := NEW.id;
    ELSE
        checked_entry := NEW.entry_id;
    END IF;
    SELECT COALESCE(SUM(amount_cents), 0), COUNT(*) INTO total, lines
      FROM ledger_posting WHERE entry_id = checked_entry;
    IF total <> 0 OR lines < 2 THEN
        RAISE EXCEPTION 'ledger entry % is unbalanced: % postings summing to % cents', checked_entry, lines, total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER ledger_posting_balanced
    AFTER INSERT ON ledger_posting
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_entry_balanced();

CREATE CONSTRAINT TRIGGER ledger_entry_balanced
    AFTER INSERT ON ledger_entry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_entry_balanced();

CREATE FUNCTION arrears_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
END $$ LANGUAGE plpgsql;
""" + "".join(
    f"""
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION arrears_refuse_change();
"""
    for table in APPEND_ONLY_TABLES
)


def forward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif connection.vendor == "sqlite":
        for table in APPEND_ONLY_TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END;"
            )




class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0002_initial"),
        ("audit", "0002_initial"),
    ]

    operations = [migrations.RunPython(forward, refuse_reverse("the ledger's balance and append-only triggers"))]
