"""Hash chains that make append-only rows tamper-evident (pure Python, no Django).

Each sealed row gets a link: the SHA-256 of the previous link and the row's canonical content. Changing a
row, removing one or removing a link breaks the chain from there on, and `first_break` names the first
broken link. The content is canonical JSON (sorted keys, dates and times in ISO form), so the same row read
back from any database gives the same link.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

GENESIS = "0" * 64


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} has no canonical form")


def canonical(content) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), default=_plain, ensure_ascii=False).encode()


def link(previous: str, content) -> str:
    """The link that seals `content` after the link `previous`."""
    return hashlib.sha256(previous.encode() + b"\x1e" + canonical(content)).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first link of a chain that does not hold: `seq` is the link, `row_id` the row it seals."""

    seq: int
    row_id: int
    problem: str

    def __str__(self) -> str:
        return f"link {self.seq}: row {self.row_id} {self.problem}"


def first_break(links, contents: dict, previous: str = GENESIS) -> tuple[Break | None, str]:
    """Check `links`, an iterable of (seq, row_id, link) in order, against `contents` (row_id -> canonical
    content, missing for a row that is gone). Returns the first break (or None) and the last link checked."""
    for seq, row_id, stored in links:
        if row_id not in contents:
            return Break(seq, row_id, "is gone: it was sealed and has since been deleted"), previous
        if link(previous, contents[row_id]) != stored:
            return Break(seq, row_id, "was changed after it was sealed, or an earlier link was removed"), previous
        previous = stored
    return None, previous
