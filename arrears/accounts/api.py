from datetime import date

from ninja import Router, Schema

from arrears.core.errors import InvalidInput
from arrears.core.money import cents_to_decimal_text
from arrears.debtors.api import DebtorOut, debtor_out

from . import queries
from .models import Account, Status

router = Router(tags=["accounts"])
debtors_router = Router(tags=["debtors"])


class AccountSummary(Schema):
    id: int
    number: str
    client: str
    debtor: str
    status: str
    debt_type: str
    placed_on: date
    balance_cents: int
    balance: str


class AccountPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AccountSummary]


class Party(Schema):
    debtor_id: int
    name: str
    role: str


class Itemization(Schema):
    date: date
    basis: str
    amount_cents: int
    interest_cents: int
    fees_cents: int
    payments_cents: int
    credits_cents: int
    current_cents: int


class AccountDetail(AccountSummary):
    original_creditor: str
    original_account_number: str
    opened_on: date | None
    delinquent_on: date | None
    charged_off_on: date | None
    last_payment_on: date | None
    balances_cents: dict[str, int]
    itemization: Itemization
    parties: list[Party]
    linked_account_ids: list[int]
    placement_batch: int | None


def _summary(row: queries.AccountRow) -> AccountSummary:
    return AccountSummary(id=row.id, number=row.number, client=row.client_code, debtor=row.debtor_name,
                          status=row.status, debt_type=row.debt_type, placed_on=row.placed_on,
                          balance_cents=row.balance_cents, balance=cents_to_decimal_text(row.balance_cents))


@router.get("", response=AccountPage, summary="List or search accounts")
def list_accounts(request, q: str = "", client: str = "", status: str = "", limit: int = 50, offset: int = 0):
    """Accounts the caller may see, newest placement first. `q` searches like the search box (name, phone,
    account number, SSN last 4); `client` and `status` filter."""
    limit = max(1, min(limit, 500))
    offset = max(0, offset)
    if q:
        rows = queries.search_accounts(request.user, q, limit=500)
        rows = [r for r in rows if (not client or r.client_code == client) and (not status or r.status == status)]
        return AccountPage(count=len(rows), limit=limit, offset=offset, items=[_summary(r) for r in rows[offset:offset + limit]])
    accounts = queries.visible_accounts(request.user).select_related("client")
    if client:
        accounts = accounts.filter(client__code=client)
    if status:
        if status not in Status.values:
            raise InvalidInput(f"{status!r} is not a status (one of: {', '.join(Status.values)})", field="status")
        accounts = accounts.filter(status=status)
    count = accounts.count()
    page = list(accounts.order_by("-placed_on", "-pk")[offset:offset + limit])
    return AccountPage(count=count, limit=limit, offset=offset, items=[_summary(r) for r in queries.account_rows(page, queries.scope_of(request.user))])


@router.get("/{account_id}", response=AccountDetail, summary="One account with balances, itemization and parties")
def account_detail(request, account_id: int):
    account: Account = queries.access_account(request.user, account_id)
    scope = queries.scope_of(request.user)
    row = queries.account_rows([account], scope)[0]
    balances = queries.account_balances(account)
    parties = queries.parties(account, scope)
    return AccountDetail(
        **_summary(row).dict(),
        original_creditor=account.original_creditor, original_account_number=account.original_account_number,
        opened_on=account.opened_on, delinquent_on=account.delinquent_on, charged_off_on=account.charged_off_on,
        last_payment_on=queries.last_payment(account)[0], balances_cents=balances,
        itemization=Itemization(
            date=account.itemization_on, basis=account.itemization_basis, amount_cents=account.itemization_amount_cents,
            interest_cents=account.itemization_interest_cents, fees_cents=account.itemization_fees_cents,
            payments_cents=account.itemization_payments_cents, credits_cents=account.itemization_credits_cents,
            current_cents=account.itemized_balance_cents),
        parties=[Party(debtor_id=p.debtor.pk, name=p.name, role=p.role) for p in parties],
        linked_account_ids=[r.id for r in queries.linked_accounts(request.user, account)],
        placement_batch=account.placement_id,
    )


@debtors_router.get("/{debtor_id}", response=DebtorOut, summary="A debtor with every contact point (ended ones included)")
def debtor_detail(request, debtor_id: int):
    """SSN/TIN and date of birth are never returned: only the masked last 4 and the birth year. A client user
    gets its own client's side: the identity its placements sent, the contact points they supplied, its consents
    and its accounts."""
    debtor = queries.access_debtor(request.user, debtor_id)
    return debtor_out(queries.debtor_view(request.user, debtor))
