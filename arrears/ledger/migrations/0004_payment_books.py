"""The books and entry kinds of payments, trust and remittance.

SQLite rebuilds a table to alter a column, which drops its triggers: the append-only triggers of
0003_integrity_triggers are put back afterwards (PostgreSQL alters in place and keeps them).
"""

from django.db import migrations, models

LEDGER_TABLES = ["ledger_entry", "ledger_posting"]


def restore_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in LEDGER_TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END;"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_initial'),
        ('clients', '0003_allocation_order_commission_rules'),
        ('ledger', '0003_integrity_triggers'),
    ]

    operations = [
        migrations.AlterField(
            model_name='entry',
            name='kind',
            field=models.CharField(choices=[('placement', 'Placement (opening balance)'), ('adjustment', 'Balance adjustment'), ('reversal', 'Reversal'), ('payment', 'Payment into trust'), ('direct_payment', 'Payment made to the client directly'), ('interest', 'Interest accrued'), ('fee', 'Fee charged'), ('write_off', 'Balance written off'), ('refund', 'Refund of a credit balance'), ('remittance', 'Remittance to the client and commission transfer')], db_index=True, max_length=16),
        ),
        migrations.AlterField(
            model_name='posting',
            name='book',
            field=models.CharField(choices=[('receivable', 'Debtor receivable (what debtors owe, per account and bucket)'), ('client_placed', "Placed by clients (the clients' claims the agency collects)"), ('trust_cash', 'Trust account: money collected and not yet paid out'), ('client_payable', 'Due to the client from trust (collections net of commission)'), ('agency_trust', "The agency's commission held in trust until transferred"), ('debtor_credit', 'Overpayments owed back to debtors (per account)'), ('due_from_client', 'Due from the client (direct-payment commission, covered reversals)'), ('billed_to_client', 'Billed to the client (the other side of what it owes)')], max_length=20),
        ),
        migrations.AddIndex(
            model_name='posting',
            index=models.Index(fields=['client', 'book'], name='ledger_post_client__bbc5d2_idx'),
        ),
        migrations.AddConstraint(
            model_name='posting',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('book', 'debtor_credit'), _negated=True), ('account__isnull', False), _connector='OR'), name='debtor_credit_posting_names_account'),
        ),
        migrations.RunPython(restore_sqlite_triggers, migrations.RunPython.noop),
    ]
