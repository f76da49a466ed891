"""A restriction records the creditor relationship it was received in; consents count for that client only.

Existing rows: one filed on an account takes that account's client; one filed on the debtor takes the
debtor's only client; a debtor-wide row of a debtor placed by several clients stays without a client (a
consent there counts for no client's account until it is recorded again).
"""

import django.db.models.deletion
from django.db import migrations, models


def fill_the_client(apps, schema_editor):
    Restriction = apps.get_model("compliance", "Restriction")
    AccountDebtor = apps.get_model("accounts", "AccountDebtor")
    for row in Restriction.objects.filter(account__isnull=False).select_related("account"):
        Restriction.objects.filter(pk=row.pk).update(client_id=row.account.client_id)
    clients: dict[int, set[int]] = {}
    for debtor_id, client_id in AccountDebtor.objects.values_list("debtor_id", "account__client_id").distinct():
        clients.setdefault(debtor_id, set()).add(client_id)
    for row in Restriction.objects.filter(account__isnull=True):
        ids = clients.get(row.debtor_id, set())
        if len(ids) == 1:
            Restriction.objects.filter(pk=row.pk).update(client_id=next(iter(ids)))


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0004_max_amount'),
        ('compliance', '0003_dial_list_export'),
    ]

    operations = [
        migrations.AddField(
            model_name='restriction',
            name='client',
            field=models.ForeignKey(blank=True, help_text="the creditor relationship it was received in (the client of the account being worked); a consent counts only for that client's accounts", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='clients.client'),
        ),
        migrations.RunPython(fill_the_client, migrations.RunPython.noop),
    ]
