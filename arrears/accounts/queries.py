"""Reads of accounts. `access_account` is the only way a request reaches an account row.

Staff with `accounts.view_all_clients` see every client's accounts; a client user sees only the
accounts of their own client. An account out of reach is reported as not found, never as forbidden,
so that its existence does not leak.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from arrears.debtors.models import Address, Debtor, Email, Phone
from arrears.ledger.queries import balances, total_balances

from .models import Account, AccountDebtor, Role

SEARCH_LIMIT = 50


def visible_accounts(user) -> QuerySet[Account]:
    if not user.is_authenticated or not user.is_active or not user.has_perm("accounts.view_account"):
        return Account.objects.none()
    if user.has_perm("accounts.view_all_clients"):
        return Account.objects.all()
    if user.client_id is None:
        return Account.objects.none()
    return Account.objects.filter(client_id=user.client_id)


def access_account(user, account_id: int, *, for_update: bool = False) -> Account:
    """The account if `user` may see it (and, with for_update, work it), else Http404."""
    if for_update and not user.has_perm("accounts.work_account"):
        raise Http404("no such account")
    try:
        return visible_accounts(user).select_related("client").get(pk=account_id)
    except (Account.DoesNotExist, ValueError, TypeError):
        raise Http404("no such account") from None


def access_debtor(user, debtor_id: int) -> Debtor:
    """A debtor is visible when at least one of their accounts is."""
    if not visible_accounts(user).filter(parties__debtor_id=debtor_id).exists():
        raise Http404("no such debtor")
    return Debtor.objects.get(pk=debtor_id)


@dataclass
class AccountRow:
    id: int
    number: str
    client_code: str
    debtor_name: str
    status: str
    status_label: str
    debt_type: str
    placed_on: object
    balance_cents: int
    other_parties: list[str] = field(default_factory=list)  # co-obligors and guarantors, by name


def account_rows(accounts: list[Account]) -> list[AccountRow]:
    ids = [a.pk for a in accounts]
    totals = total_balances(ids)
    primaries: dict[int, str] = {}
    others: dict[int, list[str]] = {}
    links = AccountDebtor.objects.filter(account_id__in=ids).select_related("debtor").order_by("pk")
    for link in links:
        if link.role == Role.PRIMARY:
            primaries[link.account_id] = link.debtor.display_name
        else:
            others.setdefault(link.account_id, []).append(link.debtor.display_name)
    return [
        AccountRow(a.pk, a.client_account_number, a.client.code, primaries.get(a.pk, "—"), a.status,
                   a.get_status_display(), a.get_debt_type_display(), a.placed_on, totals.get(a.pk, 0),
                   others.get(a.pk, []))
        for a in accounts
    ]


_DIGITS = re.compile(r"\D")


def search_accounts(user, text: str, limit: int = SEARCH_LIMIT) -> list[AccountRow]:
    """Find accounts by debtor name ('smith', 'smith jo', 'john smith'), phone, account number or SSN last 4."""
    text = text.strip()
    if not text:
        return []
    base = visible_accounts(user)
    digits = _DIGITS.sub("", text)
    condition = Q(client_account_number__iexact=text) | Q(original_account_number__iexact=text)
    if len(text) >= 3:
        condition |= Q(client_account_number__istartswith=text)
    if len(digits) == 4 and len(text) <= 5:
        condition |= Q(parties__debtor__tax_id_last4=digits)
    if len(digits) >= 7 and len(digits) >= len(text.replace(" ", "")) - 6:
        e164 = "+1" + digits[-10:] if len(digits) in (10, 11) else "+" + digits
        debtor_ids = Phone.objects.filter(e164=e164).values("debtor_id")
        condition |= Q(parties__debtor_id__in=debtor_ids)
    if "@" in text:
        condition |= Q(parties__debtor_id__in=Email.objects.filter(address__iexact=text).values("debtor_id"))
    elif not digits:
        words = text.lower().replace(",", " ").split()
        # 'smith john' and 'john smith' both find Smith, John; a single word finds last names.
        condition |= Q(parties__debtor__name_key__startswith=" ".join(words))
        if len(words) >= 2:
            condition |= Q(parties__debtor__name_key__startswith=" ".join([words[-1], *words[:-1]]))
        condition |= Q(parties__debtor__business_name__icontains=text)
    ids = list(base.filter(condition).values_list("pk", flat=True).distinct()[: limit])
    accounts = list(Account.objects.filter(pk__in=ids).select_related("client").order_by("-placed_on", "-pk"))
    return account_rows(accounts)


def recent_accounts(user, limit: int = 25) -> list[AccountRow]:
    accounts = list(visible_accounts(user).select_related("client").order_by("-placed_on", "-pk")[:limit])
    return account_rows(accounts)


@dataclass
class PartyView:
    role: str
    role_label: str
    debtor: Debtor
    phones: list[Phone] = field(default_factory=list)
    emails: list[Email] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)

    @property
    def current_address(self) -> Address | None:
        return next((a for a in self.addresses if a.active), None)


def parties(account: Account) -> list[PartyView]:
    """The account's debtors, primary first, each with all their contact points (ended ones too)."""
    links = list(AccountDebtor.objects.filter(account=account).select_related("debtor"))
    order = {Role.PRIMARY: 0, Role.CO_OBLIGOR: 1, Role.GUARANTOR: 2}
    links.sort(key=lambda l: (order[l.role], l.pk))
    views = {l.debtor_id: PartyView(l.role, l.get_role_display(), l.debtor) for l in links}
    for model, attr in ((Phone, "phones"), (Email, "emails"), (Address, "addresses")):
        for point in model.objects.filter(debtor_id__in=views.keys()):
            getattr(views[point.debtor_id], attr).append(point)
    return list(views.values())


def linked_accounts(user, account: Account) -> list[AccountRow]:
    """Other accounts of this account's debtors that the user may see (worked together)."""
    debtor_ids = AccountDebtor.objects.filter(account=account).values("debtor_id")
    others = (visible_accounts(user).filter(parties__debtor_id__in=debtor_ids).exclude(pk=account.pk)
              .select_related("client").distinct().order_by("-placed_on", "-pk"))
    return account_rows(list(others))


def account_balances(account: Account) -> dict[str, int]:
    return balances(account.pk)


def placement_clients(user):
    """The clients a user may import placements for: all active ones for staff, their own for a client user."""
    from arrears.clients.models import Client

    if not user.has_perm("accounts.import_placements"):
        return Client.objects.none()
    clients = Client.objects.filter(active=True)
    if not user.has_perm("accounts.view_all_clients"):
        clients = clients.filter(pk=user.client_id) if user.client_id else Client.objects.none()
    return clients.order_by("code")


def visible_batches(user):
    from .models import PlacementBatch

    if not user.has_perm("accounts.import_placements") and not user.has_perm("accounts.view_placementbatch"):
        return PlacementBatch.objects.none()
    batches = PlacementBatch.objects.defer("content").select_related("client", "created_by")
    if not user.has_perm("accounts.view_all_clients"):
        batches = batches.filter(client_id=user.client_id) if user.client_id else PlacementBatch.objects.none()
    return batches


def access_batch(user, batch_id: int):
    from .models import PlacementBatch

    try:
        return visible_batches(user).get(pk=batch_id)
    except (PlacementBatch.DoesNotExist, ValueError, TypeError):
        raise Http404("no such placement batch") from None
