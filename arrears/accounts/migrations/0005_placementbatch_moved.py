"""PlacementBatch now belongs to the placements app (same table); the account's link to it follows."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_placement_heartbeat'),
        ('placements', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='account',
                    name='placement',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                            related_name='accounts', to='placements.placementbatch'),
                ),
                migrations.DeleteModel(name='PlacementBatch'),
            ],
            database_operations=[],
        ),
    ]
