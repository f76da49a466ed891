import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    # Exits with SystemExit(1) when a model changed without a migration to go with it.
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
