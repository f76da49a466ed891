"""arrears check_ledger: prove every entry balances and every account's balance is the sum of its postings."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Sum

from arrears.ledger.models import Entry, Posting
from arrears.ledger.queries import entry_sums_not_zero


class Command(BaseCommand):
    help = "Check the ledger's invariants; exits non-zero and lists the entries that break them."

    def handle(self, *args, **options):
        unbalanced = list(entry_sums_not_zero()[:20])
        thin = list(Entry.objects.annotate(n=Count("postings")).filter(n__lt=2).values_list("pk", flat=True)[:20])
        totals = Posting.objects.aggregate(total=Sum("amount_cents"), n=Count("pk"))
        self.stdout.write(f"{Entry.objects.count()} entries, {totals['n']} postings, sum {totals['total'] or 0} cents")
        if unbalanced or thin or (totals["total"] or 0) != 0:
            for row in unbalanced:
                self.stderr.write(f"entry {row['entry_id']} sums to {row['total']} cents")
            for pk in thin:
                self.stderr.write(f"entry {pk} has fewer than two postings")
            raise CommandError("the ledger does not balance")
        self.stdout.write("ledger balances")
