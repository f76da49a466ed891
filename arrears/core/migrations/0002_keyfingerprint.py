from django.db import migrations, models


def record_fingerprint(apps, schema_editor):
    """The digests in the database were made with the key configured now (a new database, or an upgrade run with
    the deployment's own keys)."""
    from arrears.core import crypto

    apps.get_model("core", "KeyFingerprint").objects.update_or_create(
        name="lookup-digest", defaults={"fingerprint": crypto.digest_key_fingerprint()})


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="KeyFingerprint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=40, unique=True)),
                ("fingerprint", models.CharField(max_length=64)),
                ("recorded_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.RunPython(record_fingerprint, migrations.RunPython.noop),
    ]
