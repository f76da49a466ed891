"""Real places for demo debtors: USPS ZIP codes with their city, state and time zone, and phone numbers
in an area code that serves the ZIP.

Only active STANDARD ZIPs are used (not PO-box-only or single-business ZIPs). They are drawn by time-zone
region with weights close to where Americans live, so the demo has debtors in every US zone, Arizona
(no daylight saving), Alaska and Hawaii included, which is what the calling-hours rules care about.

Phone numbers have a random exchange and line in one of the ZIP's area codes; each is checked with the
import's own `normalize_phone` and redrawn until it passes, and no number is given to two debtors.
"""

import random
from dataclasses import dataclass
from functools import cache

import zipcodes

from arrears.debtors.normalize import NormalizeError, normalize_phone

# Region -> share of debtors (percent). Eastern and Central carry most of the US population.
REGION_WEIGHTS = {
    "eastern": 46.0,
    "central": 29.0,
    "mountain": 5.5,
    "arizona": 2.5,
    "pacific": 13.5,
    "alaska": 1.0,
    "hawaii": 1.5,
    "atlantic": 1.0,  # Puerto Rico
}
_CENTRAL_EXTRA = ("America/Menominee", "America/Indiana/Knox", "America/Indiana/Tell_City")


def region_of(zone: str) -> str | None:
    if zone == "Pacific/Honolulu":
        return "hawaii"
    if zone in ("America/Anchorage", "America/Juneau", "America/Sitka", "America/Nome", "America/Yakutat",
                "America/Metlakatla"):
        return "alaska"
    if zone == "America/Phoenix":
        return "arizona"
    if zone in ("America/Denver", "America/Boise"):
        return "mountain"
    if zone == "America/Los_Angeles":
        return "pacific"
    if zone == "America/Chicago" or zone.startswith("America/North_Dakota/") or zone in _CENTRAL_EXTRA:
        return "central"
    if zone == "America/Puerto_Rico":
        return "atlantic"
    if zone in ("America/New_York", "America/Detroit") or zone.startswith(("America/Indiana/", "America/Kentucky/")):
        return "eastern"
    return None  # Guam, the Virgin Islands: too few ZIPs to matter here


@dataclass(frozen=True, slots=True)
class Place:
    zip_code: str
    city: str
    state: str
    time_zone: str
    area_codes: tuple[str, ...]  # only codes whose numbers pass normalize_phone


def _usable_area_codes(codes: list[str]) -> tuple[str, ...]:
    usable = []
    for code in codes:
        try:
            normalize_phone(f"{code}5550100")
        except NormalizeError:
            continue
        usable.append(code)
    return tuple(usable)


@cache
def places_by_region() -> dict[str, tuple[Place, ...]]:
    """Active standard ZIPs that have a usable area code, grouped by region, in the package's (stable) order."""
    grouped: dict[str, list[Place]] = {region: [] for region in REGION_WEIGHTS}
    for record in zipcodes.list_all():
        if not record["active"] or record["zip_code_type"] != "STANDARD" or not record["timezone"]:
            continue
        region = region_of(record["timezone"])
        codes = _usable_area_codes(record.get("area_codes") or [])
        if region is None or not codes:
            continue
        grouped[region].append(Place(record["zip_code"], record["city"], record["state"], record["timezone"], codes))
    return {region: tuple(places) for region, places in grouped.items()}


class PlacePicker:
    """Draws places and phone numbers from a caller's random generator, so a seed fixes every choice."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.places = places_by_region()
        self.regions = list(REGION_WEIGHTS)
        self.weights = [REGION_WEIGHTS[r] for r in self.regions]
        self.used_numbers: set[str] = set()

    def place(self) -> Place:
        region = self.rng.choices(self.regions, self.weights)[0]
        return self.rng.choice(self.places[region])

    def phone(self, place: Place) -> str:
        """A valid number in one of the ZIP's area codes, written the way client files write them."""
        for _ in range(50):
            digits = f"{self.rng.choice(place.area_codes)}{self._exchange()}{self.rng.randrange(10_000):04d}"
            if digits in self.used_numbers:
                continue
            try:
                normalize_phone(digits)
            except NormalizeError:
                continue
            self.used_numbers.add(digits)
            break
        else:  # pragma: no cover - every usable area code has millions of valid numbers
            raise RuntimeError(f"no valid phone number found for ZIP {place.zip_code}")
        style = self.rng.random()
        if style < 0.5:
            return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
        if style < 0.8:
            return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
        return digits

    def _exchange(self) -> str:
        """A central-office code: 2-9 first, not N11 (service codes) and not 555 (directory and fiction)."""
        while True:
            code = f"{self.rng.randrange(2, 10)}{self.rng.randrange(10)}{self.rng.randrange(10)}"
            if code[1:] != "11" and code != "555":
                return code
