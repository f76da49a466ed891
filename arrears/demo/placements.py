"""Synthetic placement files, deterministic for a seed, in the format of placements/format.py.

`placement_csv(rows, seed, client_profile)` is the whole file as bytes (the benchmark imports it);
`demo_portfolio(accounts, seed)` is one file's rows per demo client, drawn from one pool of people so
that some debtors owe several of the clients (same SSN: the import links them to one debtor).

Every row passes the import's validation without errors or warnings: dates are consistent (opened
before delinquency, charged off at the creditor's days-past-due, itemized on the charge-off or the last
statement, placed after all of them) and the itemization adds up to the balance by bucket.
"""

import csv
import io
import math
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.utils import timezone

from arrears.core.money import cents_to_decimal_text, parse_cents

from . import names
from .places import Place, PlacePicker
from .profiles import BY_CODE, CLIENTS, DEBTS, ClientProfile, DebtProfile, split_accounts

DEFAULT_SEED = 2026
SPANISH_SHARE = 0.10  # of debtors who prefer Spanish
REPEAT_DEBTOR_SHARE = 0.10  # of accounts owed by a debtor already in the portfolio
EMAIL_SHARE = 0.15
NO_PHONE_SHARE = 0.06
SECOND_PHONE_SHARE = 0.20

COLUMNS = [
    "account_number", "first_name", "middle_name", "last_name", "suffix", "ssn", "dob",
    "phone", "phone_type", "phone_autodialer_consent", "phone2", "phone2_type", "phone2_autodialer_consent",
    "email", "email_consent", "address1", "address2", "city", "state", "zip", "language",
    "co_role", "co_first_name", "co_last_name", "co_ssn", "co_dob", "co_phone", "co_phone_type",
    "co_address1", "co_address2", "co_city", "co_state", "co_zip",
    "original_creditor", "original_account_number", "debt_type", "open_date", "delinquency_date",
    "charge_off_date", "last_payment_date", "placement_date", "principal", "interest", "fees", "costs",
    "itemization_date", "itemization_basis", "itemization_amount", "interest_since", "fees_since",
    "payments_since", "credits_since",
]
BALANCE_COLUMNS = ("principal", "interest", "fees", "costs")


