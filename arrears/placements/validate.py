"""Row-by-row validation of a placement file. Produces clean rows and a list of issues; writes nothing.

Errors make a row unusable (it is imported only with --skip-bad-rows, and then not that row);
warnings are reported but the row is imported, without the piece named (e.g. an invalid phone).
"""

import re
from dataclasses import dataclass, field
from datetime import date

from arrears.core.money import MoneyFormatError, format_cents, parse_cents
from arrears.debtors.normalize import (
    NormalAddress,
    NormalizeError,
    NormalPhone,
    normalize_address,
    normalize_ein,
    normalize_email,
    normalize_phone,
    normalize_ssn,
    parse_one_line_address,
)

from .format import BY_NAME, REQUIRED, SENSITIVE
from .reader import CELL_PROBLEMS, FileProblem, Table

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Issue:
    row: int | None  # None: the file as a whole
    column: str
    severity: str
    problem: str


@dataclass(slots=True)
class Party:
    role: str
    kind: str
    first_name: str
    middle_name: str
    last_name: str
    suffix: str
    business_name: str
    tax_id_kind: str
    tax_id: str
    birth_date: date | None
    language: str
    phones: list[tuple[NormalPhone, str, bool]] = field(default_factory=list)  # (number, kind, autodialer consent)
    email: tuple[str, bool] | None = None  # (address, consent)
    address: NormalAddress | None = None


@dataclass(slots=True)
class PlacementRow:
    row: int
    account_number: str
    original_creditor: str
    original_account_number: str
    debt_type: str
    opened_on: date | None
    delinquent_on: date | None
    charged_off_on: date | None
    last_payment_on: date | None
    placed_on: date
    balances: dict[str, int]
    itemization_on: date
    itemization_basis: str
    itemization_amount_cents: int
    itemization_interest_cents: int
    itemization_fees_cents: int
    itemization_payments_cents: int
    itemization_credits_cents: int
    parties: list[Party]


class RowError(Exception):
    def __init__(self, column: str, problem: str):
        super().__init__(problem)
        self.column = column
        self.problem = problem


_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(text: str) -> date:
    try:
        if len(text) == 10 and text[4] == "-":
            return date.fromisoformat(text)
        match = _US_DATE.match(text)
        if match:
            month, day, year = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None
    raise ValueError(f"{text!r} is not a date (use YYYY-MM-DD or MM/DD/YYYY)")


_FILE_ORDER = {name: index for index, name in enumerate(BY_NAME)}
_PLAIN_AMOUNT = re.compile(r"[0-9]{1,15}\.[0-9]{2}")
_TRUE = {"y", "yes", "true", "1", "t", "x"}
_FALSE = {"n", "no", "false", "0", "f", ""}


