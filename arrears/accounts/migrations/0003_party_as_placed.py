"""Each account's party keeps the identity its client placed: name, SSN/TIN last 4 and birth year.

Parties placed before are filled from the debtor's row, the best that is known of what was sent.
"""

from django.db import migrations, models


def fill_from_the_debtor(apps, schema_editor):
    AccountDebtor = apps.get_model("accounts", "AccountDebtor")
    parties = list(AccountDebtor.objects.select_related("debtor").iterator())
    for party in parties:
        d = party.debtor
        party.placed_first_name, party.placed_middle_name, party.placed_last_name = d.first_name, d.middle_name, d.last_name
        party.placed_suffix, party.placed_business_name, party.placed_name_key = d.suffix, d.business_name, d.name_key
        party.placed_tax_id_kind, party.placed_tax_id_last4, party.placed_birth_year = d.tax_id_kind, d.tax_id_last4, d.birth_year
    AccountDebtor.objects.bulk_update(parties, [
        "placed_first_name", "placed_middle_name", "placed_last_name", "placed_suffix", "placed_business_name",
        "placed_name_key", "placed_tax_id_kind", "placed_tax_id_last4", "placed_birth_year"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='accountdebtor',
            name='placed_birth_year',
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='accountdebtor',
            name='placed_business_name',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='accountdebtor',
            name='placed_first_name',
            field=models.CharField(blank=True, max_length=80),
        ),
        migrations.AddField(
            model_name='accountdebtor',
            name='placed_last_name',
            field=models.CharField(blank=True, max_length=80),
        ),
        migrations.AddField(
            model_name='accountdebtor',
            name='placed_middle_name',
            field=models.CharField(blank=True, max_length=80),
        ),
        migrations.AddField(
            model_name='accountdebtor',
            name='placed_name_key',
            field=models.CharField(blank=True, db_index=True, help_text="lower-case 'last first' of the as-placed name, for search", max_length=200),
        ),
        migrations.AddField(
            model_name='accountdebtor',
            name='placed_suffix',
            field=models.CharField(blank=True, max_length=10),
        ),
        migrations.AddField(
            model_name='accountdebtor',
            name='placed_tax_id_kind',
            field=models.CharField(blank=True, max_length=4),
        ),
        migrations.AddField(
            model_name='accountdebtor',
            name='placed_tax_id_last4',
            field=models.CharField(blank=True, db_index=True, max_length=4),
        ),
        migrations.RunPython(fill_from_the_debtor, migrations.RunPython.noop),
    ]
