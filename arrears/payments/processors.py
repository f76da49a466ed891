"""Card and bank payments through a processor. arrears talks to one `Processor`; a vendor's gateway is an
adapter behind it (PAYMENT_PROCESSOR). Card numbers never reach arrears' database: the processor turns them
into a token, and charges are made against the token.

The `fake` processor is the local stand-in for development, tests and demos. It behaves like a gateway:
charges are idempotent by key (the same key returns the same charge), and test card numbers decide the
outcome: 4242 4242 4242 4242 is approved, 4000 0000 0000 0002 is declined, 4000 0000 0000 9995 is declined
for insufficient funds; an amount ending in 13 cents is declined by the issuer. It keeps its charges in a
JSON file under var/ so the web server and the worker see the same ones.
"""

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from arrears.core.errors import InvalidInput


@dataclass(frozen=True)
class Token:
    token: str
    label: str           # "Visa ····4242"
    last4: str


@dataclass(frozen=True)
class Charge:
    approved: bool
    reference: str
    message: str = ""


class Processor:
    """What a payment gateway adapter provides."""

    name = "processor"

    def tokenize_card(self, number: str, exp_month: int, exp_year: int, cvc: str, holder: str) -> Token:
        raise NotImplementedError

    def charge(self, *, token: str, amount_cents: int, idempotency_key: str, description: str) -> Charge:
        raise NotImplementedError


_BRANDS = {"4": "Visa", "5": "Mastercard", "3": "Amex", "6": "Discover"}
_DECLINED = {"4000000000000002": "card declined", "4000000000009995": "insufficient funds"}


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


class FakeProcessor(Processor):
    name = "fake"
    _lock = threading.Lock()

    def __init__(self, path: Path | None = None):
        self.path = Path(path or settings.FAKE_PROCESSOR_PATH)

    def tokenize_card(self, number, exp_month, exp_year, cvc, holder) -> Token:
        digits = "".join(ch for ch in str(number) if ch.isdigit())
        if not 13 <= len(digits) <= 19 or not _luhn_ok(digits):
            raise InvalidInput("that is not a valid card number", field="card_number")
        if not (1 <= int(exp_month) <= 12) or int(exp_year) < 2000:
            raise InvalidInput("the expiry date is not valid", field="card_expiry")
        if not str(cvc).isdigit() or len(str(cvc)) not in (3, 4):
            raise InvalidInput("the security code is 3 or 4 digits", field="card_cvc")
        token = "tok_" + hashlib.sha256(f"{digits}:{exp_month}:{exp_year}".encode()).hexdigest()[:24]
        self._write(token, {"card": digits})
        return Token(token, f"{_BRANDS.get(digits[0], 'Card')} ····{digits[-4:]}", digits[-4:])

    def charge(self, *, token, amount_cents, idempotency_key, description) -> Charge:
        with self._lock:
            state = self._read()
            done = state["charges"].get(idempotency_key)
            if done is not None:
                return Charge(done["approved"], done["reference"], done["message"])
            card = state["tokens"].get(token, {}).get("card")
            if card is None:
                result = Charge(False, "", "unknown card token")
            elif card in _DECLINED:
                result = Charge(False, "", _DECLINED[card])
            elif amount_cents % 100 == 13:
                result = Charge(False, "", "declined by the issuer")
            else:
                result = Charge(True, "ch_" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:20])
            state["charges"][idempotency_key] = {"approved": result.approved, "reference": result.reference,
                                                 "message": result.message, "amount_cents": amount_cents,
                                                 "token": token, "description": description}
            self._save(state)
        return result

    def _read(self) -> dict:
        try:
            return json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {"tokens": {}, "charges": {}}

    def _save(self, state: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(state))
        temporary.replace(self.path)

    def _write(self, token: str, value: dict) -> None:
        with self._lock:
            state = self._read()
            state["tokens"][token] = value
            self._save(state)


def get_processor() -> Processor:
    name = settings.PAYMENT_PROCESSOR
    if name == "fake":
        return FakeProcessor()
    raise InvalidInput(f"no adapter for the payment processor {name!r}")  # pragma: no cover - settings refuse it
