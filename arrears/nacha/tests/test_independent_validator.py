"""Files our writer produces pass an independent validator from PyPI, achkit (a test-only dependency:
`pip install achkit==0.2.0`). It recomputes record lengths, blocking, check digits, counts, hashes and
totals its own way; the tests skip, saying so, where it is not installed."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arrears.nacha import LineEnding, PaymentType, SecCode, prenote_for, validate_file, write_file

from .factories import batch, entry, file_spec, web_entry
from .strategies import batches

achkit = pytest.importorskip("achkit", reason="achkit, the independent ACH validator used as a test oracle, is not "
                                              "installed (pip install achkit==0.2.0)")

SHAPES = {
    "ppd debit": file_spec(),
    "web debits with addenda and a standing authorisation": file_spec(batch(
        web_entry(addenda="ACCOUNT A-1001"), web_entry(payment_type=PaymentType.STANDING_AUTHORIZATION, key="b"),
        sec_code=SecCode.WEB)),
    "tel debit": file_spec(batch(entry(), sec_code=SecCode.TEL)),
    "ccd debit to a business": file_spec(batch(entry(name="BEST CO", account_number="744-5678-99"),
                                               sec_code=SecCode.CCD)),
    "prenotes beside live entries": file_spec(batch(entry(), prenote_for(entry()),
                                                    prenote_for(entry(transaction_code=37)))),
    "mixed debit and refund": file_spec(batch(entry(), entry(transaction_code=32, amount_cents=500))),
    "several batches, crlf": file_spec(batch(), batch(entry(amount_cents=1)), batch(), line_ending=LineEnding.CRLF),
    "entry hash over 10 digits": file_spec(batch(*[entry(routing_number="999999992")] * 124)),
}


@pytest.mark.parametrize("spec", SHAPES.values(), ids=SHAPES.keys())
def test_files_we_write_pass_achkit(spec):
    report = achkit.validate(write_file(spec).text)
    assert report == {"ok": True, "errors": []}


def test_achkit_does_catch_a_corrupted_copy_of_a_file_we_write():
    text = write_file(file_spec()).text
    corrupted = text.replace("0000012345", "0000012346", 1)  # the entry's amount, not the controls'
    assert {e["code"] for e in achkit.validate(corrupted)["errors"]} == {"BAD_BATCH_DEBIT", "BAD_FILE_DEBIT"}
    assert {p.field for p in validate_file(corrupted)} == {"total_debit_cents"}


@settings(max_examples=60, deadline=None)
@given(st.lists(batches(), min_size=1, max_size=4))
def test_any_file_we_write_passes_achkit(specs):
    assert achkit.validate(write_file(file_spec(*specs)).text) == {"ok": True, "errors": []}
