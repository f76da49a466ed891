"""Consent belongs to the creditor relationship it was given in.

Maria Lopez owes Acme and Beta and is one debtor to the agency. Acme's file gave autodialer consent for her
mobile; Beta's file sent the same mobile without it. What the collector records while working Acme's account
(a TCPA consent, consent to texts or to further calls) is Acme's. The facts `arrears compliance explain`
builds for Beta's account show none of it, and the engine refuses there what it allows for Acme. What
protects the consumer (a death, a bankruptcy, a cease of every debt) counts for both.
"""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient
from django.utils import timezone

from arrears.compliance.actions import record_restriction
from arrears.core.errors import InvalidInput

pytestmark = pytest.mark.django_db

HEADER = ("account_number,first_name,last_name,ssn,dob,phone,phone_type,phone_autodialer_consent,email,"
          "email_consent,address1,city,state,zip,principal,itemization_date,itemization_basis")
ACME_ROW = ("A-1001,Maria,Lopez,123-45-6789,1980-04-02,(602) 555-0134,mobile,Y,maria@example.com,Y,"
            "12 Main St,Phoenix,AZ,85004,1200.00,2025-06-30,charge_off")
BETA_ROW = ("B-9001,Mary,Lopes,123-45-6789,1980-04-02,(602) 555-0134,mobile,N,maria@example.com,N,"
            "12 Main St,Phoenix,AZ,85004,300.00,2025-05-01,last_statement")
MOBILE = "+16025550134"


def place_both(place, client_acme, client_beta, acme_row: str = ACME_ROW) -> dict:
    acme = place(client_acme, acme_row, header=HEADER)
    beta = place(client_beta, BETA_ROW, header=HEADER)
    assert acme.status == beta.status == "imported", (acme.report_csv, beta.report_csv)
    a, b = acme.accounts.get(), beta.accounts.get()
    return {"A": a, "B": b, "maria": a.parties.get().debtor}


@pytest.fixture
def shared(client_acme, client_beta, place):
    return place_both(place, client_acme, client_beta)


@pytest.fixture
def shared_without_consent(client_acme, client_beta, place):
    """As `shared`, but Acme's file gave no autodialer consent either."""
    return place_both(place, client_acme, client_beta, ACME_ROW.replace(",mobile,Y,", ",mobile,N,"))


def explain(number: str, *options: str) -> tuple[dict, dict]:
    out = StringIO()
    call_command("compliance", "explain", number, "--facts", *options, stdout=out)
    text = out.getvalue()
    return json.loads(text[:text.rindex('\n{"account"')]), json.loads(text.splitlines()[-1])


def mobile(facts: dict) -> dict:
    return next(p for p in facts["contact_points"] if p.get("value") == MOBILE)


def r17(decision: dict) -> list[dict]:
    return [r for r in decision["reasons"] if r["rule"] == "R17"]


def blocked_by_r17(decision: dict) -> bool:
    return not decision["allowed"] and any(r["effect"] == "block" for r in r17(decision))


def test_a_placement_files_autodialer_consent_is_its_own_clients(shared):
    acme_facts, acme = explain("A-1001", "--action", "call", "--dialer", "autodialer", "--phone", MOBILE)
    beta_facts, beta = explain("B-9001", "--action", "call", "--dialer", "autodialer", "--phone", MOBILE)

    assert mobile(acme_facts)["tcpa_prior_express_consent"] is True
    assert not any(r["effect"] == "block" for r in r17(acme))
    assert mobile(beta_facts)["tcpa_prior_express_consent"] is False
    assert blocked_by_r17(beta)


def test_a_placement_files_email_consent_is_its_own_clients(shared):
    acme_facts, _ = explain("A-1001", "--action", "email")
    beta_facts, _ = explain("B-9001", "--action", "email")

    email = lambda facts: next(p for p in facts["contact_points"] if p["type"] == "email")  # noqa: E731
    assert email(acme_facts)["creditor_obtained_from_consumer"] is True
    assert email(beta_facts)["creditor_obtained_from_consumer"] is False


