"""The administrator's role holds every permission of every arrears table, those added since the roles were
last synced (the hash-chain seals, closed books, job runs, key fingerprints) included, so that each has its
back-office page."""

from django.db import migrations

from arrears.users.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0004_money_permissions"),
        ("core", "0002_keyfingerprint"),
        ("accounts", "0003_party_as_placed"),
        ("arrangements", "0002_initial"),
        ("audit", "0003_event_seals"),
        ("clients", "0004_max_amount"),
        ("compliance", "0004_restriction_client"),
        ("contacts", "0004_message_kind_dialer_discussed"),
        ("debtors", "0004_provenance"),
        ("ledger", "0006_entry_seals"),
        ("payments", "0001_initial"),
        ("remittance", "0002_closed_books"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
