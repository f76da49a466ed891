"""Signing in through the login page: repeated wrong passwords lock the username from that address for a while,
the lock is audited, and a password may not resemble the user's own name."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm

from arrears.audit.models import AuditEvent
from arrears.core.errors import InvalidInput
from arrears.users import roles
from arrears.users.actions import create_user
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, **extra):
    return client.post("/login/", {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_right_password_signs_in(client, collector):
    response = sign_in(client, "carla", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_after_five_wrong_passwords_even_the_right_one_is_refused_until_the_cool_off_ends(
        client, collector, business_hours):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert sign_in(client, "carla", "wrong-password-1").status_code == 200  # the form again, with its error
    fifth = sign_in(client, "carla", "wrong-password-1")
    assert fifth.status_code == 429

    locked = sign_in(client, "carla", PASSWORD)
    page = locked.content.decode()
    assert locked.status_code == 429 and not signed_in(client)
    assert "Sign-in is paused" in page and "15 minutes" in page and 'class="panel' in page

    business_hours.shift(timedelta(minutes=16))
    response = sign_in(client, "carla", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_the_lock_is_for_that_username_from_that_address_only(client, collector, senior):
    for _ in range(5):
        sign_in(client, "carla", "wrong-password-1")

    assert sign_in(client, "sam", PASSWORD).status_code == 302  # another user from the same address
    client.logout()
    assert sign_in(client, "carla", PASSWORD, REMOTE_ADDR="10.1.2.3").status_code == 302  # carla elsewhere


def test_each_refused_sign_in_while_locked_is_audited(client, collector):
    for _ in range(5):
        sign_in(client, "carla", "wrong-password-1")
    sign_in(client, "carla", PASSWORD)

    events = AuditEvent.objects.filter(action="user.sign_in_locked").order_by("id")
    assert events.count() == 2  # the fifth failure, and the right password refused after it
    event = events.last()
    assert (event.object_type, event.object_id) == ("users.user", str(collector.pk))
    assert event.after == {"username": "carla", "ip_address": "127.0.0.1", "failures": 6}
    assert PASSWORD not in str(event.after) and "wrong-password" not in event.summary


def test_a_locked_unknown_username_is_audited_too(client):
    for _ in range(5):
        sign_in(client, "nobody", "wrong-password-1")
    event = AuditEvent.objects.get(action="user.sign_in_locked")
    assert event.after["username"] == "nobody" and event.object_type == "axes.accessattempt"


# --- passwords ---------------------------------------------------------------------------------------------------


def test_a_new_user_may_not_have_a_password_like_the_username(db):
    with pytest.raises(InvalidInput, match="too similar to the username") as refused:
        create_user("mlopez2024", "mlopez2024!", roles.COLLECTOR, None)
    assert refused.value.field == "password"


def test_a_new_user_may_not_have_a_password_like_the_name(db):
    with pytest.raises(InvalidInput, match="too similar to the first name"):
        create_user("jdoe", "Margarita1980", roles.COLLECTOR, None, first_name="Margarita")


def test_changing_a_password_to_one_like_the_username_is_refused(db):
    user = create_user("margarita.lopez", PASSWORD, roles.COLLECTOR, None)
    form = SetPasswordForm(user, {"new_password1": "MargaritaLopez1", "new_password2": "MargaritaLopez1"})
    assert not form.is_valid() and "too similar to the username" in str(form.errors)
