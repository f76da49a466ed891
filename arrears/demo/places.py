"""Real places for demo debtors: USPS ZIP codes with their city, state and time zone, and phone numbers
in an area code that serves the ZIP.

Only active STANDARD ZIPs are used (not PO-box-only or single-business ZIPs). They are drawn by time-zone
region with weights close to where Americans live, so the demo has debtors in every US zone, Arizona
(no daylight saving), Alaska and Hawaii included, which is what the calling-hours rules care about.

Phone numbers are in one of the ZIP's area codes (only codes whose numbers pass the import's own
`normalize_phone`), always in the fictional 555-0100..0199 range.
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
        """A number in one of the ZIP's area codes, written the way client files write them.

        Only 555-0100 to 555-0199 is used: the range NANPA keeps for fiction, so a demo database can never
        reach a real person if it is ever connected to a dialer or an SMS gateway. That is 100 numbers per
        area code; once a code's are all given out, numbers repeat across debtors.
        """
        digits = ""
        for _ in range(20):
            digits = f"{self.rng.choice(place.area_codes)}5550{100 + self.rng.randrange(100)}"
            if digits not in self.used_numbers:
                break
        self.used_numbers.add(digits)
        style = self.rng.random()
        if style < 0.5:
            return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
        if style < 0.8:
            return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
        return digits
