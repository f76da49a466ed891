"""Contact points by creditor relationship: one Provenance row per (client, phone/email/address), carrying the
consents given in that relationship, which move off the phone and email rows.

Existing points are linked where the client is certain: the debtor has accounts at one client only. A point of
a debtor placed by several clients is left unlinked (the agency's staff see it, no client user does), and its
consent flags, which cannot be told apart by creditor, are dropped: the collector records such a consent
again, for the client it was given for.
"""

import django.db.models.deletion
from django.db import migrations, models


def link_points_to_their_only_client(apps, schema_editor):
    AccountDebtor = apps.get_model("accounts", "AccountDebtor")
    Provenance = apps.get_model("debtors", "Provenance")
    clients: dict[int, set[int]] = {}
    for debtor_id, client_id in AccountDebtor.objects.values_list("debtor_id", "account__client_id").distinct():
        clients.setdefault(debtor_id, set()).add(client_id)
    only = {debtor_id: next(iter(ids)) for debtor_id, ids in clients.items() if len(ids) == 1}
    rows = []
    for name, consents in (("Phone", ("consent_autodialer", "consent_text")), ("Email", ("consent_email",)),
                           ("Address", ())):
        model = apps.get_model("debtors", name)
        for point in model.objects.filter(debtor_id__in=list(only)).iterator():
            rows.append(Provenance(client_id=only[point.debtor_id], source=point.source,
                                   **{name.lower(): point}, **{c: getattr(point, c) for c in consents}))
    Provenance.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0004_max_amount'),
        ('debtors', '0003_phone_kind_work'),
        ('accounts', '0002_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Provenance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(choices=[('placement', 'Placement file'), ('debtor', 'Given by the debtor'), ('client', 'Client update'), ('collector', 'Found by a collector'), ('skip_trace', 'Skip-trace vendor'), ('third_party', 'Third party')], help_text="how this client's side supplied it", max_length=12)),
                ('consent_autodialer', models.BooleanField(default=False, help_text='prior express consent to autodialed/prerecorded calls, given in this relationship')),
                ('consent_text', models.BooleanField(default=False, help_text='consent to texts, given in this relationship')),
                ('consent_email', models.BooleanField(default=False, help_text='consent to email, given in this relationship')),
                ('added_at', models.DateTimeField(auto_now_add=True)),
                ('address', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='provenance', to='debtors.address')),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='clients.client')),
                ('email', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='provenance', to='debtors.email')),
                ('phone', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='provenance', to='debtors.phone')),
            ],
            options={
                'verbose_name_plural': 'provenance',
                'ordering': ['id'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('address__isnull', True), ('email__isnull', True), ('phone__isnull', False)), models.Q(('address__isnull', True), ('email__isnull', False), ('phone__isnull', True)), models.Q(('address__isnull', False), ('email__isnull', True), ('phone__isnull', True)), _connector='OR'), name='provenance_of_one_point'), models.UniqueConstraint(condition=models.Q(('phone__isnull', False)), fields=('client', 'phone'), name='provenance_once_per_client_phone'), models.UniqueConstraint(condition=models.Q(('email__isnull', False)), fields=('client', 'email'), name='provenance_once_per_client_email'), models.UniqueConstraint(condition=models.Q(('address__isnull', False)), fields=('client', 'address'), name='provenance_once_per_client_address')],
            },
        ),
        migrations.RunPython(link_points_to_their_only_client, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='email',
            name='consent_email',
        ),
        migrations.RemoveField(
            model_name='phone',
            name='consent_autodialer',
        ),
        migrations.RemoveField(
            model_name='phone',
            name='consent_text',
        ),
    ]
