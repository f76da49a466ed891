"""Double-entry ledger. Balances are sums of postings; nothing stores a balance as a free number.

Amounts are signed integer cents: debit positive, credit negative. Every entry's postings sum to zero.
Entries and postings are append-only; a correction is a new entry that reverses the old one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from arrears.core import money


class Book(models.TextChoices):
    """The chart of accounts. Each posting names its book; debt-level books also name the account and bucket.

    Three groups each sum to zero on their own, which `arrears check_trust` proves:
    - the inventory, per account: receivable (what the debtor owes) against client_placed (the client's claim);
    - the trust account, per client: trust_cash against what is owed out of it: client_payable (the client's
      share of collections), agency_trust (the agency's commission, until transferred) and debtor_credit
      (overpayments to refund);
    - what the client owes the agency: due_from_client (commission on payments made to the client directly,
      and reversals of money already remitted that the agency covered in trust) against billed_to_client.
    """

    RECEIVABLE = "receivable", "Debtor receivable (what debtors owe, per account and bucket)"
    CLIENT_PLACED = "client_placed", "Placed by clients (the clients' claims the agency collects)"
    TRUST_CASH = "trust_cash", "Trust account: money collected and not yet paid out"
    CLIENT_PAYABLE = "client_payable", "Due to the client from trust (collections net of commission)"
    AGENCY_TRUST = "agency_trust", "The agency's commission held in trust until transferred"
    DEBTOR_CREDIT = "debtor_credit", "Overpayments owed back to debtors (per account)"
    DUE_FROM_CLIENT = "due_from_client", "Due from the client (direct-payment commission, covered reversals)"
    BILLED_TO_CLIENT = "billed_to_client", "Billed to the client (the other side of what it owes)"


TRUST_BOOKS = (Book.TRUST_CASH, Book.CLIENT_PAYABLE, Book.AGENCY_TRUST, Book.DEBTOR_CREDIT)


Bucket = models.TextChoices("Bucket", [(name.upper(), (name, name.capitalize())) for name in money.BUCKETS])


BUCKET_ORDER = [Bucket.PRINCIPAL, Bucket.INTEREST, Bucket.FEES, Bucket.COSTS]


class EntryKind(models.TextChoices):
    PLACEMENT = "placement", "Placement (opening balance)"
    ADJUSTMENT = "adjustment", "Balance adjustment"
    REVERSAL = "reversal", "Reversal"
    PAYMENT = "payment", "Payment into trust"
    DIRECT_PAYMENT = "direct_payment", "Payment made to the client directly"
    INTEREST = "interest", "Interest accrued"
    FEE = "fee", "Fee charged"
    WRITE_OFF = "write_off", "Balance written off"
    REFUND = "refund", "Refund of a credit balance"
    REMITTANCE = "remittance", "Remittance to the client and commission transfer"


class Entry(models.Model):
    kind = models.CharField(max_length=16, choices=EntryKind.choices, db_index=True)
    memo = models.CharField(max_length=300)
    account = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    effective_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    idempotency_key = models.CharField(max_length=120, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-effective_on", "-id"]
        verbose_name_plural = "entries"

    def __str__(self):
        return f"#{self.pk} {self.kind} {self.memo}"


class Posting(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="postings")
    book = models.CharField(max_length=20, choices=Book.choices)
    account = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="postings"
    )
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    bucket = models.CharField(max_length=10, choices=Bucket.choices, blank=True)
    amount_cents = models.BigIntegerField(help_text="debit positive, credit negative")

    class Meta:
        indexes = [models.Index(fields=["account", "book", "bucket"]), models.Index(fields=["client", "book"])]
        constraints = [
            models.CheckConstraint(condition=~Q(amount_cents=0), name="posting_not_zero"),
            models.CheckConstraint(
                condition=~Q(book="receivable") | (Q(account__isnull=False) & ~Q(bucket="")),
                name="receivable_posting_names_account_and_bucket",
            ),
            models.CheckConstraint(condition=~Q(book="debtor_credit") | Q(account__isnull=False),
                                   name="debtor_credit_posting_names_account"),
        ]

    def __str__(self):
        return f"{self.book}/{self.bucket or '-'} {self.amount_cents}"


class ClosedBooks(models.Model):
    """A client's books closed through a day (a remittance period closed): no entry for the client may be
    dated on or before it, which the database itself refuses. Rows are only ever added; the books are
    closed through the latest `through`."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    through = models.DateField()
    closed_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")

    class Meta:
        ordering = ["client", "-through"]
        verbose_name_plural = "closed books"
        constraints = [models.UniqueConstraint(fields=["client", "through"], name="books_closed_once_per_day")]

    def __str__(self):
        return f"client {self.client_id} closed through {self.through}"


class EntrySeal(models.Model):
    """A link of the ledger's hash chain: the entry (with its postings) sealed after the link before it.

    Written only by `seal_entries`; append-only like the entries. `row_id` is the entry's id, kept without a
    foreign key so that a deleted entry leaves its link behind, where `check_ledger` finds it.
    """

    seq = models.BigAutoField(primary_key=True)
    row_id = models.BigIntegerField(unique=True)
    link = models.CharField(max_length=64)
    sealed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]

    def __str__(self):
        return f"link {self.seq}: entry #{self.row_id}"
