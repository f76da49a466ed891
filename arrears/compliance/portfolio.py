"""Call eligibility for a whole portfolio at once.

`portfolio_verdicts` reads the rows a call decision needs with a few plain SELECTs (no ORM objects: a
portfolio has millions of accounts), decides the common case with the batch rules (`batch.py`), and hands
every account whose debtor has something on file (a restriction, a do-not-call flag, a state or city with
its own limits, student loans counted together) to the full engine, one facts document each.
"""

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings


from arrears.accounts.models import DebtType, Role, Status
from arrears.clients.models import Client, CollectionMode
from arrears.contacts.models import Channel, MessageKind
from arrears.debtors.models import PhoneKind, PhoneStatus
from arrears.debtors.normalize import zip_info

from .engine.batch import CallPolicy, CallVerdict, Candidate, decide_call
from .engine.context import CONNECTED
from .engine import decide_document
from .facts_db import NYC_COUNTIES, Proposal, Snapshot, agency_zone
from .portfolio_restrictions import load_restrictions
from .rows import aware, db_time, rows
from .vocabulary import CALL_EVENT, CALL_OUTCOME, CONVERSATION, INBOUND_CONVERSATION, OUTGOING, PHONE_TYPE, SENT_EVENT

DIALABLE = (Status.NEW, Status.ACTIVE)
_LOOKBACK = timedelta(days=31)  # where a state or city counts contacts over a month
_CALL_LOOKBACK = timedelta(days=9)  # seven local days in any zone, with a day to spare
ENGINE_CHUNK = 500
# Places with limits of their own: Massachusetts and Washington statewide, New York in New York City only.
LOCAL_STATES = ("MA", "WA", "NY")


@dataclass
class Portfolio:
    """What `portfolio_verdicts` returns besides the verdicts."""

    considered: int = 0
    decided_by_engine: int = 0


def _client_policies() -> dict[int, tuple[str, CallPolicy]]:
    agency_week = settings.COMPLIANCE_MAX_CALLS_PER_7_DAYS if settings.COMPLIANCE_MAX_CALLS_PER_7_DAYS < 7 else None
    agency_day = settings.COMPLIANCE_MAX_CALL_ATTEMPTS_PER_DAY or None
    agency_window = None
    if settings.COMPLIANCE_CALL_WINDOW:
        start, end = settings.COMPLIANCE_CALL_WINDOW.split("-")
        agency_window = (int(start[:2]) * 60 + int(start[3:]), int(end[:2]) * 60 + int(end[3:]))
    policies = {}
    for client in Client.objects.all():
        week = [n for n in (agency_week, client.max_calls_per_7_days) if n is not None]
        day = [n for n in (agency_day, client.max_call_attempts_per_day) if n is not None]
        windows = [w for w in (agency_window, (client.call_window_start.hour * 60 + client.call_window_start.minute,
                                               client.call_window_end.hour * 60 + client.call_window_end.minute)
                               if client.call_window_start and client.call_window_end else None) if w]
        window = (max(w[0] for w in windows), min(w[1] for w in windows)) if windows else None
        policies[client.pk] = (client.collection_mode,
                               CallPolicy(min(week) if week else None, min(day) if day else None, window))
    return policies


