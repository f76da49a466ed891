"""A debtor's phones, emails and addresses: added normalised, changed without losing the history."""

import re

import pytest

from arrears.accounts.queries import parties
from arrears.audit.models import AuditEvent
from arrears.core.errors import InvalidInput
from arrears.debtors.actions import (
    add_address,
    add_email,
    add_phone,
    end_contact_point,
    replace_address,
    replace_phone,
    set_phone_status,
)
from arrears.debtors.models import Address, Email, Phone


@pytest.fixture
def maria_account(acme_accounts):
    return acme_accounts["A-1001"]


@pytest.fixture
def maria(maria_account):
    return maria_account.parties.get().debtor


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def rows() -> tuple[int, int, int, int]:
    return Phone.objects.count(), Email.objects.count(), Address.objects.count(), AuditEvent.objects.count()


# --- phones ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "e164", "zones"), [
    ("(503) 555-0100", "+15035550100", ["America/Los_Angeles"]),
    ("1.503.555.0100", "+15035550100", ["America/Los_Angeles"]),
    ("808 555 0100", "+18085550100", ["Pacific/Honolulu"]),
    ("+44 20 7946 0958", "+442079460958", ["Europe/London"]),
])
def test_a_phone_is_stored_in_e164_with_the_time_zones_of_its_area_code(maria, collector, typed, e164, zones):
    phone = add_phone(maria, typed, collector, kind="mobile", consent_text=True)

    phone.refresh_from_db()
    assert (phone.e164, phone.time_zones, phone.kind, phone.source) == (e164, zones, "mobile", "collector")
    assert (phone.active, phone.status, phone.added_by) == (True, "valid", collector)
    # The consent was given in the relationship of Maria's only client, Acme.
    [supplied] = phone.provenance.all()
    assert (supplied.client.code, supplied.consent_text, supplied.source) == ("acme", True, "collector")
    [event] = events("debtor.phone_added")
    assert (event.actor, event.debtor_id, event.after["e164"]) == (collector, maria.pk, e164)


@pytest.mark.parametrize(("typed", "problem"), [
    ("555-0134", "'555-0134' is not a valid phone number"),
    ("call me", "'call me' is not a phone number"),
    ("(123) 456-7890", "'(123) 456-7890' is not a valid phone number"),
])
def test_a_phone_that_is_not_a_number_is_refused_with_a_clear_message(maria, collector, typed, problem):
    before = rows()

    with pytest.raises(InvalidInput) as refused:
        add_phone(maria, typed, collector)

    assert (str(refused.value), refused.value.field) == (problem, "number")
    assert rows() == before


def test_a_phone_already_on_file_is_not_added_twice(maria, collector):
    with pytest.raises(InvalidInput, match=r"\+16025550134 is already on file"):
        add_phone(maria, "602-555-0134", collector)

    assert Phone.objects.filter(debtor=maria).count() == 1


def test_replacing_a_phone_keeps_the_old_one_ended_with_its_reason(maria, maria_account, collector):
    old = Phone.objects.get(debtor=maria)

    new = replace_phone(old, "(602) 555-0199", "debtor has a new number", collector, kind="mobile")

    old.refresh_from_db()
    assert (old.active, old.ended_reason) == (False, "debtor has a new number")
    assert old.ended_at is not None
    assert (new.e164, new.active, new.kind) == ("+16025550199", True, "mobile")
    [replaced] = events("debtor.phone_replaced")
    assert (replaced.actor, replaced.debtor_id, replaced.object_id) == (collector, maria.pk, str(old.pk))
    assert replaced.before == {"e164": "+16025550134"}
    assert replaced.after == {"e164": "+16025550199", "reason": "debtor has a new number"}
    # The account screen shows both, the current one first.
    [party] = parties(maria_account)
    assert [(p.e164, p.active) for p in party.phones] == [("+16025550199", True), ("+16025550134", False)]


def test_a_phone_can_be_replaced_by_the_same_number_to_correct_its_type(maria, collector):
    old = Phone.objects.get(debtor=maria)

    new = replace_phone(old, "602 555 0134", "it is a landline", collector, kind="landline")

    assert (new.e164, new.kind) == (old.e164, "landline")
    assert list(Phone.objects.filter(debtor=maria, active=True)) == [new]


def test_replacing_a_phone_needs_a_reason(maria, collector):
    old = Phone.objects.get(debtor=maria)
    before = rows()

    with pytest.raises(InvalidInput, match="say why the number changed"):
        replace_phone(old, "(602) 555-0199", "  ", collector)

    assert rows() == before
    assert Phone.objects.get(pk=old.pk).active


