"""arrears check_trust: prove the trust account reconciles to the ledger, client by client."""

from django.core.management.base import BaseCommand, CommandError

from arrears.core.money import format_cents
from arrears.remittance.queries import trust_problems, trust_summary


class Command(BaseCommand):
    help = ("Reconcile the trust account to the ledger: per client, cash in trust equals what is owed out of it "
            "(to the client, to the agency, to debtors); exits non-zero and names every difference.")

    def handle(self, *args, **options):
        for row in trust_summary():
            self.stdout.write(
                f"{row['client']:<20} in trust {format_cents(row['trust_cash']):>16}  = client "
                f"{format_cents(row['client_payable']):>14} + commission {format_cents(row['agency_commission']):>12}"
                f" + debtor credits {format_cents(row['debtor_credit']):>10}")
        problems = trust_problems()
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"trust does not reconcile: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
        self.stdout.write("trust reconciles to the ledger")
