"""Turning what clients and collectors type into canonical contact data, with the time zones it implies.

Pure functions over strings (no database): used by the placement import, forms and the API alike.
Each raises NormalizeError with a sentence that can be shown next to the field.
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import phonenumbers
import usaddress
import zipcodes
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from phonenumbers import timezone as phone_timezone

US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
    "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP AA AE AP".split()
)


class NormalizeError(ValueError):
    pass


EMAIL_MAX_LENGTH = 254
ADDRESS_LINE_MAX_LENGTH = 120
CITY_MAX_LENGTH = 80
MATCH_KEY_MAX_LENGTH = 200


@dataclass(frozen=True, slots=True)
class NormalPhone:
    e164: str
    time_zones: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NormalAddress:
    line1: str
    line2: str
    city: str
    state: str
    zip_code: str
    zip4: str
    time_zones: tuple[str, ...]

    @property
    def match_key(self) -> str:
        return address_match_key(self.line1, self.line2, self.zip_code)


_NON_DIGITS = re.compile(r"\D")


_NANP_TEN_DIGITS = re.compile(r"[2-9]\d{9}")


@lru_cache(maxsize=250_000)  # bounded: a long-running worker sees many numbers
def _phone_by_digits(digits: str) -> NormalPhone | None:
    if _NANP_TEN_DIGITS.fullmatch(digits):
        # What parse(digits, "US") returns for ten digits not starting with 0 or 1 (no international or
        # national prefix to strip), built directly: parsing was a third of an import's phone time.
        parsed = phonenumbers.PhoneNumber(country_code=1, national_number=int(digits))
    else:
        try:
            parsed = phonenumbers.parse(digits, "US")
        except phonenumbers.NumberParseException:
            return None
    # is_valid_number and time_zones_for_number each work out the number's type (the costly part of
    # both); working it out once gives the same answers in half the time, which a large import notices.
    number_type = phonenumbers.number_type(parsed)
    if number_type == phonenumbers.PhoneNumberType.UNKNOWN:  # exactly when is_valid_number is false
        return None
    if phonenumbers.is_number_type_geographical(number_type, parsed.country_code):
        found = phone_timezone.time_zones_for_geographical_number(parsed)
    else:
        found = phone_timezone.time_zones_for_number(parsed)
    zones = tuple(z for z in found if "/" in z)
    return NormalPhone(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), zones)


def normalize_phone(raw: str) -> NormalPhone:
    """'(212) 555-0123' -> +12125550123 with ('America/New_York',). US numbers unless '+' says otherwise."""
    text = raw.strip()
    digits = ("+" if text.startswith("+") else "") + _NON_DIGITS.sub("", text)
    if not digits.strip("+"):
        raise NormalizeError(f"{raw!r} is not a phone number")
    result = _phone_by_digits(digits)
    if result is None:
        raise NormalizeError(f"{raw!r} is not a valid phone number")
    return result


def normalize_email(raw: str) -> str:
    text = raw.strip()
    local, _, domain = text.rpartition("@")
    candidate = f"{local}@{domain.lower()}" if local else text
    try:
        validate_email(candidate)
    except ValidationError:
        raise NormalizeError(f"{raw!r} is not an email address") from None
    if len(candidate) > EMAIL_MAX_LENGTH:
        # Mail servers refuse longer addresses (RFC 5321), and the column holds no more.
        raise NormalizeError(f"the email address is {len(candidate)} characters long; at most {EMAIL_MAX_LENGTH} work")
    return candidate


@cache
def _zip_index() -> dict[str, dict]:
    return {z["zip_code"]: z for z in zipcodes.list_all()}


def zip_info(zip5: str) -> dict | None:
    """City, state and IANA zone of a US ZIP code, from the zipcodes package's USPS data."""
    return _zip_index().get(zip5)


def zip_time_zones(zip5: str) -> tuple[str, ...]:
    info = zip_info(zip5)
    return (info["timezone"],) if info and info["timezone"] else ()


_ZIP = re.compile(r"^(\d{5})(?:-?(\d{4}))?$")
_SPACES = re.compile(r"\s+")


