"""Closed books: a client's books closed through a day, which the database itself holds.

No entry for a client may be dated on or before the latest day its books are closed through. PostgreSQL
checks each INSERT (or COPY) into ledger_entry once, after the statement, over the rows it added (a
statement trigger with a transition table: an import of many entries pays for one look-up per client, not
a function call per row); SQLite checks each row before it is inserted. Closed books are append-only like
the entries (no UPDATE, and on PostgreSQL no DELETE). SQLite drops a table's triggers when a migration
rebuilds it: a later migration that alters ledger_entry puts ledger_entry_books_open back.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from arrears.core.migration_guard import refuse_reverse


PG_FORWARD = """
CREATE FUNCTION ledger_refuse_closed_books() RETURNS trigger AS $$
DECLARE
    refused record;
BEGIN
    SELECT added.client_id, added.effective_on, closed.through INTO refused
      FROM (SELECT client_id, MIN(effective_on) AS effective_on FROM added GROUP BY client_id) added
     CROSS JOIN LATERAL (SELECT MAX(through) AS through FROM ledger_closedbooks b
                          WHERE b.client_id = added.client_id) closed
     WHERE added.effective_on <= closed.through
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the books of client % are closed through %: an entry dated % is refused',
            refused.client_id, refused.through, refused.effective_on USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_entry_books_open
    AFTER INSERT ON ledger_entry REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_closed_books();

CREATE TRIGGER ledger_closedbooks_append_only BEFORE UPDATE OR DELETE ON ledger_closedbooks
    FOR EACH ROW EXECUTE FUNCTION arrears_refuse_change();
"""

SQLITE_FORWARD = [
    """CREATE TRIGGER ledger_entry_books_open BEFORE INSERT ON ledger_entry
       WHEN NEW.effective_on <= (SELECT MAX(through) FROM ledger_closedbooks WHERE client_id = NEW.client_id)
       BEGIN SELECT RAISE(ABORT, 'the books of the client are closed through that day: an entry dated on or before it is refused'); END;""",
    """CREATE TRIGGER ledger_closedbooks_no_update BEFORE UPDATE ON ledger_closedbooks
       BEGIN SELECT RAISE(ABORT, 'ledger_closedbooks is append-only: UPDATE refused'); END;""",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_FORWARD:
            schema_editor.execute(sql)




class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0003_allocation_order_commission_rules'),
        ('ledger', '0004_payment_books'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ClosedBooks',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('through', models.DateField()),
                ('closed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='clients.client')),
                ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'closed books',
                'ordering': ['client', '-through'],
                'constraints': [models.UniqueConstraint(fields=('client', 'through'), name='books_closed_once_per_day')],
            },
        ),
        migrations.RunPython(forward, refuse_reverse("the closed-books trigger")),
    ]
