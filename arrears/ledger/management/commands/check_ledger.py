"""arrears check_ledger: prove every entry balances, every account's balance is the sum of its postings, and
the ledger's and the audit trail's hash chains hold; then seal what was written since the last seal."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Sum

from arrears.audit.actions import AUDIT_CHAIN, seal_events
from arrears.core.seals import verify
from arrears.ledger.actions import LEDGER_CHAIN, seal_entries
from arrears.ledger.models import Entry, Posting
from arrears.ledger.queries import entry_sums_not_zero


class Command(BaseCommand):
    help = ("Check the ledger's invariants and the hash chains of the ledger and the audit trail; exits non-zero "
            "and names the entries that break them, or the first broken link. Then seals the rows written since "
            "the last seal (--no-seal to only check).")

    def add_arguments(self, parser):
        parser.add_argument("--no-seal", action="store_true", help="check only; seal nothing")

    def handle(self, *args, **options):
        problems = []
        unbalanced = list(entry_sums_not_zero()[:20])
        thin = list(Entry.objects.annotate(n=Count("postings")).filter(n__lt=2).values_list("pk", flat=True)[:20])
        totals = Posting.objects.aggregate(total=Sum("amount_cents"), n=Count("pk"))
        self.stdout.write(f"{Entry.objects.count()} entries, {totals['n']} postings, sum {totals['total'] or 0} cents")
        problems += [f"entry {row['entry_id']} sums to {row['total']} cents" for row in unbalanced]
        problems += [f"entry {pk} has fewer than two postings" for pk in thin]
        if (totals["total"] or 0) != 0:
            problems.append(f"all postings sum to {totals['total']} cents, not 0")
        for chain in (LEDGER_CHAIN, AUDIT_CHAIN):
            report = verify(chain)
            if report.broken is not None:
                problems.append(f"the chain of {report.name} is broken at {report.broken} "
                                f"({report.links} links before it hold)")
            else:
                self.stdout.write(f"{report.name}: {report.links} links hold, head {report.head[:16]}, "
                                  f"{report.unsealed} not yet sealed")
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError("the ledger does not balance" if unbalanced or thin else
                               "the ledger or the audit trail was changed outside arrears")
        self.stdout.write("ledger balances")
        if not options["no_seal"]:
            entries, events = seal_entries(), seal_events()
            self.stdout.write(f"sealed {entries} entries and {events} audit events")
