"""The periodic jobs are the ones the installed apps register in their own jobs.py, listed by time of day."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_jobs_list_names_every_app_registered_job_in_time_order():
    out = StringIO()
    call_command("jobs", "list", stdout=out)
    listed = [line.split()[0] for line in out.getvalue().splitlines()]
    assert listed == ["placements.sweep", "ledger.seal", "arrangements.evaluate", "payments.interest", "payments.cards",
                      "payments.ach"]
    assert "every banking_day  15:00  never run" in out.getvalue()


def test_a_job_nobody_registers_cannot_be_run():
    with pytest.raises(Exception, match="invalid choice: 'payments.nightly'"):
        call_command("jobs", "run", "payments.nightly")
