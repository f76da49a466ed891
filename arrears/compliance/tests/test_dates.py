"""Legal dates from the database are the agency's dates: the database keeps instants in UTC, and a letter sent
or a dispute received in the evening is dated the agency's day, not the next UTC day."""

import json
from datetime import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from arrears.compliance.actions import record_restriction
from arrears.contacts.models import ContactAttempt
from conftest import NEW_YORK

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def maria(acme_accounts):
    return acme_accounts["A-1001"]


def explain(*args) -> tuple[dict, dict]:
    out = StringIO()
    call_command("compliance", "explain", "A-1001", "--facts", *args, stdout=out)
    text = out.getvalue()
    return json.loads(text[:text.rindex('\n{"account"')]), json.loads(text.splitlines()[-1])


def test_a_dispute_received_at_nine_in_the_evening_eastern_is_dated_that_day(maria, collector, settings):
    settings.TIME_ZONE = "America/New_York"
    debtor = maria.parties.get().debtor
    with time_machine.travel(datetime(2026, 4, 9, 13, 0, tzinfo=NEW_YORK), tick=False):
        record_restriction(debtor, collector, kind="written_dispute", account=maria, received_via="mail",
                           received_at=datetime(2026, 4, 8, 21, 0, tzinfo=NEW_YORK),
                           evidence="Letter disputing the balance, opened at the evening mail run.")

        facts, decision = explain("--action", "letter", "--at", "2026-04-09T13:00:00-04:00")

    assert facts["collector"]["tz"] == "America/New_York"
    [stop] = [r for r in decision["reasons"] if r["rule"] == "R14" and r["effect"] == "block"]
    assert "in writing on 04/08/2026" in stop["message"]


def test_the_agency_s_zone_comes_from_the_time_zone_setting(maria, settings):
    settings.TIME_ZONE = "America/Chicago"

    facts, _ = explain("--action", "call")

    assert facts["collector"]["tz"] == "America/Chicago"


def test_two_validation_notices_sent_the_same_evening_and_morning_give_the_same_end_date(client, collector, maria):
    address = maria.parties.get().debtor.address_set.get()
    client.force_login(collector)

    for hour, minute in ((10, 0), (20, 30)):  # Tuesday 11/24; 20:30 Eastern is already 11/25 in UTC
        with time_machine.travel(datetime(2026, 11, 24, hour, minute, tzinfo=NEW_YORK), tick=False):
            client.force_login(collector)
            html = client.post(f"/accounts/{maria.pk}/messages", {
                "channel": "letter", "point": f"address-{address.pk}", "kind": "validation_notice"},
                headers=HTMX).content.decode()
            assert "Letter queued for the mail house." in html

    morning, evening = ContactAttempt.objects.filter(channel="letter").order_by("occurred_at")
    # receipt assumed Wednesday 12/02 (Thanksgiving and the weekend skipped): the period ends 01/01/2027
    assert "by January 1, 2027" in morning.body
    assert "by January 1, 2027" in evening.body