def portfolio_verdicts(at: datetime, *, client_id: int | None = None, stats: Portfolio | None = None):
    """Yield a CallVerdict for every dialable account (new or active), decided at `at`."""
    stats = stats if stats is not None else Portfolio()
    policies = _client_policies()
    client_filter = " AND a.client_id = %s" if client_id else ""
    params = [*DIALABLE, *([client_id] if client_id else [])]
    accounts = list(rows(
        "SELECT a.id, a.client_id, ad.debtor_id FROM accounts_account a JOIN accounts_accountdebtor ad "
        f"ON ad.account_id = a.id AND ad.role = '{Role.PRIMARY.value}' WHERE a.status IN (%s, %s)" + client_filter
        + " ORDER BY a.id", params))
    stats.considered = len(accounts)
    on_file = load_restrictions(at)
    engine, inconvenient = on_file.engine, on_file.inconvenient
    debtors = _Debtors(engine)
    for (debtor_id,) in rows(
            "SELECT ad.debtor_id FROM accounts_account a JOIN accounts_accountdebtor ad ON ad.account_id = a.id "
            f"WHERE a.debt_type = '{DebtType.STUDENT_LOAN.value}' AND a.original_account_number <> '' "
            "GROUP BY ad.debtor_id, a.original_account_number HAVING COUNT(*) > 1"):
        engine.add(debtor_id)
    local = {d for d, row in debtors.addresses.items() if row[0] in LOCAL_STATES and debtors.local_rules(d)}
    washington = {d for d, row in debtors.addresses.items() if row[0] == "WA"}
    by_debt, by_debtor = _recent_contacts(at, local, washington)
    special = engine | on_file.blocks.keys() | inconvenient.keys() | local  # debtors the quick path does not decide alone
    quiet: dict[tuple, CallVerdict] = {}  # verdicts of accounts whose contacts cannot block: they depend on little
    waiting: list[tuple[int, int, tuple]] = []
    for account_id, client, debtor in accounts:
        state, zones, phones, first = debtors.get(debtor)
        events = by_debt.get((account_id, debtor))
        if debtor not in special:
            mode, policy = policies[client]
            if events is None or _cannot_block(events, policy):
                key = (zones, client, state == "CA", first is None)
                verdict = quiet.get(key)
                if verdict is None:
                    zones_used = zones or ((agency_zone(),) if mode == CollectionMode.CREDITOR_OWN_NAME else ())
                    verdict = quiet[key] = decide_call(
                        Candidate(0, mode, state, zones_used, (first,) if first else phones, policy=policy), at)
                yield CallVerdict(account_id, verdict.callable, first[0] if first else None, verdict.next_allowed_at,
                                  verdict.reason)
                continue
        if debtor in engine:
            stats.decided_by_engine += 1
            waiting.append((account_id, debtor, phones))
            if len(waiting) >= ENGINE_CHUNK:
                yield from _engine_verdicts(waiting, at)
                waiting = []
            continue
        mode, policy = policies[client]
        hard_block = on_file.block_for(debtor, account_id, mode, state)
        if not zones and mode == CollectionMode.CREDITOR_OWN_NAME:
            zones = (agency_zone(),)  # nothing says where the debtor is: the engine counts days on the agency's
        candidate = Candidate(account_id, mode, state, zones, phones, events or [], by_debtor.get(debtor, []),
                              policy, debtors.local_rules(debtor) == "NYC", hard_block, inconvenient.get(debtor, ()))
        yield decide_call(candidate, at)
    yield from _engine_verdicts(waiting, at)


def _cannot_block(events: list[tuple], policy: CallPolicy) -> bool:
    """Contacts that can block no call now or later: no conversation, fewer counted calls than any weekly
    limit and fewer attempts than any daily one (the windows only slide forward, so the counts only fall)."""
    limit = 7 if policy.max_calls_per_7_days is None else min(7, policy.max_calls_per_7_days)
    per_day = policy.max_call_attempts_per_day
    calls = attempts = 0
    for _, kind, outcome, _ in events:
        if outcome == CONVERSATION:
            return False
        if kind == CALL_EVENT[Channel.CALL_OUTBOUND]:
            attempts += 1
            if outcome in CONNECTED:
                calls += 1
    return calls < limit and (per_day is None or attempts < per_day)


_NO_ADDRESS = (None, None, None)


