"""Card and bank payments through a processor. arrears talks to one `Processor`; a vendor's gateway is an
adapter behind it: a subclass of `Processor` named by its dotted path in PAYMENT_PROCESSOR. Card numbers are
never written anywhere by arrears (database, files, logs): the processor turns them into a token, charges are
made against the token, and arrears keeps the token, a label and the last four digits.

The `fake` processor is the local stand-in for development, tests and demos. It behaves like a gateway:
charges are idempotent by key (the same key returns the same charge), and test card numbers decide the
outcome: 4242 4242 4242 4242 is approved, 4000 0000 0000 0002 is declined, 4000 0000 0000 9995 is declined
for insufficient funds; an amount ending in 13 cents is declined by the issuer. It keeps its tokens and charges
in a JSON file under var/ so the web server and the worker see the same ones: for a token, the last four digits
and the outcome the test card decides, never the number.
"""

import hashlib
import json
import secrets
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

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
    """What a payment gateway adapter provides. A real gateway implements both methods in a subclass, constructed
    without arguments (it reads its own settings), and is named by PAYMENT_PROCESSOR=package.module.ClassName.

    - `tokenize_card` sends the card to the gateway and returns its token, a label ("Visa ····4242") and the
      last four digits; raise InvalidInput(field=...) for a card the gateway refuses as malformed.
    - `charge` charges a token once per `idempotency_key` (the same key must return the same charge, however
      often it is retried) and returns whether it was approved, the gateway's reference, and its message.
    """

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
        # A random token: a digest of the number could be reversed by trying the few unknown digits.
        token = "tok_" + secrets.token_hex(12)
        self._write(token, {"last4": digits[-4:], "decline": _DECLINED.get(digits, "")})
        return Token(token, f"{_BRANDS.get(digits[0], 'Card')} ····{digits[-4:]}", digits[-4:])

    def charge(self, *, token, amount_cents, idempotency_key, description) -> Charge:
        with self._lock:
            state = self._read()
            done = state["charges"].get(idempotency_key)
            if done is not None:
                return Charge(done["approved"], done["reference"], done["message"])
            card = state["tokens"].get(token)
            if card is None:
                result = Charge(False, "", "unknown card token")
            elif card["decline"]:
                result = Charge(False, "", card["decline"])
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
            state = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {"tokens": {}, "charges": {}}
        for token, card in state["tokens"].items():
            if "card" in card:  # a file from before numbers were dropped: keep what the outcome needs only
                state["tokens"][token] = {"last4": card["card"][-4:], "decline": _DECLINED.get(card["card"], "")}
        return state

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


@cache
def processor_class(name: str) -> type[Processor]:
    """The adapter PAYMENT_PROCESSOR names; ImproperlyConfigured, naming the setting, when it is not one."""
    if name == "fake":
        return FakeProcessor
    try:
        adapter = import_string(name)
    except ImportError as exc:
        raise ImproperlyConfigured(f"PAYMENT_PROCESSOR={name!r} cannot be imported: {exc}") from None
    if not (isinstance(adapter, type) and issubclass(adapter, Processor)):
        raise ImproperlyConfigured(f"PAYMENT_PROCESSOR={name!r} is not a subclass of "
                                   "arrears.payments.processors.Processor")
    return adapter


def get_processor() -> Processor:
    return processor_class(settings.PAYMENT_PROCESSOR)()