class RowReader:
    """Typed access to one row's cells. Each accessor records warnings, and records a cell's error and
    answers an empty value, so that every problem of a row is reported, not only the first; the row is
    rejected when any error was recorded (`errors`)."""

    def __init__(self, number: int, values: dict[str, str], issues: list[Issue]):
        self.number = number
        self.values = values
        self.issues = issues
        self.errors: list[RowError] = []
        # Cells the reader could not give (too long, a NUL byte, a formula without a value) are errors as they
        # are, in file order; their columns read as blank and report nothing more.
        self.unreadable: dict[str, str] = values.pop(CELL_PROBLEMS, {})
        for column in sorted(self.unreadable, key=_FILE_ORDER.get):
            self.errors.append(RowError(column, self.unreadable[column]))

    def error(self, column: str, problem: str, answer=None):
        """Record that the row is wrong in `column`, and go on with `answer` to find its other problems."""
        if column not in self.unreadable:
            self.errors.append(RowError(column, problem))
        return answer

    def failed(self, *columns: str) -> bool:
        return any(e.column in columns for e in self.errors)

    def text(self, column: str) -> str:
        value = self.values.get(column, "")
        limit = BY_NAME[column].max_length
        if limit and len(value) > limit:
            return self.error(column, f"is {len(value)} characters long; at most {limit} fit", value[:limit])
        return value

    def warn(self, column: str, problem: str) -> None:
        self.issues.append(Issue(self.number, column, WARNING, problem))

    def _echo(self, column: str, value: str) -> str:
        return "the value" if column in SENSITIVE else repr(value)

    def date(self, column: str, required: bool = False) -> date | None:
        value = self.values.get(column, "")
        if not value:
            return self.error(column, "is required") if required else None
        try:
            return parse_date(value)
        except ValueError:
            return self.error(column, f"{self._echo(column, value)} is not a date (use YYYY-MM-DD or MM/DD/YYYY)")

    def money(self, column: str, required: bool = False) -> int | None:
        value = self.values.get(column, "")
        if not value:
            return self.error(column, "is required") if required else None
        if _PLAIN_AMOUNT.fullmatch(value):  # "1234.56", as most files write amounts: what parse_cents gives
            return int(value.replace(".", ""))
        try:
            cents = parse_cents(value)
        except MoneyFormatError as exc:
            return self.error(column, str(exc))
        if cents < 0:
            return self.error(column, f"{value!r} is negative; balances and itemization figures cannot be")
        return cents

    def choice(self, column: str, default: str | None = None) -> str:
        value = self.values.get(column, "")
        if not value:
            return self.error(column, "is required", "") if default is None else default
        choices = BY_NAME[column].choices
        key = value.strip().lower()
        if key in choices:
            return choices[key]
        allowed = sorted(set(choices.values()))
        return self.error(column, f"{value!r} is not one of: {', '.join(allowed)}", default or "")

    def flag(self, column: str) -> bool:
        value = self.values.get(column, "").strip().lower()
        if value in _TRUE:
            return True
        if value not in _FALSE:
            self.warn(column, f"{value!r} is not Y or N; read as N")
        return False


def _party(r: RowReader, prefix: str, role: str, language: str) -> Party:
    p = prefix
    first, middle, last = r.text(f"{p}first_name"), r.text(f"{p}middle_name"), r.text(f"{p}last_name")
    business = r.text(f"{p}business_name")
    if not last and not business:
        r.error(f"{p}last_name", f"is required (or {p}business_name for a business)")
    kind = "person" if last else "business"
    tax_kind, tax_id = "", ""
    if ssn := r.values.get(f"{p}ssn", ""):
        try:
            tax_kind, tax_id = "ssn", normalize_ssn(ssn)
        except NormalizeError as exc:
            r.error(f"{p}ssn", str(exc))
    elif ein := r.values.get(f"{p}ein", ""):
        try:
            tax_kind, tax_id = "ein", normalize_ein(ein)
        except NormalizeError as exc:
            r.error(f"{p}ein", str(exc))
    birth_date = r.date(f"{p}dob")
    party = Party(role, kind, first, middle, last, r.text(f"{p}suffix"), business, tax_kind, tax_id, birth_date,
                  language)
    for number_col, kind_col, consent_col in (
        (f"{p}phone", f"{p}phone_type", f"{p}phone_autodialer_consent"),
        *((("phone2", "phone2_type", "phone2_autodialer_consent"),) if not p else ()),
    ):
        raw = r.values.get(number_col, "")
        if not raw:
            continue
        try:
            phone = normalize_phone(raw)
        except NormalizeError as exc:
            r.warn(number_col, f"{exc}; the number was not imported")
            continue
        phone_kind = _lenient_choice(r, kind_col, "unknown")
        if any(existing.e164 == phone.e164 for existing, _, _ in party.phones):
            continue
        party.phones.append((phone, phone_kind, r.flag(consent_col)))
    if raw_email := r.values.get(f"{p}email", ""):
        try:
            party.email = (normalize_email(raw_email), r.flag("email_consent") if not p else False)
        except NormalizeError as exc:
            r.warn(f"{p}email", f"{exc}; the address was not imported")
    party.address = _address(r, p)
    return party