class _Debtors:
    """Per debtor, what a call decision needs: the state of the latest current address, the zones of the
    current addresses and phones (each once), the current phones as (id, status, type), and "MA", "WA" or
    "NYC" where those places' own limits apply. Zones are read as JSON text and each distinct combination is
    parsed once. Debtors flagged "do not call" on a number are added to `engine`."""

    def __init__(self, engine: set[int]):
        self.addresses: dict[int, tuple] = {}
        self.more_zones: dict[int, list] = {}  # zones of a debtor's other current addresses
        for debtor_id, state, zip_code, zones in rows(
                "SELECT debtor_id, state, zip_code, CAST(time_zones AS TEXT) FROM debtors_address WHERE active = %s "
                "ORDER BY debtor_id, added_at, id", [True]):
            earlier = self.addresses.get(debtor_id)
            if earlier is not None:
                self.more_zones.setdefault(debtor_id, []).append(earlier[2])
            self.addresses[debtor_id] = (state, zip_code, zones)
        self.phones: dict[int, tuple] = {}
        self.phone_zones: dict[int, tuple] = {}
        types, unknown = PHONE_TYPE, PHONE_TYPE[PhoneKind.UNKNOWN]
        for debtor_id, phone_id, status, kind, zones, consent_call in rows(
                "SELECT debtor_id, id, status, kind, CAST(time_zones AS TEXT), consent_call FROM debtors_phone "
                "WHERE active = %s ORDER BY debtor_id, id", [True]):
            known = self.phones.get(debtor_id)
            if known is None:
                self.phones[debtor_id] = ((phone_id, status, types.get(kind, unknown)),)
                self.phone_zones[debtor_id] = (zones,)
            else:
                self.phones[debtor_id] = (*known, (phone_id, status, types.get(kind, unknown)))
                self.phone_zones[debtor_id] = (*self.phone_zones[debtor_id], zones)
            if not consent_call:
                engine.add(debtor_id)
        self._zone_sets: dict[tuple, tuple] = {}
        self._nyc: dict[str, bool] = {}

    def local_rules(self, debtor_id: int):
        state, zip_code, _ = self.addresses.get(debtor_id, (None, None, None))
        if state in ("MA", "WA"):
            return state
        if state == "NY":
            nyc = self._nyc.get(zip_code)
            if nyc is None:
                nyc = self._nyc[zip_code] = (zip_info(zip_code) or {}).get("county") in NYC_COUNTIES
            return "NYC" if nyc else False
        return False

    def get(self, debtor_id: int) -> tuple:
        """(state, zones, phones, the first working phone or None)."""
        state, _, zones = self.addresses.get(debtor_id, _NO_ADDRESS)
        phones = self.phones.get(debtor_id, ())
        more = self.more_zones.get(debtor_id)
        key = (zones, *more, *self.phone_zones.get(debtor_id, ())) if more else (
            (zones, *self.phone_zones[debtor_id]) if phones else (zones,))
        union = self._zone_sets.get(key)
        if union is None:
            union = self._zone_sets[key] = _zone_union(key)
        first = None
        for phone in phones:
            if phone[1] == PhoneStatus.VALID:
                first = phone
                break
        return state, union, phones, first


def _zone_union(values) -> tuple[str, ...]:
    """The zones of the addresses, then the phones', each once."""
    zones: list[str] = []
    for value in values:
        for zone in (json.loads(value) if value else ()):
            if zone not in zones:
                zones.append(zone)
    return tuple(zones)


_CONTACTS_SQL = (
    "SELECT c.account_id, c.debtor_id, c.channel, c.result, c.message_kind, c.occurred_at, c.discussed_accounts, "
    "p.kind FROM contacts_contactattempt c LEFT JOIN debtors_phone p ON p.id = c.phone_id "
    "WHERE c.occurred_at > %s AND c.occurred_at <= %s")
_CALLS_SQL = (
    "SELECT account_id, debtor_id, channel, result, occurred_at, discussed_accounts FROM contacts_contactattempt "
    f"WHERE occurred_at > %s AND occurred_at <= %s AND (channel = '{Channel.CALL_OUTBOUND.value}' "
    f"OR (channel = '{Channel.CALL_INBOUND.value}' AND result = '{INBOUND_CONVERSATION.value}'))")
