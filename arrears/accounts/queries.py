"""Reads of accounts. `access_account` is the only way a request reaches an account row.

Staff with `accounts.view_all_clients` see every client's accounts; a client user sees only the
accounts of their own client. An account out of reach is reported as not found, never as forbidden,
so that its existence does not leak.

A debtor placed by two clients is one Debtor row to the agency. What a client user is shown of that debtor
is its own client's side only (`scope_of`): the identity its placement sent (the party's as-placed name,
SSN last 4, birth year), the contact points its placements supplied or that were given while its accounts
were worked (debtors' Provenance), never the agency's skip-traced finds, the debtor's financial notes, nor
anything of another client's accounts. See docs/security.md, "Client users see".
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from arrears.debtors import queries as debtor_queries
from arrears.debtors.models import Address, Debtor, Email, Phone, Provenance
from arrears.ledger.queries import balances, last_paid_on, total_balances

from .models import Account, AccountDebtor, Role

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class Scope:
    """Whose side of the data a user sees: `client_id` None for the agency's staff (every client's), else
    one client's (0 for a user with no client, who sees nothing)."""

    client_id: int | None

    @property
    def is_client(self) -> bool:
        return self.client_id is not None


STAFF = Scope(None)


def scope_of(user) -> Scope:
    if user.has_perm("accounts.view_all_clients"):
        return STAFF
    return Scope(user.client_id or 0)


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


def account_rows(accounts: list[Account], scope: Scope = STAFF) -> list[AccountRow]:
    """Rows for a list; a client's user reads the names its client placed, staff the debtors' names on file."""
    ids = [a.pk for a in accounts]
    totals = total_balances(ids)
    primaries: dict[int, str] = {}
    others: dict[int, list[str]] = {}
    links = AccountDebtor.objects.filter(account_id__in=ids).select_related("debtor").order_by("pk")
    for link in links:
        name = link.placed_name if scope.is_client else link.debtor.display_name
        if link.role == Role.PRIMARY:
            primaries[link.account_id] = name
        else:
            others.setdefault(link.account_id, []).append(name)
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
    scope = scope_of(user)
    # A client's user finds a debtor only by what its client sent: the as-placed name and SSN last 4, and the
    # numbers and addresses its side supplied. Staff find the debtor by anything on file.
    phones, emails = Phone.objects.all(), Email.objects.all()
    if scope.is_client:
        supplied = debtor_queries.client_supplied(scope.client_id)
        phones, emails = phones.filter(pk__in=supplied[Phone]), emails.filter(pk__in=supplied[Email])
    digits = _DIGITS.sub("", text)
    condition = Q(client_account_number__iexact=text) | Q(original_account_number__iexact=text)
    if len(text) >= 3:
        condition |= Q(client_account_number__istartswith=text)
    if len(digits) == 4 and len(text) <= 5:
        condition |= Q(parties__placed_tax_id_last4=digits)
        if not scope.is_client:
            condition |= Q(parties__debtor__tax_id_last4=digits)
    if len(digits) >= 7 and len(digits) >= len(text.replace(" ", "")) - 6:
        e164 = "+1" + digits[-10:] if len(digits) in (10, 11) else "+" + digits
        condition |= Q(parties__debtor_id__in=phones.filter(e164=e164).values("debtor_id"))
    if "@" in text:
        condition |= Q(parties__debtor_id__in=emails.filter(address__iexact=text).values("debtor_id"))
    elif not digits:
        words = text.lower().replace(",", " ").split()
        # 'smith john' and 'john smith' both find Smith, John; a single word finds last names.
        keys = [" ".join(words)] + ([" ".join([words[-1], *words[:-1]])] if len(words) >= 2 else [])
        for key in keys:
            condition |= Q(parties__placed_name_key__startswith=key)
            if not scope.is_client:
                condition |= Q(parties__debtor__name_key__startswith=key)
        condition |= Q(parties__placed_business_name__icontains=text)
        if not scope.is_client:
            condition |= Q(parties__debtor__business_name__icontains=text)
    ids = list(base.filter(condition).values_list("pk", flat=True).distinct()[: limit])
    accounts = list(Account.objects.filter(pk__in=ids).select_related("client").order_by("-placed_on", "-pk"))
    return account_rows(accounts, scope)


def recent_accounts(user, limit: int = 25) -> list[AccountRow]:
    accounts = list(visible_accounts(user).select_related("client").order_by("-placed_on", "-pk")[:limit])
    return account_rows(accounts, scope_of(user))


@dataclass
class PartyView:
    """A party of an account as one viewer may see it. `name`, `tax_id_masked`, `birth_date_masked` and
    `financial_notes` are what to show: a client's user gets its client's as-placed identity and no notes.
    Each contact point carries `consents`, the account's client's Provenance row (None: no consent given in
    that relationship)."""

    role: str
    role_label: str
    debtor: Debtor
    name: str = ""
    tax_id_kind: str = ""
    tax_id_masked: str = "—"
    birth_date_masked: str = "—"
    financial_notes: str = ""
    placed_as: str = ""  # for staff: the name the account's client sent, when it is not the name on file
    phones: list[Phone] = field(default_factory=list)
    emails: list[Email] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)

    @property
    def current_address(self) -> Address | None:
        return next((a for a in self.addresses if a.active), None)


