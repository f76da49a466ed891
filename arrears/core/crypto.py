"""Encryption of personal data at rest, and keyed digests to find rows by it without decrypting.

SSNs and dates of birth are stored as Fernet tokens. To match a debtor by SSN during an import we
store an HMAC-SHA256 of the normalised value: equal inputs give equal digests, but the digest cannot be
reversed without the key, unlike a plain hash of a 9-digit number.
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _key_from_secret(secret: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(f"arrears-field-key:{secret}".encode()).digest())


def _fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.FIELD_ENCRYPTION_KEYS), settings.SECRET_KEY)


@cache
def _fernet_for(keys: tuple, secret: str) -> MultiFernet:
    keys = keys or (_key_from_secret(secret).decode(),)
    try:
        return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])
    except ValueError:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY holds a value that is not a Fernet key") from None


def _digest_key() -> bytes:
    # The oldest key is used so that rotating the encryption key does not change existing digests.
    keys = settings.FIELD_ENCRYPTION_KEYS
    return _digest_key_for(keys[-1] if keys else settings.SECRET_KEY)


@cache
def _digest_key_for(primary: str) -> bytes:
    return hashlib.sha256(f"arrears-lookup-digest:{primary}".encode()).digest()


def digest_key_fingerprint() -> str:
    """A one-way fingerprint of the key behind `lookup_digest`, stored to notice when the key changes (a change
    would silently stop SSN and identity matching): it says whether two keys are the same, nothing of either."""
    return hmac.digest(_digest_key(), b"arrears-lookup-digest-fingerprint", "sha256").hex()


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured("stored personal data cannot be decrypted with FIELD_ENCRYPTION_KEY") from None


def encrypt_bytes(data: bytes) -> bytes:
    """Encrypt a whole file (e.g. a placement file, which carries SSNs and dates of birth)."""
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(token)
    except InvalidToken:
        raise ImproperlyConfigured("a stored file cannot be decrypted with FIELD_ENCRYPTION_KEY") from None


def lookup_digest(kind: str, value: str) -> str:
    """A stable keyed digest of `value`, namespaced by `kind` so an SSN never equals a name digest."""
    # hmac.digest is the one-shot form of hmac.new(...).digest(): same bytes, a third of the time.
    return hmac.digest(_digest_key(), f"{kind}:{value}".encode(), "sha256").hex()


def generate_key() -> str:
    return Fernet.generate_key().decode()