def normalize_address(line1: str, line2: str, city: str, state: str, zip_code: str) -> tuple[NormalAddress, list[str]]:
    """Validate a US postal address; return it with its time zone and any warnings worth showing.

    Errors (missing street, unknown state, malformed ZIP) raise; an unknown ZIP or a ZIP in another
    state is only a warning, since USPS data lags new ZIPs and people mistype the state more than the ZIP.
    """
    line1, line2, city = (_SPACES.sub(" ", v.strip()) for v in (line1, line2, city))
    state = state.strip().upper()
    if not line1:
        raise NormalizeError("street address (line 1) is missing")
    if not city:
        raise NormalizeError("city is missing")
    for label, value, limit in (("street address (line 1)", line1, ADDRESS_LINE_MAX_LENGTH),
                                ("line 2", line2, ADDRESS_LINE_MAX_LENGTH), ("city", city, CITY_MAX_LENGTH)):
        if len(value) > limit:
            raise NormalizeError(f"{label} is {len(value)} characters long; at most {limit} fit")
    if state not in US_STATES:
        raise NormalizeError(f"{state!r} is not a US state code")
    match = _ZIP.match(zip_code.strip())
    if not match:
        raise NormalizeError(f"{zip_code!r} is not a ZIP code (12345 or 12345-6789)")
    zip5, zip4 = match.group(1), match.group(2) or ""
    warnings = []
    info = zip_info(zip5)
    if info is None:
        warnings.append(f"ZIP {zip5} is not in the USPS list; its time zone is unknown")
    elif info["state"] != state:
        warnings.append(f"ZIP {zip5} belongs to {info['state']}, not {state}")
    return NormalAddress(line1, line2, city, state, zip5, zip4, zip_time_zones(zip5)), warnings


def parse_one_line_address(text: str) -> tuple[str, str, str, str, str]:
    """Split '12 Main St Apt 4, Springfield, IL 62704' into (line1, line2, city, state, zip)."""
    try:
        tagged, _kind = usaddress.tag(text)
    except usaddress.RepeatedLabelError:
        raise NormalizeError(f"{text!r} could not be read as one address") from None
    occupancy_keys = ("OccupancyType", "OccupancyIdentifier", "SubaddressType", "SubaddressIdentifier")
    street_keys = [k for k in tagged if k not in {"PlaceName", "StateName", "ZipCode", *occupancy_keys}]
    line1 = " ".join(tagged[k] for k in street_keys).strip(" ,")
    line2 = " ".join(tagged[k] for k in occupancy_keys if k in tagged).strip(" ,")
    return line1, line2, tagged.get("PlaceName", "").strip(" ,"), tagged.get("StateName", ""), tagged.get("ZipCode", "")


def address_match_key(line1: str, line2: str, zip5: str) -> str:
    """Two spellings of one address ('12 Main St.' / '12 MAIN ST') get the same key."""
    text = f"{line1} {line2}".upper()
    text = re.sub(r"[^A-Z0-9 ]", "", text)
    # Two full lines can be longer than the key's column; their first 190-odd characters tell them apart.
    return f"{zip5}|{_SPACES.sub(' ', text).strip()}"[:MATCH_KEY_MAX_LENGTH]


_SSN = re.compile(r"^(\d{3})-?(\d{2})-?(\d{4})$")


def normalize_ssn(raw: str) -> str:
    """'123-45-6789' -> '123456789'. Refuses numbers the SSA never issues (000, 666, 9xx areas, 00 group, 0000 serial)."""
    match = _SSN.match(raw.strip().replace(" ", ""))
    if not match:
        raise NormalizeError("SSN must have 9 digits (123-45-6789)")
    area, group, serial = match.groups()
    if area in ("000", "666") or area.startswith("9") or group == "00" or serial == "0000":
        raise NormalizeError("SSN is not one the Social Security Administration issues")
    return area + group + serial


_EIN = re.compile(r"^(\d{2})-?(\d{7})$")


def normalize_ein(raw: str) -> str:
    match = _EIN.match(raw.strip().replace(" ", ""))
    if not match:
        raise NormalizeError("EIN must have 9 digits (12-3456789)")
    return "".join(match.groups())


def name_key(last: str, first: str) -> str:
    return _SPACES.sub(" ", f"{last} {first}".lower()).strip()


def identity_key(last: str, first: str, birth_date_iso: str) -> str:
    """What two records of one person share: letters of last and first name, and the date of birth."""
    letters = re.sub(r"[^a-z]", "", last.lower()) + "|" + re.sub(r"[^a-z]", "", first.lower())
    return f"{letters}|{birth_date_iso}"
