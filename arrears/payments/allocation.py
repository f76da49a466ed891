"""How a payment is applied: across a debtor's accounts, then across each account's buckets. Pure Python.

Across accounts: the collector's split when given; otherwise the account it was taken on, then the debtor's
other open accounts with the same client, oldest debt first. A disputed debt gets nothing (12 CFR
1006.30(c)(1)); a split the debtor directed is followed otherwise (1006.30(c)(2)). Within an account, the
client's waterfall (default fees, costs, interest, principal). Whatever is left after every balance is a
credit to refund, kept on the account it was taken on.
"""

from dataclasses import dataclass, field
from datetime import date

from arrears.core.errors import InvalidInput
from arrears.core.money import BUCKETS as BUCKET_NAMES
from arrears.core.money import COSTS, FEES, INTEREST, PRINCIPAL

DEFAULT_ORDER = (FEES, COSTS, INTEREST, PRINCIPAL)
BUCKETS = frozenset(BUCKET_NAMES)


@dataclass(frozen=True)
class Debt:
    account_id: int
    number: str
    client_id: int
    balances: dict[str, int]            # bucket -> cents owed
    oldest_on: date                     # charge-off, else delinquency, else placement: older is paid first
    order: tuple[str, ...] = DEFAULT_ORDER
    disputed: bool = False

    @property
    def balance_cents(self) -> int:
        return sum(self.balances.values())


@dataclass
class Applied:
    account_id: int
    by_bucket: dict[str, int]

    @property
    def amount_cents(self) -> int:
        return sum(self.by_bucket.values())


@dataclass
class Plan:
    applied: list[Applied] = field(default_factory=list)
    credit_cents: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (account id, why)


def parse_order(text: str) -> tuple[str, ...]:
    """A client's "fees,costs,interest,principal"; every bucket exactly once."""
    order = tuple(part.strip() for part in text.split(",") if part.strip())
    if sorted(order) != sorted(BUCKETS):
        raise InvalidInput(f"the allocation order must name {', '.join(sorted(BUCKETS))} once each, not {text!r}",
                           field="allocation_order")
    return order


def waterfall(amount_cents: int, balances: dict[str, int], order=DEFAULT_ORDER) -> tuple[dict[str, int], int]:
    """Apply up to `amount_cents` to the buckets in `order`; returns (cents per bucket, what is left)."""
    left, applied = amount_cents, {}
    for bucket in order:
        owed = max(0, balances.get(bucket, 0))
        take = min(owed, left)
        if take:
            applied[bucket] = take
            left -= take
    return applied, left


def allocate(amount_cents: int, taken_on: Debt, others: list[Debt], *, split: dict[int, int] | None = None) -> Plan:
    """Where `amount_cents` goes. `others` are the debtor's other open accounts; `split`, when given, is the
    cents per account id the debtor directed, which must add up to the amount."""
    if amount_cents <= 0:
        raise InvalidInput("a payment must be more than zero", field="amount")
    debts = {d.account_id: d for d in [taken_on, *others]}
    plan = Plan()
    if split:
        return _split(amount_cents, debts, split, taken_on, plan)
    queue = [taken_on] + sorted((d for d in others if d.client_id == taken_on.client_id),
                                key=lambda d: (d.oldest_on, d.account_id))
    left = amount_cents
    for debt in queue:
        if left == 0:
            break
        if debt.disputed:
            plan.skipped.append((debt.account_id, "disputed: no payment is applied to it (12 CFR 1006.30(c)(1))"))
            continue
        by_bucket, left = waterfall(left, debt.balances, debt.order)
        if by_bucket:
            plan.applied.append(Applied(debt.account_id, by_bucket))
    plan.credit_cents = left
    return plan


def _split(amount_cents: int, debts: dict[int, Debt], split: dict[int, int], taken_on: Debt, plan: Plan) -> Plan:
    if any(cents < 0 for cents in split.values()):
        raise InvalidInput("a split cannot be negative", field="split")
    if sum(split.values()) != amount_cents:
        raise InvalidInput(f"the split adds up to {sum(split.values())} cents, not the payment's {amount_cents}",
                           field="split")
    for account_id, cents in split.items():
        debt = debts.get(account_id)
        if debt is None:
            raise InvalidInput("the split names an account that is not this debtor's", field="split")
        if cents == 0:
            continue
        if debt.disputed:
            raise InvalidInput(f"{debt.number} is disputed: no payment may be applied to it (12 CFR 1006.30(c)(1))",
                               field="split")
        by_bucket, left = waterfall(cents, debt.balances, debt.order)
        if left and account_id != taken_on.account_id:
            raise InvalidInput(f"{debt.number} owes {debt.balance_cents} cents; the split gives it {cents}", field="split")
        if by_bucket:
            plan.applied.append(Applied(account_id, by_bucket))
        plan.credit_cents += left
    return plan
