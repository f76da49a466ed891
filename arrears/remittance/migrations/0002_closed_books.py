"""Closed periods become the ledger's: each closed remittance period closes its client's books through its
last day (`ledger.ClosedBooks`), with when and by whom it was closed. From then on the ledger refuses any
entry dated in a closed period, whoever writes it."""

from django.db import migrations


def close_the_books_of_closed_periods(apps, schema_editor):
    RemittancePeriod = apps.get_model("remittance", "RemittancePeriod")
    ClosedBooks = apps.get_model("ledger", "ClosedBooks")
    closed = set(ClosedBooks.objects.values_list("client_id", "through"))
    ClosedBooks.objects.bulk_create(
        ClosedBooks(client_id=period.client_id, through=period.ends_on, closed_at=period.closed_at,
                    closed_by_id=period.closed_by_id)
        for period in RemittancePeriod.objects.order_by("client_id", "ends_on")
        if (period.client_id, period.ends_on) not in closed)


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0005_closed_books"),
        ("remittance", "0001_initial"),
    ]

    # Closed books are append-only: going back leaves them as they are.
    operations = [migrations.RunPython(close_the_books_of_closed_periods, migrations.RunPython.noop)]