def _party_view(link: AccountDebtor, scope: Scope) -> PartyView:
    debtor = link.debtor
    if scope.is_client:
        return PartyView(link.role, link.get_role_display(), debtor, name=link.placed_name,
                         tax_id_kind=link.placed_tax_id_kind, tax_id_masked=link.placed_tax_id_masked,
                         birth_date_masked=link.placed_birth_date_masked)
    placed = link.placed_name
    return PartyView(link.role, link.get_role_display(), debtor, name=debtor.display_name,
                     tax_id_kind=debtor.tax_id_kind, tax_id_masked=debtor.tax_id_masked,
                     birth_date_masked=debtor.birth_date_masked, financial_notes=debtor.financial_notes,
                     placed_as=placed if placed != debtor.display_name else "")


def parties(account: Account, scope: Scope = STAFF) -> list[PartyView]:
    """The account's debtors, primary first, each with the contact points the scope may see (ended ones
    too): every one for staff; for a client's user, those its client's side supplied."""
    links = list(AccountDebtor.objects.filter(account=account).select_related("debtor"))
    order = {Role.PRIMARY: 0, Role.CO_OBLIGOR: 1, Role.GUARANTOR: 2}
    links.sort(key=lambda l: (order[l.role], l.pk))
    views = {l.debtor_id: _party_view(l, scope) for l in links}
    for model, attr in ((Phone, "phones"), (Email, "emails"), (Address, "addresses")):
        points = debtor_queries.with_supplied(model.objects.filter(debtor_id__in=views.keys()), account.client_id)
        for point in points:
            point.debtor = views[point.debtor_id].debtor  # the forms label points by debtor: no query each
            point.consents = debtor_queries.supplied(point)
            if scope.is_client and not (point.consents and point.consents.visible_to_client):
                continue
            getattr(views[point.debtor_id], attr).append(point)
    return list(views.values())


@dataclass
class DebtorView:
    """A debtor as one viewer may see it: the identity, contact points and accounts of the scope's side."""

    debtor: Debtor
    kind: str
    first_name: str
    middle_name: str
    last_name: str
    suffix: str
    business_name: str
    name: str
    tax_id_masked: str
    birth_year: int | None
    phones: list[Phone]
    emails: list[Email]
    addresses: list[Address]
    provenance: dict[tuple[str, int], list[Provenance]]
    account_ids: list[int]


def debtor_view(user, debtor: Debtor) -> DebtorView:
    """`debtor` (reached through `access_debtor`) as `user` may see it."""
    scope = scope_of(user)
    account_ids = list(visible_accounts(user).filter(parties__debtor=debtor).order_by("pk").values_list("pk", flat=True))
    d = debtor
    identity = (d.first_name, d.middle_name, d.last_name, d.suffix, d.business_name, d.display_name,
                d.tax_id_masked, d.birth_year)
    if scope.is_client:
        provenance = {key: [row] for key, row in debtor_queries.provenance_of(scope.client_id, [d.pk], with_client=True).items()
                      if row.source in debtor_queries.CLIENT_VISIBLE_SOURCES}
        link = (AccountDebtor.objects.filter(debtor=d, account_id__in=account_ids).select_related("debtor")
                .order_by("-account__placed_on", "-pk").first())
        identity = (link.placed_first_name, link.placed_middle_name, link.placed_last_name, link.placed_suffix,
                    link.placed_business_name, link.placed_name, link.placed_tax_id_masked, link.placed_birth_year)
    else:
        provenance = debtor_queries.provenance_by_point([d.pk])
    points = {}
    for model in (Phone, Email, Address):
        rows = model.objects.filter(debtor=d).order_by("-active", "pk")
        points[model] = [p for p in rows if not scope.is_client or debtor_queries.point_key(p) in provenance]
    return DebtorView(d, d.kind, *identity[:5], name=identity[5], tax_id_masked=identity[6], birth_year=identity[7],
                      phones=points[Phone], emails=points[Email], addresses=points[Address], provenance=provenance,
                      account_ids=account_ids)


def shown_points(party_views: list[PartyView]) -> set[tuple[str, int]]:
    """The keys of the contact points `parties` gave a viewer, for reads that must show no other."""
    return {debtor_queries.point_key(p) for v in party_views for p in (*v.phones, *v.emails, *v.addresses)}


def linked_accounts(user, account: Account) -> list[AccountRow]:
    """Other accounts of this account's debtors that the user may see (worked together)."""
    debtor_ids = AccountDebtor.objects.filter(account=account).values("debtor_id")
    others = (visible_accounts(user).filter(parties__debtor_id__in=debtor_ids).exclude(pk=account.pk)
              .select_related("client").distinct().order_by("-placed_on", "-pk"))
    return account_rows(list(others), scope_of(user))


def account_balances(account: Account) -> dict[str, int]:
    return balances(account.pk)


def placed_account_numbers(client_id: int, numbers: list[str], chunk: int = 900) -> dict[str, int | None]:
    """Which of `numbers` the client has placed already: number -> the placement batch id that placed it."""
    found: dict[str, int | None] = {}
    for start in range(0, len(numbers), chunk):
        found.update(Account.objects.filter(client_id=client_id, client_account_number__in=numbers[start:start + chunk])
                     .values_list("client_account_number", "placement_id"))
    return found


def last_payment(account: Account) -> tuple[date | None, str]:
    """The account's last payment and where it is known from: the later of the placement file's date (paid to
    the creditor before placement) and the latest payment posted here that still stands."""
    posted, placed = last_paid_on(account.pk), account.last_payment_on
    if posted is not None and (placed is None or posted >= placed):
        return posted, "posted here"
    return placed, "placement file" if placed else ""
