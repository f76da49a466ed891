"""The portfolio path decides "may we call now" for every account at once; it must give the engine's answer."""

import random
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from arrears.accounts.actions import change_status
from arrears.accounts.models import Account
from arrears.clients.models import Client
from arrears.compliance.actions import ComplianceBlocked, record_restriction
from arrears.compliance.portfolio import DIALABLE, Portfolio, portfolio_verdicts
from arrears.compliance.engine import decide_document
from arrears.compliance.facts_db import Proposal, Snapshot, primary_debtor
from arrears.compliance.actions import log_contact
from arrears.debtors.models import Phone
from arrears.users.models import User


HEADER = ("account_number,first_name,last_name,phone,phone_type,phone2,phone2_type,address1,city,state,zip,principal,"
          "itemization_date,itemization_basis")
LOCAL_RULES = [  # debtors in the places with their own limits, and a creditor collecting in its own name
    "MA-1,Ann,Boston,(617) 555-0101,mobile,(617) 555-0102,work,1 Beacon St,Boston,MA,02108,500,2026-01-31,charge_off",
    "WA-1,Wes,Seattle,(206) 555-0103,mobile,,,5 Pike St,Seattle,WA,98101,500,2026-01-31,charge_off",
    "NY-1,Nia,Brooklyn,(718) 555-0104,mobile,,,5 Bay St,Brooklyn,NY,11201,500,2026-01-31,charge_off",
    "CA-1,Cal,Fresno,(559) 555-0105,mobile,,,9 Elm St,Fresno,CA,93721,500,2026-01-31,charge_off",
]


def _local_rules_accounts(place, collector, now, rng):
    from arrears.clients.actions import create_client

    agency = create_client(None, code="local", name="Local Rules Bank")
    own = create_client(None, code="own", name="Own Name Stores", collection_mode="creditor_own_name")
    place(agency, *LOCAL_RULES[:3], header=HEADER)
    place(own, LOCAL_RULES[3], header=HEADER)
    for account in Account.objects.filter(client__in=[agency, own]):
        debtor = primary_debtor(account)
        for phone in Phone.objects.filter(debtor=debtor):
            for _ in range(rng.randint(2, 5)):
                when = now - timedelta(days=rng.uniform(0, 12), hours=rng.uniform(0, 3))
                channel, result = rng.choice([("call_outbound", "no_answer"), ("call_outbound", "voicemail"),
                                              ("call_outbound", "lcm"), ("call_outbound", "busy"), ("text", "sent")])
                try:
                    log_contact(account, collector, channel=channel, result=result, phone=phone, occurred_at=when)
                except ComplianceBlocked:
                    pass
        address = account.parties.get().debtor.address_set.get()
        try:
            log_contact(account, collector, channel="letter", result="sent", address=address,
                        occurred_at=now - timedelta(days=2))
        except ComplianceBlocked:
            pass


@pytest.fixture
def portfolio(db, place, settings):
    """The demo portfolio, with calls pressed up to the limits, a few restrictions on file, and debtors where
    state and city rules apply."""
    settings.COMPLIANCE_REQUIRE_ELECTRONIC_SAFE_HARBOR = False  # texts to count toward the local limits
    call_command("demo", "--accounts", "120", "--seed", "7", stdout=StringIO())
    rng = random.Random(3)
    collector = User.objects.get(username="collector")
    now = timezone.now()
    accounts = list(Account.objects.filter(status__in=DIALABLE).select_related("client").order_by("pk"))
    for account in rng.sample(accounts, 25):
        phone = Phone.objects.filter(debtor=primary_debtor(account), active=True, status="valid").first()
        if phone is None:
            continue
        for n in range(rng.randint(3, 9)):  # up to 7 counted calls: the engine refuses the rest
            when = now - timedelta(days=rng.uniform(0, 6), hours=rng.uniform(0, 4))
            result = rng.choice(["no_answer", "voicemail", "lcm", "busy", "no_answer"])
            try:
                log_contact(account, collector, channel="call_outbound", result=result, phone=phone, occurred_at=when)
            except ComplianceBlocked:
                pass
    kinds = [  # one of each, on accounts with history: the batch path decides some, the engine the rest
        ("medium_opt_out", {"medium": "call"}, "phone"),
        ("inconvenient_time", {"days": ["mon", "tue", "wed", "thu", "fri"], "from": "12:00", "to": "17:00"}, "phone"),
        ("inconvenient_time", {"days": ["sat", "sun"]}, "phone"),
        ("consent_additional_calls", {}, "phone"), ("written_cease_request", {}, "mail"),
        ("bankruptcy", {"chapter": 13, "status": "pending"}, "court"), ("deceased", {}, "scrub"),
        ("attorney", {"name": "Lee Counsel", "address": "1 Court St, Albany NY"}, "phone"),
        ("written_dispute", {"portion": "all"}, "mail"), ("email_consent", {}, "phone"),
    ]
    def reachable_in_the_east(account) -> bool:
        debtor = primary_debtor(account)
        zones = {z for a in debtor.address_set.filter(active=True) for z in a.time_zones}
        return debtor.phone_set.filter(active=True, status="valid").exists() and zones <= {"America/New_York"}

    agency = [a for a in accounts if a.client.collection_mode == "fdcpa_debt_collector" and reachable_in_the_east(a)]
    for account, (kind, details, via) in zip(agency[:len(kinds)], kinds):
        debtor = primary_debtor(account)
        email = debtor.email_set.first() if kind == "email_consent" else None
        if kind == "email_consent" and email is None:
            continue
        record_restriction(debtor, collector, kind=kind, details=details, received_at=now - timedelta(days=1),
                           received_via=via, evidence="recorded for the test", account=account, email=email)
        account.refresh_from_db()
        if account.status not in DIALABLE:  # reopened by hand, the restriction still on file: still no calls
            change_status(account, "active", "reopened for the test", User.objects.get(username="supervisor"))
    _disputes(agency[len(kinds):len(kinds) + 6], collector, now)
    Client.objects.filter(pk=accounts[0].client_id).update(max_call_attempts_per_day=2)
    _local_rules_accounts(place, collector, now, rng)
    _two_homes(accounts, collector)
    return accounts


