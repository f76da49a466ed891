"""Contact history for the demo portfolio, written through the contacts actions like a collector's work.

Over the last 60 days: the validation letter the day after placement, an email where the debtor agreed to
email, and a handful of calls with their outcomes. Every contact goes through the compliance engine like a
collector's would; one it refuses is simply not made. Calls keep to what the rules engine will enforce: one
a day per account at most (so never 7 in 7 days), none on Sundays or federal holidays, none within a week
after a conversation, none to a number already found wrong or disconnected, and each one between 8:00
and 21:00 in every time zone the debtor's address and the dialled phone indicate (Reg F 1006.6(b)(1)(i)).
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from arrears.accounts.actions import assign_account
from arrears.accounts.models import Account, AccountDebtor, Role
from arrears.compliance.actions import ComplianceBlocked, log_contact, record_restriction
from arrears.compliance.models import Kind, ReceivedVia
from arrears.contacts.actions import add_note
from arrears.contacts.models import Channel, MessageKind, Result
from arrears.core.calendar import is_federal_holiday, within_call_window
from arrears.debtors.models import Address, Debtor, Email, Phone, PhoneStatus

HISTORY_DAYS = 60
WORKED_SHARE = 0.4  # of accounts with some history
MAX_WORKED = 400  # keeps `make demo` quick whatever the portfolio's size
RETURNED_MAIL_SHARE = 0.06

CALL_OUTCOMES = {
    Result.NO_ANSWER: 32, Result.LIMITED_CONTENT: 16, Result.RIGHT_PARTY: 16, Result.VOICEMAIL_NO_MESSAGE: 12,
    Result.THIRD_PARTY: 6, Result.BUSY: 5, Result.WRONG_NUMBER: 5, Result.NOT_IN_SERVICE: 4,
}
CALL_SECONDS = {
    Result.RIGHT_PARTY: (180, 900), Result.THIRD_PARTY: (30, 120), Result.LIMITED_CONTENT: (20, 45),
    Result.VOICEMAIL_NO_MESSAGE: (10, 30), Result.NO_ANSWER: (20, 35), Result.BUSY: (2, 5),
    Result.WRONG_NUMBER: (15, 60), Result.NOT_IN_SERVICE: (3, 8),
}
CONVERSATION_NOTES = (
    "Confirmed the debt. Promised ${amount} on {day}.",
    "Asked for a payment plan; went through income and expenses. Will call back with a first payment date.",
    "Between jobs since the spring; will call back after the first of the month.",
    "Asked for the itemization; the validation notice was mailed again.",
    "Will pay in full on payday ({day}).",
    "Agreed to ${amount} a month; wants the plan in writing first.",
)
OTHER_NOTES = {
    Result.THIRD_PARTY: "Spoke with a family member; left name and call-back number only.",
    Result.LIMITED_CONTENT: "Limited-content message left.",
    Result.WRONG_NUMBER: "The person answering does not know the debtor.",
    Result.NOT_IN_SERVICE: "Recording: number not in service.",
}
# (cumulative share of worked accounts, what the debtor told the collector): drawn once per account.
RESTRICTIONS = (
    (0.06, (Kind.EMAIL_CONSENT, ReceivedVia.PHONE, {}, "Gave her email on the call and agreed we may email her about the debt.")),
    (0.10, (Kind.INCONVENIENT_TIME, ReceivedVia.PHONE, {"days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "17:00"},
            "Works days; asked not to be called on weekdays between 9 and 5.")),
    (0.12, (Kind.MEDIUM_OPT_OUT, ReceivedVia.PHONE, {"medium": "call"}, "Said: stop calling me, send everything in writing.")),
    (0.145, (Kind.WRITTEN_DISPUTE, ReceivedVia.MAIL, {"portion": "all"}, "Letter received disputing the debt; scanned to the file.")),
    (0.16, (Kind.WRITTEN_CEASE, ReceivedVia.MAIL, {"refuses_to_pay": False},
            "Letter received asking us to stop contacting him; scanned to the file.")),
    (0.175, (Kind.ATTORNEY, ReceivedVia.PHONE, {"name": "Dana Whitfield, Esq.", "address": "200 Court St, Suite 4, Springfield IL"},
             "Said he is represented by counsel on this debt and gave the attorney's details.")),
    (0.19, (Kind.BANKRUPTCY, ReceivedVia.SCRUB, {"chapter": 7, "filed": None, "status": "pending"},
            "Bankruptcy scrub match: chapter 7 filed, case pending.")),
    (0.20, (Kind.INCONVENIENT_PLACE, ReceivedVia.PHONE, {"place": "work"}, "Cannot take personal calls at work.")),
)
DEBT_KINDS = {Kind.WRITTEN_DISPUTE, Kind.WRITTEN_CEASE, Kind.ATTORNEY}
ACCOUNT_NOTES = (
    "Client confirmed the placed balance against its statement.",
    "Reviewed the file: no dispute, no bankruptcy or deceased flags.",
    "Debtor also owes on a linked account; work them together.",
)


@dataclass
class _Debtor:
    id: int = 0
    language: str = "en"
    address: Address | None = None  # the latest: letters go there
    zones: list[str] = field(default_factory=list)  # of all the debtor's addresses: calls respect every one
    phones: list[Phone] = field(default_factory=list)
    email: Email | None = None


def _contact_data(accounts: list[Account]) -> tuple[dict[int, int], dict[int, _Debtor]]:
    """Primary debtor of each account, and each such debtor's active address, phones and consented email."""
    primary, debtors = {}, defaultdict(_Debtor)
    parties = AccountDebtor.objects.filter(account__in=accounts, role=Role.PRIMARY)
    for account_id, debtor_id, language in parties.values_list("account_id", "debtor_id", "debtor__language"):
        primary[account_id] = debtor_id
        debtors[debtor_id].id = debtor_id
        debtors[debtor_id].language = language
    for address in Address.objects.filter(debtor_id__in=primary.values(), active=True).order_by("id"):
        debtor = debtors[address.debtor_id]
        debtor.address = address
        debtor.zones = list(dict.fromkeys([*debtor.zones, *address.time_zones]))
    for phone in Phone.objects.filter(debtor_id__in=primary.values(), active=True).order_by("id"):
        debtors[phone.debtor_id].phones.append(phone)
    for email in Email.objects.filter(debtor_id__in=primary.values(), active=True,
                                      provenance__consent_email=True).distinct().order_by("id"):
        debtors[email.debtor_id].email = email
    return primary, debtors


