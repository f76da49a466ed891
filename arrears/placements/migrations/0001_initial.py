"""PlacementBatch moves from the accounts app to this one. Its table keeps its name
(accounts_placementbatch), so no row moves: only Django's state changes, and the model's content type is
renamed so its permissions, and the roles holding them, carry over."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _move(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=target, model="placementbatch").exists():
        ContentType.objects.filter(app_label=source, model="placementbatch").update(app_label=target)


def rename_content_type(apps, schema_editor):
    _move(apps, "accounts", "placements")


def rename_content_type_back(apps, schema_editor):
    _move(apps, "placements", "accounts")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0004_placement_heartbeat'),
        ('clients', '0004_max_amount'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(rename_content_type, rename_content_type_back),
        migrations.SeparateDatabaseAndState(state_operations=[migrations.CreateModel(
            name='PlacementBatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file_name', models.CharField(max_length=255)),
                ('file_sha256', models.CharField(max_length=64)),
                ('content', models.BinaryField(blank=True, help_text='the file as received', null=True)),
                ('skip_bad_rows', models.BooleanField(default=False)),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('validating', 'Validating'), ('writing', 'Writing'), ('imported', 'Imported'), ('duplicate', 'Already imported (nothing changed)'), ('rejected', 'Rejected (nothing imported)'), ('failed', 'Failed (nothing imported)')], default='queued', max_length=12)),
                ('rows_total', models.PositiveIntegerField(default=0)),
                ('rows_checked', models.PositiveIntegerField(default=0)),
                ('rows_imported', models.PositiveIntegerField(default=0)),
                ('rows_already_placed', models.PositiveIntegerField(default=0)),
                ('rows_rejected', models.PositiveIntegerField(default=0)),
                ('errors', models.PositiveIntegerField(default=0)),
                ('warnings', models.PositiveIntegerField(default=0)),
                ('report_csv', models.TextField(blank=True, help_text='file,row,column,severity,problem')),
                ('message', models.CharField(blank=True, max_length=500)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('attempts', models.PositiveSmallIntegerField(default=0, help_text='how many times a worker has taken the file up')),
                ('heartbeat_at', models.DateTimeField(blank=True, help_text='last sign of progress of the import running now; stale means it stopped', null=True)),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='placements', to='clients.client')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'placement batches',
                'db_table': 'accounts_placementbatch',
                'ordering': ['-created_at', '-id'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'imported')), fields=('client', 'file_sha256'), name='placement_file_imported_once')],
            },
        ),
        ], database_operations=[]),
    ]
