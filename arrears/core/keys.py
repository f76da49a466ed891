"""The key behind the lookup digests must stay the one the stored digests were made with.

Debtors are matched by keyed digests of their SSN/TIN and of name + date of birth (`crypto.lookup_digest`). A
different key (the last FIELD_ENCRYPTION_KEY, or SECRET_KEY without one) gives different digests, and an import
would then create a second debtor for every person already on file, silently. So the key's fingerprint is kept
in the database, recorded at migrate or first use; `arrears serve` and `arrears worker` refuse to start while the
configured key's fingerprint differs, until `arrears rehash_digests` has recomputed every digest with it.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from . import crypto
from .models import KeyFingerprint

LOOKUP_DIGEST = "lookup-digest"


class DigestKeyChanged(ImproperlyConfigured):
    pass


def record_digest_fingerprint() -> KeyFingerprint:
    """Record the configured key's fingerprint as the one the stored digests are made with (the caller has made
    them so: a new database, or `rehash_digests` within its transaction)."""
    row, _ = KeyFingerprint.objects.update_or_create(name=LOOKUP_DIGEST,
                                                     defaults={"fingerprint": crypto.digest_key_fingerprint()})
    return row


def check_digest_key() -> None:
    """Raise DigestKeyChanged (one line: what to do) when the configured key is not the stored digests' key; record
    it when none is recorded yet."""
    try:
        stored = KeyFingerprint.objects.filter(name=LOOKUP_DIGEST).values_list("fingerprint", flat=True).first()
    except DatabaseError as exc:
        raise ImproperlyConfigured(f"the database cannot be read ({exc}): check DATABASE_URL and run "
                                   "`arrears migrate`") from None
    if stored is None:
        record_digest_fingerprint()
        return
    current = crypto.digest_key_fingerprint()
    if stored != current:
        raise DigestKeyChanged(
            f"the lookup-digest key (the last FIELD_ENCRYPTION_KEY, or SECRET_KEY without one) is not the key the "
            f"stored SSN and identity digests were made with (fingerprint {current[:12]}, stored {stored[:12]}): put "
            f"the old key back at the end of FIELD_ENCRYPTION_KEY, or run `arrears rehash_digests` to recompute "
            f"every digest with the new key")