def _address(r: RowReader, p: str) -> NormalAddress | None:
    line1, line2 = r.text(f"{p}address1"), r.text(f"{p}address2")
    city, state, zip_code = r.text(f"{p}city"), r.values.get(f"{p}state", ""), r.values.get(f"{p}zip", "")
    if not any((line1, line2, city, state, zip_code)):
        return None
    if line1 and not (city or state or zip_code) and "," in line1:
        try:
            line1, line2, city, state, zip_code = parse_one_line_address(line1)
        except NormalizeError as exc:
            r.warn(f"{p}address1", f"{exc}; the address was not imported")
            return None
    try:
        address, notes = normalize_address(line1, line2, city, state, zip_code)
    except NormalizeError as exc:
        r.warn(f"{p}address1", f"address not imported: {exc}")
        return None
    for note in notes:
        r.warn(f"{p}zip", note)
    return address


_CO_COLUMNS = tuple(name for name in BY_NAME if name.startswith("co_"))


def _has_co_party(values: dict[str, str]) -> bool:
    return any(values.get(name) for name in _CO_COLUMNS)


def _lenient_choice(r: RowReader, column: str, default: str) -> str:
    """A choice whose bad value is a warning, read as `default`."""
    errors = len(r.errors)
    value = r.choice(column, default=default)
    if len(r.errors) > errors:
        r.warn(column, f"{r.errors.pop().problem}; read as {default}")
        return default
    return value


def validate_row(r: RowReader, today: date, max_cents: int | None = None) -> PlacementRow:
    """The row's clean values, or RowError for its first problem with every problem in `r.errors`."""
    if shape := r.values.get("__shape__"):
        raise RowError("", f"the row {shape}")
    account_number = r.text("account_number")
    if not account_number:
        r.error("account_number", "is required")
    language = "en"
    if r.values.get("language"):
        language = _lenient_choice(r, "language", "en")
    parties = [_party(r, "", "primary", language)]
    if _has_co_party(r.values):
        parties.append(_party(r, "co_", r.choice("co_role", default="co_obligor"), language))

    balances = {
        "principal": r.money("principal", required=True) or 0,
        "interest": r.money("interest") or 0,
        "fees": r.money("fees") or 0,
        "costs": r.money("costs") or 0,
    }
    total = sum(balances.values())
    amounts_read = not r.failed(*balances)
    if amounts_read and total == 0:
        r.error("principal", "the account owes nothing: principal, interest, fees and costs are all 0")
    if amounts_read and max_cents is not None and total > max_cents:
        r.error("principal", f"the balance of {format_cents(total)} is more than the client's largest accepted "
                             f"amount ({format_cents(max_cents)}); check the figures, or raise the client's limit")

    placed_on = r.date("placement_date") or today
    if placed_on > today:
        r.error("placement_date", f"{placed_on} is in the future")
    itemization_on = r.date("itemization_date", required=True)
    if itemization_on and itemization_on > placed_on:
        r.error("itemization_date", f"{itemization_on} is after the placement date {placed_on}")
    dates = {c: r.date(c) for c in ("open_date", "delinquency_date", "charge_off_date", "last_payment_date")}
    for column, value in dates.items():
        if value and value > placed_on:
            r.error(column, f"{value} is after the placement date {placed_on}")
    if dates["open_date"] and dates["delinquency_date"] and dates["open_date"] > dates["delinquency_date"]:
        r.warn("delinquency_date", "is before the open date")
    for party, prefix in zip(parties, ("", "co_")):
        if party.birth_date and party.birth_date >= today:
            r.error(f"{prefix}dob", "the date of birth is not in the past")
        if party.birth_date and (today.year - party.birth_date.year) > 120:
            r.warn(f"{prefix}dob", "the date of birth makes the debtor older than 120")

    interest_since = r.money("interest_since") or 0
    fees_since = r.money("fees_since") or 0
    payments_since = r.money("payments_since") or 0
    credits_since = r.money("credits_since") or 0
    itemization_amount = r.money("itemization_amount")
    itemization_basis = r.choice("itemization_basis")
    debt_type = r.choice("debt_type", default="other")
    original_creditor, original_account = r.text("original_creditor"), r.text("original_account_number")
    if r.errors:  # the itemization is checked against figures that read cleanly only
        raise r.errors[0]
    if itemization_amount is None:
        itemization_amount = total - interest_since - fees_since + payments_since + credits_since
        if itemization_amount < 0:
            raise RowError("itemization_amount", "is blank and cannot be derived: interest and fees since exceed the balance")
    itemized = itemization_amount + interest_since + fees_since - payments_since - credits_since
    if itemized != total:
        raise RowError(
            "itemization_amount",
            f"itemization gives {itemized / 100:.2f} (amount + interest_since + fees_since - payments_since - "
            f"credits_since) but principal + interest + fees + costs is {total / 100:.2f}",
        )
    return PlacementRow(
        row=r.number,
        account_number=account_number,
        original_creditor=original_creditor,
        original_account_number=original_account,
        debt_type=debt_type,
        opened_on=dates["open_date"],
        delinquent_on=dates["delinquency_date"],
        charged_off_on=dates["charge_off_date"],
        last_payment_on=dates["last_payment_date"],
        placed_on=placed_on,
        balances=balances,
        itemization_on=itemization_on,
        itemization_basis=itemization_basis,
        itemization_amount_cents=itemization_amount,
        itemization_interest_cents=interest_since,
        itemization_fees_cents=fees_since,
        itemization_payments_cents=payments_since,
        itemization_credits_cents=credits_since,
        parties=parties,
    )


