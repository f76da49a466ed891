"""Migrations that protect the ledger and the audit trail cannot be unapplied."""

from django.db.migrations.exceptions import IrreversibleError


def refuse_reverse(what: str):
    """A reverse for RunPython that refuses: unapplying it would remove `what` from the database."""

    def reverse(apps, schema_editor):
        raise IrreversibleError(f"unapplying this migration would remove {what}, which keep the ledger and the "
                                "audit trail tamper-evident; it is refused (restore a backup instead)")

    return reverse