class HistoryWriter:
    """Writes one account's history at a time from a seeded random generator."""

    def __init__(self, rng: random.Random, supervisor, now: datetime | None = None):
        self.rng = rng
        self.supervisor = supervisor
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.attempts = 0
        self.refused = 0

    def _at(self, day: date, zones: list[str], hours: tuple[float, float] = (8.5, 20.5)) -> datetime | None:
        """A moment on `day` that is inside 8:00-21:00 in every zone, or None if the draws found none."""
        home = ZoneInfo(zones[0]) if zones else timezone.get_default_timezone()
        for _ in range(8):
            minutes = int(self.rng.uniform(*hours) * 60)
            local = datetime.combine(day, time(minutes // 60, minutes % 60, self.rng.randrange(60)), home)
            moment = local.astimezone(UTC)
            if all(within_call_window(_minutes(moment.astimezone(ZoneInfo(z)))) for z in zones):
                return moment if moment < self.now else None
        return None

    def _calling_days(self, first: date) -> list[date]:
        days = [first + timedelta(days=n) for n in range((self.today - first).days)]
        return [d for d in days if d.weekday() != 6 and not is_federal_holiday(d, observed=True)]

    def write(self, account: Account, debtor: _Debtor, collector) -> int:
        rng, before = self.rng, self.attempts
        first = max(account.placed_on + timedelta(days=1), self.today - timedelta(days=HISTORY_DAYS))
        home_zones = debtor.zones
        if debtor.address and first == account.placed_on + timedelta(days=1):
            if (at := self._at(first, home_zones, (9.5, 11))) is not None:
                self._log(account, collector, Channel.LETTER, Result.SENT, at, address=debtor.address,
                          kind=MessageKind.VALIDATION_NOTICE,
                          note="Validation notice mailed" + (" in English and Spanish." if debtor.language == "es" else "."))
                if rng.random() < RETURNED_MAIL_SHARE:
                    back = self._at(first + timedelta(days=rng.randint(7, 12)), home_zones, (10, 16))
                    if back is not None:
                        self._log(account, collector, Channel.LETTER, Result.RETURNED, back, address=debtor.address,
                                  note="Returned by the post office: not deliverable as addressed.")
        self._restrictions(account, debtor, collector, first, home_zones)
        if debtor.email and (at := self._at(first, home_zones, (9, 17))) is not None:
            self._log(account, collector, Channel.EMAIL, Result.DELIVERED, at, email=debtor.email,
                      note="Payment options emailed.")
        self._calls(account, debtor, collector, first, home_zones)
        if self.attempts > before and rng.random() < 0.08:
            add_note(account, rng.choice(ACCOUNT_NOTES), self.supervisor)
        return self.attempts - before

    def _restrictions(self, account, debtor: _Debtor, collector, first: date, zones: list[str]) -> None:
        """What some debtors tell the collector, recorded with its evidence before the calls that follow it."""
        rng = self.rng
        draw = rng.random()
        days = self._calling_days(first)
        if draw > 0.2 or not days:
            return
        day = rng.choice(days[: max(1, len(days) // 2)])
        at = self._at(day, zones, (10, 16))
        if at is None:
            return
        kind, via, details, evidence = next(
            (k for share, k in RESTRICTIONS if draw <= share),
            RESTRICTIONS[-1][1])
        if kind == Kind.EMAIL_CONSENT and debtor.email is None:
            return
        record_restriction(Debtor.objects.get(pk=debtor.id), collector, kind=kind, received_at=at, received_via=via,
                           details=details, evidence=evidence, account=account if kind in DEBT_KINDS else None,
                           email=debtor.email if kind == Kind.EMAIL_CONSENT else None)
        if kind == Kind.WRITTEN_DISPUTE and rng.random() < 0.5 and debtor.address is not None:
            answer = self._at(day + timedelta(days=rng.randint(5, 12)), zones, (9, 16))
            if answer is not None:
                self._log(account, collector, Channel.LETTER, Result.SENT, answer, address=debtor.address,
                          kind=MessageKind.VERIFICATION, note="Verification from the client mailed.")

    def _calls(self, account: Account, debtor: _Debtor, collector, first: date, home_zones: list[str]) -> None:
        rng = self.rng
        usable = [p for p in debtor.phones if p.status == PhoneStatus.VALID]
        days = self._calling_days(first)
        if not usable or not days:
            return
        quiet_until = first
        for day in sorted(rng.sample(days, min(len(days), rng.choice((1, 1, 2, 2, 3, 4, 5, 6))))):
            if not usable:
                break
            if day < quiet_until:
                continue  # a conversation this week: no more calls for seven days
            phone = rng.choice(usable)
            at = self._at(day, list(dict.fromkeys([*home_zones, *phone.time_zones])))
            if at is None:
                continue
            result = rng.choices(list(CALL_OUTCOMES), list(CALL_OUTCOMES.values()))[0]
            if rng.random() < 0.04:
                self._log(account, collector, Channel.CALL_INBOUND, Result.RIGHT_PARTY, at, phone=phone,
                          note="Debtor called in. " + self._conversation(at), seconds=rng.randint(120, 600))
                quiet_until = day + timedelta(days=7)
                continue
            note = self._conversation(at) if result == Result.RIGHT_PARTY else OTHER_NOTES.get(result, "")
            if result == Result.RIGHT_PARTY and debtor.language == "es":
                note = "Spoke in Spanish. " + note
            self._log(account, collector, Channel.CALL_OUTBOUND, result, at, phone=phone, note=note,
                      seconds=rng.randint(*CALL_SECONDS[result]))
            if result == Result.RIGHT_PARTY:
                quiet_until = day + timedelta(days=7)
            if result in (Result.WRONG_NUMBER, Result.NOT_IN_SERVICE):
                usable.remove(phone)

    def _conversation(self, at: datetime) -> str:
        day = timezone.localdate(at) + timedelta(days=self.rng.randint(3, 14))
        return self.rng.choice(CONVERSATION_NOTES).format(amount=self.rng.choice((25, 40, 50, 75, 100, 150, 200)),
                                                          day=f"{day:%B} {day.day}")

    def _log(self, account, collector, channel, result, at, *, note="", seconds=None,
             kind=MessageKind.COLLECTION, **point) -> bool:
        """Log a contact as a collector would; one the compliance engine refuses is not made (False)."""
        try:
            log_contact(account, collector, channel=channel, result=result, occurred_at=at, note=note,
                        duration_seconds=seconds, message_kind=kind, **point)
        except ComplianceBlocked:
            self.refused += 1
            return False
        self.attempts += 1
        return True


def _minutes(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def write_history(accounts: list[Account], collectors: list, supervisor, rng: random.Random,
                  now: datetime | None = None) -> tuple[int, int]:
    """Contact history on a sample of `accounts`, each worked (and assigned) by one of `collectors`.

    Returns (accounts worked, contact attempts logged).
    """
    accounts = sorted(accounts, key=lambda a: a.pk)
    sample = [a for a in accounts if rng.random() < WORKED_SHARE][:MAX_WORKED]
    primary, debtors = _contact_data(sample)
    writer = HistoryWriter(rng, supervisor, now)
    for account in sample:
        collector = rng.choice(collectors)
        if writer.write(account, debtors[primary[account.pk]], collector):
            assign_account(account, collector, supervisor)
    return len(sample), writer.attempts