def test_replacing_a_phone_by_a_bad_number_changes_nothing(maria, collector):
    old = Phone.objects.get(debtor=maria)
    before = rows()

    with pytest.raises(InvalidInput, match="'602-555' is not a valid phone number"):
        replace_phone(old, "602-555", "new number", collector)

    assert rows() == before
    stored = Phone.objects.get(pk=old.pk)
    assert (stored.active, stored.ended_at, stored.ended_reason) == (True, None, "")
    assert (old.active, old.ended_at, old.ended_reason) == (True, None, "")


def test_an_ended_phone_cannot_be_ended_again_so_its_history_stays(maria, collector):
    old = Phone.objects.get(debtor=maria)
    replace_phone(old, "(602) 555-0199", "debtor has a new number", collector)
    ended = Phone.objects.get(pk=old.pk)

    with pytest.raises(InvalidInput, match="already ended"):
        replace_phone(ended, "(602) 555-0177", "another number", collector)
    with pytest.raises(InvalidInput, match="already ended"):
        end_contact_point(ended, "wrong number", collector)

    again = Phone.objects.get(pk=old.pk)
    assert (again.ended_at, again.ended_reason) == (ended.ended_at, "debtor has a new number")
    assert Phone.objects.filter(debtor=maria, active=True).count() == 1


def test_a_phone_status_change_is_audited_once(maria, collector):
    phone = Phone.objects.get(debtor=maria)

    set_phone_status(phone, "disconnected", collector, reason="carrier intercept")
    set_phone_status(phone, "disconnected", collector)

    assert Phone.objects.get(pk=phone.pk).status == "disconnected"
    [event] = events("debtor.phone_status")
    assert (event.before, event.after) == ({"status": "valid"}, {"status": "disconnected"})
    assert "carrier intercept" in event.summary


@pytest.mark.parametrize(("call", "field"), [
    (lambda d, u: add_phone(d, "(602) 555-0199", u, kind="pager"), "kind"),
    (lambda d, u: add_phone(d, "(602) 555-0199", u, source="rumour"), "source"),
    (lambda d, u: set_phone_status(Phone.objects.get(debtor=d), "haunted", u), "status"),
])
def test_values_outside_their_choices_are_refused(maria, collector, call, field):
    before = rows()

    with pytest.raises(InvalidInput) as refused:
        call(maria, collector)

    assert refused.value.field == field
    assert rows() == before


# --- emails ---------------------------------------------------------------------------------------------------


def test_an_email_is_stored_with_its_domain_in_lower_case_and_audited(maria, collector):
    email = add_email(maria, "  Maria.Lopez@Example.ORG ", collector, consent_email=True)

    assert (email.address, email.source) == ("Maria.Lopez@example.org", "collector")
    assert [(p.client.code, p.consent_email) for p in email.provenance.all()] == [("acme", True)]
    [event] = events("debtor.email_added")
    assert (event.actor, event.debtor_id) == (collector, maria.pk)


@pytest.mark.parametrize(("typed", "problem"), [
    ("maria at example.com", "'maria at example.com' is not an email address"),
    ("maria@", "'maria@' is not an email address"),
    ("a" * 64 + "@" + "b" * 60 + ".example" * 20 + ".com", "at most 254"),
])
def test_an_email_that_is_not_an_address_is_refused_with_a_clear_message(maria, collector, typed, problem):
    before = rows()

    with pytest.raises(InvalidInput, match=problem) as refused:
        add_email(maria, typed, collector)

    assert refused.value.field == "address"
    assert rows() == before


def test_an_email_already_on_file_is_not_added_twice(maria, collector):
    with pytest.raises(InvalidInput, match="maria@example.com is already on file"):
        add_email(maria, "maria@EXAMPLE.com", collector)


# --- addresses ------------------------------------------------------------------------------------------------


def test_an_address_is_stored_with_the_time_zone_of_its_zip(maria, collector):
    address, warnings = add_address(maria, collector, line1=" 700  Ocean Ave ", line2="Apt 2", city="Honolulu",
                                    state="hi", zip_code="96815-1234")

    address.refresh_from_db()
    assert (address.line1, address.line2, address.city, address.state) == ("700 Ocean Ave", "Apt 2", "Honolulu", "HI")
    assert (address.zip_code, address.zip4, address.time_zones) == ("96815", "1234", ["Pacific/Honolulu"])
    assert warnings == []
    [event] = events("debtor.address_added")
    assert (event.actor, event.debtor_id) == (collector, maria.pk)


