"""Money in the demo: payments of every kind in the last weeks, a returned check, plans on cards and bank
accounts, promises, settlements paid and offers waiting for a supervisor, a lockbox file with an item to
apply, and a closed remittance period per client. Written through the payment, arrangement and remittance
actions, so the demo's books are what the product itself would have written."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from arrears.accounts.models import OPEN_STATUSES, Account
from arrears.clients.models import Client
from arrears.arrangements.actions import create_arrangement
from arrears.core.errors import ArrearsError
from arrears.ledger.queries import balances
from arrears.payments.actions import post_payment, reverse_payment
from arrears.payments.actions.lockbox import import_lockbox
from arrears.payments.actions.methods import add_bank_account, add_card
from arrears.payments.lockbox import LockboxItem, to_csv
from arrears.remittance.actions import close_period

MAX_ACCOUNTS = 600  # keeps `make demo` quick whatever the portfolio's size
SAID_CARD = "Debtor read the card details on a recorded call and agreed to charges on the plan's due dates."
SAID_BANK = "Debtor authorised debits of this account on a recorded call (TEL), on the plan's due dates."


@dataclass
class MoneyResult:
    payments: int = 0
    arrangements: int = 0
    periods: int = 0


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _owed(account: Account) -> int:
    return sum(balances(account.pk).values())


def write_money(accounts: list[Account], collector, supervisor, rng: random.Random, seed: int) -> MoneyResult:
    """Money on some of `accounts` (the ones the demo worked); `seed` makes every idempotency key its own."""
    result = MoneyResult()
    today = timezone.localdate()
    open_accounts = [a for a in accounts if a.status in OPEN_STATUSES]
    rng.shuffle(open_accounts)
    open_accounts = [a for a in open_accounts[:MAX_ACCOUNTS] if _owed(a) > 0]
    n = len(open_accounts)
    paying, planning = open_accounts[: n // 6], open_accounts[n // 6: n // 6 + n // 10]
    settling, waiting = open_accounts[n // 6 + n // 10: n // 6 + n // 10 + max(1, n // 40)], open_accounts[-2:]
    for i, account in enumerate(paying):
        result.payments += _past_payments(account, collector, supervisor, rng, seed, today, returned=i % 9 == 4)
    for i, account in enumerate(planning):
        result.arrangements += _plan(account, collector, rng, today, kind="plan" if i % 3 else "promise", ach=i == 1)
    for account in settling:
        result.arrangements += _settle(account, supervisor, seed, today)
    for account in waiting:
        result.arrangements += _offer_past_authority(account, collector, today)
    result.payments += _lockbox(open_accounts[:6], supervisor, seed, today)
    for client_id in sorted({a.client_id for a in accounts}):
        try:
            close_period(Client.objects.get(pk=client_id), supervisor, ends_on=today - timedelta(days=8))
            result.periods += 1
        except ArrearsError:
            pass  # nothing to close for this client yet
    return result


def _past_payments(account, collector, supervisor, rng, seed, today, *, returned: bool) -> int:
    start = account.placed_on + timedelta(days=3)
    if start >= today:
        return 0
    posted = 0
    for n in range(rng.choice((1, 1, 2, 3))):
        owed = _owed(account)
        if owed <= 500:
            break
        day = start + timedelta(days=rng.randrange(max(1, (today - start).days)))
        method = rng.choice(("check", "card", "card", "money_order", "lockbox", "direct"))
        cents = max(500, min(owed, int(owed * rng.uniform(0.05, 0.3)) // 100 * 100))
        reference = str(rng.randrange(1000, 9999))
        instrument = {"check": f"Check #{reference}", "money_order": f"Money order #{reference}",
                      "card": "Visa ····4242", "lockbox": f"Check #{reference}"}.get(method, "")
        try:
            payment = post_payment(account, collector, amount_cents=cents, method=method,
                                   idempotency_key=f"demo:{seed}:{account.pk}:{n}", received_at=_noon(day),
                                   reference=reference, instrument=instrument)
        except ArrearsError:
            continue
        posted += 1
        if returned and method == "check" and day + timedelta(days=6) < today:
            reverse_payment(payment, supervisor, reason="nsf", note="the bank returned it unpaid",
                            effective_on=day + timedelta(days=6))
    return posted


def _plan(account, collector, rng, today, *, kind: str, ach: bool) -> int:
    debtor = account.parties.filter(role="primary").get().debtor
    method = None
    try:
        if ach:
            method = add_bank_account(debtor, collector, holder_name=debtor.display_name, routing_number="091000019",
                                      account_number=str(rng.randrange(10**8, 10**9)), account_type="checking",
                                      sec_code="CCD" if debtor.kind == "business" else "TEL", authorization=SAID_BANK)
        elif kind == "plan" and rng.random() < 0.6:
            method = add_card(debtor, collector, number="4242424242424242", exp_month=rng.randint(1, 12),
                              exp_year=today.year + rng.randint(1, 4), cvc="123", holder_name=debtor.display_name,
                              authorization=SAID_CARD)
        first_due = today + timedelta(days=rng.randint(0, 14))
        if kind == "promise":
            owed = _owed(account)
            create_arrangement(account, collector, kind="promise", first_due=first_due, channel="check",
                               amount_cents=max(2500, owed // 4 // 100 * 100) if owed > 2500 else owed)
        else:
            create_arrangement(account, collector, kind="plan", first_due=first_due,
                               channel="ach" if ach else ("card" if method else "check"), frequency="monthly",
                               count=rng.choice((3, 6, 9, 12)), payment_method=method)
    except ArrearsError:
        return 0
    return 1


def _settle(account, supervisor, seed, today) -> int:
    owed = _owed(account)
    amount = owed * 3 // 4
    try:
        settlement = create_arrangement(account, supervisor, kind="settlement", first_due=today, channel="card",
                                        settlement_cents=amount)
        post_payment(account, supervisor, amount_cents=amount, method="card", idempotency_key=f"demo:{seed}:s{account.pk}",
                     instrument="Mastercard ····4444", arrangement=settlement)
    except ArrearsError:
        return 0
    return 1


def _offer_past_authority(account, collector, today) -> int:
    try:
        create_arrangement(account, collector, kind="settlement", first_due=today + timedelta(days=3), channel="check",
                           settlement_cents=_owed(account) * 70 // 100)
    except ArrearsError:
        return 0
    return 1


def _lockbox(accounts, supervisor, seed, today) -> int:
    day = today - timedelta(days=1)
    items = []
    for i, account in enumerate(accounts[:5], start=1):
        cents = min(_owed(account), 2500 * i)
        if cents <= 0:
            continue
        items.append(LockboxItem(row=0, deposit_date=day, batch=f"{day:%Y%m%d}-{seed}", item=str(i), amount_cents=cents,
                                 account_number=account.client_account_number, client_code=account.client.code,
                                 instrument="check", check_number=str(3100 + i), payer_name="", routing_last4="",
                                 account_last4="", note=""))
    items.append(LockboxItem(row=0, deposit_date=day, batch=f"{day:%Y%m%d}-{seed}", item=str(len(items) + 1),
                             amount_cents=4000, account_number="", client_code="", instrument="money_order",
                             check_number="77-1029", payer_name="J. Doe", routing_last4="", account_last4="",
                             note="coupon missing"))
    result = import_lockbox(f"lockbox-{day:%Y%m%d}.csv", to_csv(items), supervisor)
    return result.imported.posted