def _two_homes(accounts, collector):
    """Debtors with a second current address: one in another zone, one with no phone left."""
    from arrears.debtors.actions import add_address, end_contact_point

    first, second = accounts[1], accounts[2]
    add_address(primary_debtor(first), collector, line1="1 Aloha Way", city="Honolulu", state="HI", zip_code="96813")
    debtor = primary_debtor(second)
    add_address(debtor, collector, line1="9 Spruce Rd", city="Juneau", state="AK", zip_code="99801")
    for phone in debtor.phone_set.filter(active=True):
        end_contact_point(phone, "number given up", collector)


def _disputes(accounts, collector, now):
    """Disputes timely and late, answered and not; a creditor in its own name with a cease and "stop calling"."""
    supervisor = User.objects.get(username="supervisor")

    def record(account, kind, when, via="mail", **details):
        record_restriction(primary_debtor(account), collector, kind=kind, received_at=when, received_via=via,
                           evidence="for the test", account=account, details=details)

    def letter(account, kind, when):
        address = primary_debtor(account).address_set.filter(active=True).first()
        log_contact(account, collector, channel="letter", result="sent", address=address, message_kind=kind,
                    occurred_at=when)

    timely, answered, late, creditor, consent_old, consent_new = accounts[:6]
    record(timely, "written_dispute", now - timedelta(days=2), portion="all")
    record(answered, "written_dispute", now - timedelta(days=9), portion="fees")
    letter(answered, "verification", now - timedelta(days=3))
    letter(late, "validation_notice", now - timedelta(days=70))
    record(late, "written_dispute", now - timedelta(days=1))
    record(creditor, "original_creditor_request", now - timedelta(days=4))
    record(consent_old, "consent_additional_calls", now - timedelta(days=40), via="phone")
    record(consent_new, "consent_additional_calls", now - timedelta(days=2), via="phone")
    own = Account.objects.filter(client__collection_mode="creditor_own_name", status__in=DIALABLE).order_by("pk")[:2]
    for account, kind, details in zip(own, ("written_cease_request", "medium_opt_out"), ({}, {"medium": "call"})):
        record(account, kind, now - timedelta(days=1), via="mail" if kind == "written_cease_request" else "phone",
               **details)
    for account in [*accounts[:6], *own]:
        account.refresh_from_db()
        if account.status not in DIALABLE:
            change_status(account, "active", "reopened for the test", supervisor)


def engine_answer(account_id: int, at):
    """What the engine says for the account: the first working number it allows, else the first working
    number's answer. Returns (callable, phone id, next allowed at, the blocks' messages)."""
    account = Account.objects.select_related("client").get(pk=account_id)
    debtor = primary_debtor(account)
    snapshot = Snapshot(debtor, account)
    first = None
    for phone in Phone.objects.filter(debtor=debtor, active=True, status="valid").order_by("pk"):
        decision = decide_document(snapshot.document(Proposal(action="call", at=at, phone=phone)))
        if decision.allowed:
            return True, phone.pk, None, []
        first = first or (False, phone.pk, decision.next_allowed_at, [r.message for r in decision.blocks])
    return first or (False, None, None, [])


def test_the_portfolio_path_gives_the_engine_s_answer_for_every_account_at_any_hour(portfolio):
    """Through the day, the night and the following week: the same answer and the same next-allowed time."""
    reasons, decided_by_engine = set(), 0
    for hours_from_now in (0, 6, 9.5, 19, 30, 75, 170):
        at = timezone.now() + timedelta(hours=hours_from_now)
        stats = Portfolio()

        verdicts = list(portfolio_verdicts(at, stats=stats))

        assert len(verdicts) == stats.considered == Account.objects.filter(status__in=DIALABLE).count()
        differences = []
        for verdict in verdicts:
            allowed, phone, next_at, blocks = engine_answer(verdict.account_id, at)
            if (allowed, phone, next_at) != (verdict.callable, verdict.phone_id, verdict.next_allowed_at):
                differences.append((hours_from_now, verdict, allowed, phone, next_at, blocks))
            reasons.add(verdict.reason)
        assert differences == []
        decided_by_engine = max(decided_by_engine, stats.decided_by_engine)
    # the hours, the frequency rules and the restrictions were all exercised, on both paths
    assert {"", "time of day", "call frequency"} <= reasons, reasons
    expected = {"written cease", "asked not to be called", "deceased", "bankruptcy", "represented by an attorney",
                "inconvenient time", "disputed in writing", "asked for the original creditor"}
    assert expected <= reasons, expected - reasons
    assert decided_by_engine >= 1  # a recent consent to further calls