def test_an_address_whose_zip_is_in_another_state_is_kept_with_a_warning(maria, collector):
    address, warnings = add_address(maria, collector, line1="700 Ocean Ave", city="Honolulu", state="CA",
                                    zip_code="96815")

    assert warnings == ["ZIP 96815 belongs to HI, not CA"]
    assert Address.objects.filter(pk=address.pk).exists()


@pytest.mark.parametrize(("parts", "problem"), [
    ({"line1": "", "city": "Phoenix", "state": "AZ", "zip_code": "85004"}, "street address (line 1) is missing"),
    ({"line1": "1 Main St", "city": "", "state": "AZ", "zip_code": "85004"}, "city is missing"),
    ({"line1": "1 Main St", "city": "Phoenix", "state": "Arizona", "zip_code": "85004"}, "'ARIZONA' is not a US state"),
    ({"line1": "1 Main St", "city": "Phoenix", "state": "AZ", "zip_code": "8500"}, "'8500' is not a ZIP code"),
    ({"line1": "1 Main St " * 13, "city": "Phoenix", "state": "AZ", "zip_code": "85004"}, "at most 120 fit"),
])
def test_an_address_that_cannot_be_used_is_refused_with_a_clear_message(maria, collector, parts, problem):
    before = rows()

    with pytest.raises(InvalidInput, match=re.escape(problem)) as refused:
        add_address(maria, collector, **parts)

    assert refused.value.field == "address"
    assert rows() == before


def test_the_same_address_spelt_differently_is_not_added_twice(maria, collector):
    with pytest.raises(InvalidInput, match="already on file"):
        add_address(maria, collector, line1="12 MAIN ST.", city="Phoenix", state="AZ", zip_code="85004")


def test_replacing_an_address_keeps_the_old_one_ended_with_its_reason(maria, maria_account, collector):
    old = Address.objects.get(debtor=maria)

    new, warnings = replace_address(old, collector, reason="debtor moved", line1="80 Oak Ave", city="Tucson",
                                    state="AZ", zip_code="85701")

    old.refresh_from_db()
    assert (old.active, old.ended_reason) == (False, "debtor moved") and old.ended_at is not None
    assert (new.line1, new.city, new.active, new.time_zones) == ("80 Oak Ave", "Tucson", True, ["America/Phoenix"])
    assert warnings == []
    [event] = events("debtor.address_replaced")
    assert (event.actor, event.debtor_id) == (collector, maria.pk)
    assert event.before == {"address": "12 Main St, Phoenix, AZ 85004"}
    assert event.after == {"address": "80 Oak Ave, Tucson, AZ 85701", "reason": "debtor moved"}
    [party] = parties(maria_account)
    assert party.current_address == new
    assert {a.pk for a in party.addresses} == {old.pk, new.pk}


def test_replacing_an_address_needs_a_reason_and_a_usable_address(maria, collector):
    old = Address.objects.get(debtor=maria)
    before = rows()

    with pytest.raises(InvalidInput, match="say why the address changed"):
        replace_address(old, collector, reason="", line1="80 Oak Ave", city="Tucson", state="AZ", zip_code="85701")
    with pytest.raises(InvalidInput, match="'XX' is not a US state"):
        replace_address(old, collector, reason="moved", line1="80 Oak Ave", city="Tucson", state="XX", zip_code="85701")

    assert rows() == before
    assert Address.objects.get(pk=old.pk).active and old.active


# --- ending a contact point -----------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Phone, Email, Address])
def test_ending_a_contact_point_keeps_it_with_the_reason_and_audits_it(maria, collector, model):
    point = model.objects.get(debtor=maria)

    end_contact_point(point, "debtor asked us not to use it", collector)

    point.refresh_from_db()
    assert (point.active, point.ended_reason) == (False, "debtor asked us not to use it")
    [event] = events(f"debtor.{model._meta.model_name}_ended")
    assert (event.actor, event.debtor_id, event.after) == (collector, maria.pk, {"reason": "debtor asked us not to use it"})


def test_ending_a_contact_point_needs_a_reason(maria, collector):
    point = Email.objects.get(debtor=maria)

    with pytest.raises(InvalidInput, match="say why"):
        end_contact_point(point, " ", collector)

    assert Email.objects.get(pk=point.pk).active