def test_a_tcpa_consent_recorded_on_one_clients_account_is_not_consent_for_the_others(shared_without_consent,
                                                                                     collector):
    shared = shared_without_consent
    maria = shared["maria"]
    phone = maria.phone_set.get(e164=MOBILE)
    # Neither file gave consent: it is recorded while Acme's account is worked, "about all her debts".
    http = HttpClient()
    http.force_login(collector)
    response = http.post(f"/accounts/{shared['A'].pk}/restrictions", {
        "kind": "tcpa_consent", "debtor": maria.pk, "scope": "all", "phone": phone.pk,
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "received_via": "phone",
        "evidence": "On the recorded call she agreed to autodialed calls about her Acme card"})
    assert response.status_code == 200 and "Recorded." in response.content.decode()

    acme_facts, acme = explain("A-1001", "--action", "sms", "--dialer", "autodialer", "--phone", MOBILE)
    beta_facts, beta = explain("B-9001", "--action", "sms", "--dialer", "autodialer", "--phone", MOBILE)

    assert mobile(acme_facts)["tcpa_prior_express_consent"] is True
    assert not any(r["effect"] == "block" for r in r17(acme))
    assert mobile(beta_facts)["tcpa_prior_express_consent"] is False
    assert blocked_by_r17(beta)


@pytest.mark.parametrize("kind, details", [
    ("sms_consent", {}),
    ("consent_additional_calls", {"until_date": None}),
    ("consent_inconvenient_time", {}),
])
def test_a_consent_recorded_for_one_client_is_absent_from_the_other_clients_facts(shared, collector, client_acme,
                                                                                  kind, details):
    maria = shared["maria"]
    record_restriction(maria, collector, kind=kind, received_at=timezone.now() - timedelta(hours=1),
                       received_via="phone", evidence="said so on the call about the Acme card", client=client_acme,
                       phone=maria.phone_set.get(e164=MOBILE) if kind == "sms_consent" else None, details=details)

    acme_facts, _ = explain("A-1001", "--action", "call")
    beta_facts, _ = explain("B-9001", "--action", "call")

    assert kind in {e["event"] for e in acme_facts["history"]}
    assert kind not in {e["event"] for e in beta_facts["history"]}


def test_a_consent_for_a_debtor_of_two_clients_must_say_which_clients(shared, collector):
    with pytest.raises(InvalidInput) as refused:
        record_restriction(shared["maria"], collector, kind="sms_consent", received_at=timezone.now(),
                           received_via="phone", evidence="said texts are fine",
                           phone=shared["maria"].phone_set.get(e164=MOBILE))

    assert refused.value.field == "client"


def test_what_protects_the_consumer_counts_for_every_creditor(shared, collector, client_acme):
    maria = shared["maria"]
    record_restriction(maria, collector, kind="deceased", received_at=timezone.now() - timedelta(hours=2),
                       received_via="scrub", evidence="scrub vendor hit, SSA death master file", client=client_acme)
    record_restriction(maria, collector, kind="tcpa_revocation", received_at=timezone.now() - timedelta(hours=1),
                       received_via="phone", evidence="stop the robocalls", client=client_acme,
                       phone=maria.phone_set.get(e164=MOBILE))

    beta_facts, beta = explain("B-9001", "--action", "call")

    assert beta_facts["consumer"]["deceased"] is True
    assert "tcpa_revocation" in {e["event"] for e in beta_facts["history"]}
    assert not beta["allowed"]


def test_the_compliance_panel_of_the_other_clients_account_does_not_list_the_consent(shared, collector, client_acme):
    maria = shared["maria"]
    record_restriction(maria, collector, kind="sms_consent", received_at=timezone.now() - timedelta(hours=1),
                       received_via="phone", evidence="texts are fine for the Acme card", client=client_acme,
                       phone=maria.phone_set.get(e164=MOBILE))
    http = HttpClient()
    http.force_login(collector)

    def panel(account) -> str:
        html = http.get(f"/accounts/{account.pk}/").content.decode()
        start = html.index('id="compliance"')
        return html[start:html.index("</section>", start)]

    assert "texts are fine for the Acme card" in panel(shared["A"])
    assert "texts are fine for the Acme card" not in panel(shared["B"])