@dataclass(frozen=True, slots=True)
class Person:
    first: str
    middle: str
    last: str
    suffix: str
    ssn: str
    dob: date
    place: Place
    line1: str
    line2: str
    phones: tuple[tuple[str, str, str], ...]  # (number as written, type, autodialer consent Y/N)
    email: str
    email_consent: bool
    language: str


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class PortfolioGenerator:
    """People and debts from one random generator: the same seed and day give the same rows."""

    def __init__(self, seed: int = DEFAULT_SEED, today: date | None = None):
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.picker = PlacePicker(self.rng)
        self.people: list[Person] = []
        self.ssns: set[str] = set()
        self.account_numbers: set[str] = set()

    # --- people ----------------------------------------------------------------------------------------------

    def _ssn(self) -> str:
        while True:
            area = self.rng.randrange(1, 900)
            if area == 666:
                continue
            ssn = f"{area:03d}-{self.rng.randrange(1, 100):02d}-{self.rng.randrange(1, 10000):04d}"
            if ssn not in self.ssns:
                self.ssns.add(ssn)
                return ssn

    def _dob(self, around_age: float | None = None) -> date:
        if around_age is None:
            age = self.rng.triangular(21, 84, 41)
        else:
            age = min(84.0, max(20.0, around_age + self.rng.uniform(-8, 8)))
        return self.today - timedelta(days=int(age * 365.25) + self.rng.randrange(0, 365))

    def _street(self) -> tuple[str, str]:
        rng = self.rng
        line1 = f"{rng.randrange(1, 9900)} {rng.choice(names.STREET_NAMES)} {rng.choice(names.STREET_SUFFIXES)}"
        line2 = ""
        if rng.random() < 0.22:
            unit = rng.choice(names.UNIT_KINDS)
            number = f"{rng.randrange(1, 40)}{rng.choice('ABCD')}" if rng.random() < 0.3 else str(rng.randrange(1, 999))
            line2 = f"# {number}" if unit == "#" else f"{unit} {number}"
        return line1, line2

    def _phones(self, place: Place, count: int) -> tuple[tuple[str, str, str], ...]:
        phones = []
        for _ in range(count):
            kind = self.rng.choices(("mobile", "landline", ""), (65, 25, 10))[0]
            consent = "Y" if kind == "mobile" and self.rng.random() < 0.4 else "N"
            phones.append((self.picker.phone(place), kind, consent))
        return tuple(phones)

    def _names(self, spanish: bool) -> tuple[str, str, str]:
        rng = self.rng
        hispanic = spanish or rng.random() < 0.12
        female = rng.random() < 0.52
        if hispanic:
            first = rng.choice(names.HISPANIC_FEMALE_FIRST if female else names.HISPANIC_MALE_FIRST)
            last = rng.choice(names.HISPANIC_SURNAMES)
        else:
            first = rng.choice(names.FEMALE_FIRST if female else names.MALE_FIRST)
            last = rng.choice(names.SURNAMES)
        roll = rng.random()
        pool = names.FEMALE_FIRST if female else names.MALE_FIRST
        middle = rng.choice(pool)[0] if roll < 0.25 else rng.choice(pool) if roll < 0.35 else ""
        return first, middle, last

    def _email(self, first: str, last: str) -> str:
        local = f"{first}.{last}".lower().replace("'", "")
        if self.rng.random() < 0.6:
            local += str(self.rng.randrange(1, 100))
        return f"{local}@{self.rng.choice(names.EMAIL_DOMAINS)}"

    def new_person(self) -> Person:
        rng = self.rng
        spanish = rng.random() < SPANISH_SHARE
        first, middle, last = self._names(spanish)
        suffix = rng.choice(names.SUFFIXES) if rng.random() < 0.03 else ""
        place = self.picker.place()
        line1, line2 = self._street()
        roll = rng.random()
        count = 0 if roll < NO_PHONE_SHARE else 2 if roll < NO_PHONE_SHARE + SECOND_PHONE_SHARE else 1
        email = self._email(first, last) if rng.random() < EMAIL_SHARE else ""
        return Person(first, middle, last, suffix, self._ssn(), self._dob(), place, line1, line2,
                      self._phones(place, count), email, bool(email) and rng.random() < 0.5,
                      "es" if spanish else "en")

    def _co_obligor(self, primary: Person) -> Person:
        rng = self.rng
        first, middle, last = self._names(primary.language == "es")
        if rng.random() < 0.7:
            last = primary.last  # spouses mostly share a surname
        age = (self.today - primary.dob).days / 365.25
        phones = self._phones(primary.place, 1) if rng.random() < 0.5 else ()
        return Person(first, middle, last, "", self._ssn(), self._dob(age), primary.place, primary.line1,
                      primary.line2, phones, "", False, primary.language)

    def debtor(self) -> Person:
        """A new person, or now and then one who already owes another account (and may have moved since)."""
        if self.people and self.rng.random() < REPEAT_DEBTOR_SHARE:
            person = self.rng.choice(self.people)
            if self.rng.random() < 0.2:
                place = self.picker.place()
                line1, line2 = self._street()
                person = replace(person, place=place, line1=line1, line2=line2,
                                 phones=self._phones(place, 1) if person.phones else ())
            return person
        person = self.new_person()
        self.people.append(person)
        return person

    # --- debts -----------------------------------------------------------------------------------------------

    def _account_number(self, prefix: str) -> str:
        while True:
            number = f"{prefix}{self.rng.randrange(10**7, 10**8)}"
            if number not in self.account_numbers:
                self.account_numbers.add(number)
                return number

    def _digits(self, pattern: str) -> str:
        return "".join(str(self.rng.randrange(10)) if c == "#" else c for c in pattern)

    def _amount(self, debt: DebtProfile) -> int:
        cents = int(debt.median_cents * math.exp(self.rng.gauss(0, debt.sigma)))
        return max(debt.min_cents, min(debt.max_cents, cents))

    def _dates(self, debt: DebtProfile, person: Person) -> dict[str, date | None]:
        """Delinquent 30 days to 5 years ago (log-uniform: recent debts are the common case), placed after."""
        rng, today = self.rng, self.today
        days_delinquent = int(math.exp(rng.uniform(math.log(30), math.log(5 * 365))))
        delinquent = today - timedelta(days=days_delinquent)
        placed = today - timedelta(days=rng.randint(1, min(120, days_delinquent - 20)))
        if debt.debt_type == "medical":
            opened = delinquent - timedelta(days=rng.randint(45, 120))  # the date of service
        else:
            opened = _years_before(delinquent, rng.randint(*debt.open_years)) - timedelta(days=rng.randrange(30, 365))
        adult = _years_before(person.dob, -18)
        if opened < adult:
            opened = min(adult, delinquent - timedelta(days=30))
        charged_off = None
        if debt.charge_off_after_days:
            candidate = delinquent + timedelta(days=debt.charge_off_after_days + rng.randrange(0, 10))
            charged_off = candidate if candidate < placed else None
        if charged_off:
            basis, itemized = "charge_off", charged_off
        else:
            basis = "last_statement"
            itemized = max(delinquent, placed - timedelta(days=rng.randint(3, 35)))
        last_payment = None
        if debt.debt_type != "medical" and rng.random() < 0.7:
            last_payment = max(opened, delinquent - timedelta(days=rng.randint(20, 60)))
        return {"opened": opened, "delinquent": delinquent, "charged_off": charged_off, "last_payment": last_payment,
                "placed": placed, "itemized": itemized, "basis": basis}

    def _balances(self, profile: ClientProfile, debt: DebtProfile, dates: dict) -> dict[str, int]:
        """Buckets at the itemization date, what happened since, and the buckets now, in cents.

        Payments since the itemization date move `dates["last_payment"]` to the latest of them.
        """
        rng = self.rng
        amount = self._amount(debt)
        interest = round(amount * rng.uniform(*debt.interest_share))
        fees = min(amount // 4, rng.randint(*debt.fees_cents) if rng.random() < 0.5 else 0)
        costs = min(amount // 3, rng.randint(*debt.costs_cents)) if rng.random() < debt.costs_share else 0
        principal = amount - interest - fees - costs
        days_since = (dates["placed"] - dates["itemized"]).days
        interest_since = fees_since = paid = credited = 0
        if profile.terms.get("interest_allowed") and debt.interest_share[1]:
            interest_since = principal * profile.terms["interest_rate_bp"] * days_since // (10_000 * 365)
        if profile.terms.get("fees_allowed") and days_since >= 30 and rng.random() < 0.2:
            fees_since = rng.randint(1000, 3500)
        if days_since >= 20 and rng.random() < profile.payments_share:
            paid = round(principal * rng.uniform(0.05, 0.35))
            dates["last_payment"] = dates["itemized"] + timedelta(days=rng.randint(1, days_since - 1))
        if debt.debt_type == "medical" and rng.random() < 0.05:
            credited = round(principal * rng.uniform(0.1, 0.3))  # a late insurance adjustment
        return {
            "itemization_amount": amount, "interest_since": interest_since, "fees_since": fees_since,
            "payments_since": paid, "credits_since": credited,
            "principal": principal - paid - credited, "interest": interest + interest_since,
            "fees": fees + fees_since, "costs": costs,
        }

    def _date_text(self, day: date | None, style: str) -> str:
        if day is None:
            return ""
        return f"{day:%m/%d/%Y}" if style == "us" else day.isoformat()

    def row(self, profile: ClientProfile) -> dict[str, str]:
        """One account of `profile`'s, as the file's cells (text by column name)."""
        rng = self.rng
        debt_types, weights = zip(*profile.debts)
        debt = DEBTS[rng.choices(debt_types, weights)[0]]
        person = self.debtor()
        dates = self._dates(debt, person)
        money = self._balances(profile, debt, dates)
        style = profile.date_style
        cells = {
            "account_number": self._account_number(profile.account_prefix),
            **_person_cells(person, "", style),
            "original_creditor": rng.choice(profile.original_creditors[debt.debt_type]),
            "original_account_number": self._digits(debt.original_account),
            "debt_type": debt.debt_type,
            "open_date": self._date_text(dates["opened"], style),
            "delinquency_date": self._date_text(dates["delinquent"], style),
            "charge_off_date": self._date_text(dates["charged_off"], style),
            "last_payment_date": self._date_text(dates["last_payment"], style),
            "placement_date": self._date_text(dates["placed"], style),
            "itemization_date": self._date_text(dates["itemized"], style),
            "itemization_basis": dates["basis"],
        }
        for column, cents in money.items():
            cells[column] = cents_to_decimal_text(cents) if cents or column in BALANCE_COLUMNS else ""
        if rng.random() < debt.co_obligor_share:
            cells["co_role"] = "co_obligor" if rng.random() < 0.8 else "guarantor"
            cells.update(_person_cells(self._co_obligor(person), "co_", style))
        return cells

    def rows(self, profile: ClientProfile, count: int) -> list[dict[str, str]]:
        return [self.row(profile) for _ in range(count)]


def _person_cells(person: Person, prefix: str, style: str) -> dict[str, str]:
    p = prefix
    cells = {
        f"{p}first_name": person.first, f"{p}last_name": person.last, f"{p}ssn": person.ssn,
        f"{p}dob": f"{person.dob:%m/%d/%Y}" if style == "us" else person.dob.isoformat(),
        f"{p}address1": person.line1, f"{p}address2": person.line2, f"{p}city": person.place.city,
        f"{p}state": person.place.state, f"{p}zip": person.place.zip_code,
    }
    if person.phones:
        number, kind, consent = person.phones[0]
        cells.update({f"{p}phone": number, f"{p}phone_type": kind})
        if not p:
            cells["phone_autodialer_consent"] = consent
    if p:
        return cells
    cells.update({"middle_name": person.middle, "suffix": person.suffix,
                  "language": "es" if person.language == "es" else ""})
    if len(person.phones) > 1:
        number, kind, consent = person.phones[1]
        cells.update({"phone2": number, "phone2_type": kind, "phone2_autodialer_consent": consent})
    if person.email:
        cells.update({"email": person.email, "email_consent": "Y" if person.email_consent else "N"})
    return cells


def to_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def row_balance_cents(row: dict[str, str]) -> int:
    """What a generated row says the account owes now (principal + interest + fees + costs)."""
    return sum(parse_cents(row[c]) for c in BALANCE_COLUMNS if row.get(c))


def placement_csv(rows: int, seed: int = DEFAULT_SEED, client_profile: ClientProfile | str = CLIENTS[0],
                  *, today: date | None = None) -> bytes:
    """A placement file of `rows` accounts for one client profile (or its code), as CSV bytes."""
    profile = BY_CODE[client_profile] if isinstance(client_profile, str) else client_profile
    return to_csv(PortfolioGenerator(seed, today).rows(profile, rows))


def demo_portfolio(accounts: int, seed: int = DEFAULT_SEED, today: date | None = None,
                   clients: tuple[ClientProfile, ...] = CLIENTS) -> list[tuple[ClientProfile, list[dict[str, str]]]]:
    """`accounts` rows shared among the demo clients, from one pool of people."""
    generator = PortfolioGenerator(seed, today)
    return [(profile, generator.rows(profile, count)) for profile, count in split_accounts(accounts, clients)]
