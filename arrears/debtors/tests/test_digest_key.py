"""The key behind the SSN and identity digests: a change is noticed, serving refuses to start until the digests are
recomputed with it, and recomputing them keeps debtors matched."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from arrears.audit.models import AuditEvent
from arrears.core import crypto
from arrears.core.keys import DigestKeyChanged, check_digest_key
from arrears.core.models import KeyFingerprint
from arrears.debtors.models import Debtor
from arrears.debtors.normalize import identity_key
from conftest import MARIA

pytestmark = pytest.mark.django_db
OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


@pytest.fixture
def keyed(settings):
    """A deployment with its own FIELD_ENCRYPTION_KEY, its fingerprint recorded at first use."""
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    KeyFingerprint.objects.all().delete()  # a database from before the key was set: the first use records it
    check_digest_key()
    return settings


def maria_digests(debtor: Debtor) -> tuple[str, str]:
    return (crypto.lookup_digest("ssn", "123456789"),
            crypto.lookup_digest("identity", identity_key("Lopez", "Maria", "1980-04-02")))


def test_a_new_database_records_the_key_at_migrate_and_starts():
    assert KeyFingerprint.objects.get(name="lookup-digest").fingerprint == crypto.digest_key_fingerprint()
    check_digest_key()


def test_rotating_the_encryption_key_the_documented_way_changes_nothing(keyed):
    keyed.FIELD_ENCRYPTION_KEYS = [NEW, OLD]  # a new key first encrypts; the oldest, last, keeps the digests
    check_digest_key()


def test_a_changed_digest_key_stops_the_worker(keyed, client_acme, place):
    place(client_acme, MARIA)
    keyed.FIELD_ENCRYPTION_KEYS = [OLD, NEW]  # appended by mistake: NEW, last, would make the digests

    with pytest.raises(DigestKeyChanged, match="not the key the stored SSN and identity digests were made with"):
        call_command("worker", batch=True)


def test_rehashing_recomputes_every_digest_in_one_go_and_debtors_still_match(keyed, client_acme, place):
    place(client_acme, MARIA, MARIA.replace("A-1001", "A-1003").replace("123-45-6789", ""))
    debtor = Debtor.objects.get()
    old = (debtor.tax_id_digest, debtor.identity_digest)
    keyed.FIELD_ENCRYPTION_KEYS = [OLD, NEW]

    call_command("rehash_digests")

    debtor.refresh_from_db()
    assert (debtor.tax_id_digest, debtor.identity_digest) == maria_digests(debtor) != old
    check_digest_key()  # serving may start again
    event = AuditEvent.objects.get(action="debtors.digests_rehashed")
    assert event.after["debtors_changed"] == 1 and event.object_type == "core.keyfingerprint"
    again = place(client_acme, MARIA.replace("A-1001", "A-2001"))
    assert again.status == "imported" and Debtor.objects.count() == 1  # matched to Maria by the new digests


def test_rehashing_with_a_key_that_cannot_read_the_data_changes_nothing(keyed, client_acme, place):
    place(client_acme, MARIA)
    before = list(Debtor.objects.values_list("tax_id_digest", "identity_digest"))
    fingerprint = KeyFingerprint.objects.get().fingerprint
    keyed.FIELD_ENCRYPTION_KEYS = [NEW]

    with pytest.raises(Exception, match="cannot be decrypted"):
        call_command("rehash_digests")

    assert list(Debtor.objects.values_list("tax_id_digest", "identity_digest")) == before
    assert KeyFingerprint.objects.get().fingerprint == fingerprint
    assert not AuditEvent.objects.filter(action="debtors.digests_rehashed").exists()


def test_serve_and_the_worker_refuse_in_one_line_until_rehash_digests_has_run(tmp_path):
    """The console script against a database of its own: the key changes between runs."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "FIELD_ENCRYPTION_KEY")}
    env.update(DEBUG="1", ARREARS_VAR_DIR=str(tmp_path), FIELD_ENCRYPTION_KEY=OLD)
    script = Path(sys.executable).with_name("arrears")

    def arrears(*args, **more):
        return subprocess.run([str(script), *args], env={**env, **more}, cwd=tmp_path, capture_output=True,
                              text=True, timeout=60)

    assert arrears("migrate", "--no-input").returncode == 0
    assert arrears("worker", "--batch").returncode == 0
    refused = arrears("worker", "--batch", FIELD_ENCRYPTION_KEY=f"{OLD},{NEW}")
    assert refused.returncode == 2 and len(refused.stderr.splitlines()) == 1
    assert refused.stderr.startswith("arrears: configuration error: the lookup-digest key")
    serving = arrears("serve", "--port", "0", FIELD_ENCRYPTION_KEY=f"{OLD},{NEW}")  # would serve until the timeout
    assert serving.returncode == 2 and "run `arrears rehash_digests`" in serving.stderr
    rehashed = arrears("rehash_digests", FIELD_ENCRYPTION_KEY=f"{OLD},{NEW}")
    assert rehashed.returncode == 0, rehashed.stderr
    assert arrears("worker", "--batch", FIELD_ENCRYPTION_KEY=f"{OLD},{NEW}").returncode == 0


def test_an_unmigrated_database_is_one_line_too(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "FIELD_ENCRYPTION_KEY")}
    env.update(DEBUG="1", ARREARS_VAR_DIR=str(tmp_path))
    done = subprocess.run([str(Path(sys.executable).with_name("arrears")), "worker", "--batch"], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1
    assert "configuration error: the database cannot be read" in done.stderr and "arrears migrate" in done.stderr
