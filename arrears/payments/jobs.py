"""The payments domain's periodic jobs, collected by the worker's scheduler (`arrears.core.scheduler`).

Kept and broken arrangements are judged here rather than in arrangements because a kept settlement posts
its write-off, and posting is payments' work; the job keeps the name it has always run under."""

from datetime import time

from arrears.core.scheduler import Job

from .tasks import accrue_interest_all, charge_due_cards, evaluate_all_arrangements, originate_ach_file

JOBS = (
    Job("arrangements.evaluate", time(1, 0), "day", evaluate_all_arrangements,
        "kept and broken: break arrangements with an instalment unpaid past the client's grace days"),
    Job("payments.interest", time(2, 0), "month", accrue_interest_all,
        "accrue interest through yesterday on accounts whose client's contract allows it"),
    Job("payments.cards", time(6, 0), "day", charge_due_cards,
        "charge the cards on file for instalments due today"),
    Job("payments.ach", time(15, 0), "banking_day", originate_ach_file,
        "write the ACH debit file for instalments on bank accounts (before the ODFI's cutoff)"),
)
