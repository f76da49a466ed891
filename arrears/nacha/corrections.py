"""The corrected data of a notification of change (addenda 98 positions 36-64), split into its parts.

Parts are read by position as nacha.md §10 lays them out ("p" counts within the 29-character field).
moov writes C03, C06 and C07 split on whitespace and right-aligned instead, so when the positional
reading does not give well-formed parts, a whitespace split is tried before giving up.
"""

from dataclasses import dataclass

from .codes import is_known_transaction_code
from .reasons import Correction, change_reason
from .routing import routing_number_problem


@dataclass(frozen=True, slots=True)
class CorrectedData:
    """The new values a NOC gives; None for the parts its change code does not correct."""

    raw: str
    routing_number: str | None = None
    account_number: str | None = None
    transaction_code: int | None = None
    individual_name: str | None = None
    individual_id: str | None = None

    def value_of(self, correction: Correction):
        return getattr(self, correction.value)


# (start, end) within the 29-character field, 1-based and inclusive, per change code.
_POSITIONS: dict[str, dict[Correction, tuple[int, int]]] = {
    "C01": {Correction.ACCOUNT_NUMBER: (1, 17)},
    "C02": {Correction.ROUTING_NUMBER: (1, 9)},
    "C03": {Correction.ROUTING_NUMBER: (1, 9), Correction.ACCOUNT_NUMBER: (13, 29)},
    "C04": {Correction.INDIVIDUAL_NAME: (1, 22)},
    "C05": {Correction.TRANSACTION_CODE: (1, 2)},
    "C06": {Correction.ACCOUNT_NUMBER: (1, 17), Correction.TRANSACTION_CODE: (21, 22)},
    "C07": {Correction.ROUTING_NUMBER: (1, 9), Correction.ACCOUNT_NUMBER: (10, 26),
            Correction.TRANSACTION_CODE: (27, 28)},
    "C09": {Correction.INDIVIDUAL_ID: (1, 22)},
}


def _part_problem(correction: Correction, value: str) -> str | None:
    if not value:
        return f"the {correction.value.replace('_', ' ')} is blank"
    if correction is Correction.ROUTING_NUMBER:
        return routing_number_problem(value)
    if correction is Correction.ACCOUNT_NUMBER and " " in value:
        return f"the account number {value!r} has embedded spaces"
    if correction is Correction.TRANSACTION_CODE and not (value.isdigit() and is_known_transaction_code(int(value))):
        return f"{value!r} is not a transaction code"
    return None


def _build(raw: str, parts: dict[Correction, str]) -> CorrectedData:
    values = {c.value: (int(v) if c is Correction.TRANSACTION_CODE else v) for c, v in parts.items()}
    return CorrectedData(raw=raw, **values)


def _by_whitespace(corrected: str, wanted: list[Correction]) -> dict[Correction, str] | None:
    tokens = corrected.split()
    if len(tokens) == len(wanted):
        return dict(zip(wanted, tokens, strict=True))
    # C07 written with the routing and account run together: split the routing off the first token.
    if wanted[:2] == [Correction.ROUTING_NUMBER, Correction.ACCOUNT_NUMBER] and len(tokens) == len(wanted) - 1:
        return dict(zip(wanted, [tokens[0][:9], tokens[0][9:], *tokens[1:]], strict=True))
    return None


def read_corrected_data(change_code: str, corrected: str) -> tuple[CorrectedData, list[str]]:
    """Split `corrected` (the field's text) for `change_code`; also return sentences naming each
    malformed part (empty when well-formed). Codes with no parts (C08, C13, C14, refused NOCs,
    unknown codes) keep only the raw text."""
    code = change_code.strip().upper()
    positions = _POSITIONS.get(code)
    if positions is None:
        return CorrectedData(raw=corrected), []
    padded = corrected.ljust(29)
    by_position = {c: padded[start - 1:end].strip() for c, (start, end) in positions.items()}
    problems = [p for c, v in by_position.items() if (p := _part_problem(c, v))]
    if not problems:
        return _build(corrected, by_position), []
    fallback = _by_whitespace(corrected, list(positions))
    if fallback and not any(_part_problem(c, v) for c, v in fallback.items()):
        return _build(corrected, fallback), []
    reason = change_reason(code)
    what = reason.description if reason else code
    return CorrectedData(raw=corrected), [f"corrected data {corrected!r} for {code} ({what}): {p}" for p in problems]