@dataclass
class Validation:
    rows: list[PlacementRow]
    issues: list[Issue]
    rows_total: int
    rows_rejected: int

    @property
    def errors(self) -> int:
        return sum(1 for i in self.issues if i.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for i in self.issues if i.severity == WARNING)


def check_columns(table: Table) -> list[Issue]:
    issues = [Issue(None, "", WARNING, note) for note in table.notes]
    missing = [c for c in REQUIRED if c not in table.columns]
    if "last_name" not in table.columns and "business_name" not in table.columns:
        missing.append("last_name (or business_name)")
    if missing:
        raise FileProblem(f"required columns are missing: {', '.join(missing)}")
    issues += [Issue(1, name, WARNING, "unknown column, ignored") for name in table.ignored_columns]
    return issues


def validate_table(table: Table, today: date, progress=None, *, max_cents: int | None = None) -> Validation:
    """Validate every row, reporting every problem of each. `progress(rows_done)` is called every 1,000 rows.
    A balance above `max_cents` (the client's largest accepted amount) is an error on its row."""
    issues = check_columns(table)
    rows: list[PlacementRow] = []
    first_seen: dict[str, int] = {}
    total = rejected = 0
    for number, values in table.rows:
        total += 1
        r = RowReader(number, values, issues)
        try:
            row = validate_row(r, today, max_cents)
            if (earlier := first_seen.get(row.account_number)) is not None:
                raise RowError("account_number", f"{row.account_number!r} is also on row {earlier}")
            first_seen[row.account_number] = number
            rows.append(row)
        except RowError as exc:
            rejected += 1
            issues += [Issue(number, e.column, ERROR, e.problem) for e in (r.errors if exc in r.errors
                                                                           else [*r.errors, exc])]
        if progress and total % 1000 == 0:
            progress(total)
    if total == 0:
        raise FileProblem("the file has a header but no rows")
    if progress:
        progress(total)
    return Validation(rows, issues, total, rejected)