_LOCAL_DEBTORS_SQL = ("SELECT debtor_id FROM debtors_address WHERE active = %s AND state IN "
                      f"({', '.join(repr(state) for state in LOCAL_STATES)})")


def _recent_contacts(at: datetime, local: set[int], washington: set[int]):
    """Recent contacts as batch events (instant, kind, result, phone type), per (account, debtor) they are
    about, and per debtor for Washington's per-debtor limit. Calls of the last nine days cover seven local
    days in any zone; where a local limit applies, a month of every channel (Massachusetts counts 30 days)."""
    by_debt, by_debtor = defaultdict(list), defaultdict(list)
    call_results = CALL_OUTCOME
    for account_id, debtor_id, channel, result, occurred_at, discussed in rows(
            _CALLS_SQL, [db_time(at - _CALL_LOOKBACK), db_time(at)]):
        if debtor_id in local:
            continue  # read with the month of every channel below
        event = (occurred_at if occurred_at.__class__ is not str and occurred_at.tzinfo else aware(occurred_at),
                 CALL_EVENT[channel], call_results[result] if channel == Channel.CALL_OUTBOUND else CONVERSATION, None)
        by_debt[(account_id, debtor_id)].append(event)
        if discussed and discussed != "[]":
            for other in (json.loads(discussed) if isinstance(discussed, str) else discussed):
                by_debt[(other, debtor_id)].append(event)
    for account_id, debtor_id, channel, result, kind, occurred_at, discussed, phone_kind in rows(
            _CONTACTS_SQL + f" AND c.debtor_id IN ({_LOCAL_DEBTORS_SQL})", [db_time(at - _LOOKBACK), db_time(at), True]):
        if debtor_id not in local:
            continue
        if channel == Channel.CALL_OUTBOUND:
            event_kind, outcome = CALL_EVENT[channel], call_results[result]
        elif channel == Channel.CALL_INBOUND:
            if result != INBOUND_CONVERSATION:
                continue
            event_kind, outcome = CALL_EVENT[channel], CONVERSATION
        elif channel in SENT_EVENT and result in OUTGOING and kind != MessageKind.VALIDATION_NOTICE:
            event_kind, outcome = SENT_EVENT[channel], result
        else:
            continue
        event = (aware(occurred_at), event_kind, outcome, PHONE_TYPE.get(phone_kind) if phone_kind else None)
        by_debt[(account_id, debtor_id)].append(event)
        if discussed and discussed != "[]":
            for other in (json.loads(discussed) if isinstance(discussed, str) else discussed):
                by_debt[(other, debtor_id)].append(event)
        if debtor_id in washington:
            by_debtor[debtor_id].append(event)
    return by_debt, by_debtor


def _engine_verdicts(waiting: list[tuple[int, int, list]], at: datetime):
    """The full engine for accounts whose debtors need it, their rows loaded together: each account's first
    working number the engine allows, or the first working number's block."""
    snapshots = Snapshot.many([(debtor, account) for account, debtor, _ in waiting])
    for account_id, debtor_id, phones in waiting:
        usable = [p for p, status, *_ in phones if status == PhoneStatus.VALID]
        if not usable:
            yield CallVerdict(account_id, False, None, None, "no working number")
            continue
        snapshot = snapshots[(debtor_id, account_id)]
        by_id = {p.pk: p for p in snapshot.phones}
        first = None
        for phone_id in usable:
            decision = decide_document(snapshot.document(Proposal(action="call", at=at, phone=by_id[phone_id])),
                                       digest=False)
            if decision.allowed:
                yield CallVerdict(account_id, True, phone_id, None, "")
                break
            first = first or (phone_id, decision)
        else:
            phone_id, decision = first
            yield CallVerdict(account_id, False, phone_id, decision.next_allowed_at, decision.blocks[0].message)


