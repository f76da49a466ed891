"""Guessing bearer tokens: past a limit of bad tokens from one address, that address gets 429 for a while."""

from datetime import timedelta

import pytest
from django.conf import settings

from arrears.users.actions import create_api_token

pytestmark = pytest.mark.django_db


def get_accounts(client, token, address="127.0.0.1"):
    return client.get("/api/v1/accounts", headers={"Authorization": f"Bearer {token}"}, REMOTE_ADDR=address)


@pytest.fixture
def good_token(collector):
    return create_api_token(collector, "dialer", None)[1]


def test_bad_tokens_past_the_limit_get_429_even_with_a_good_token(client, good_token, settings):
    settings.API_BAD_TOKEN_LIMIT = 5
    for n in range(5):
        assert get_accounts(client, f"arr_guess{n}").status_code == 401

    refused = get_accounts(client, "arr_guess-more")
    assert refused.status_code == 429 and "too many bad tokens" in refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0
    assert get_accounts(client, good_token).status_code == 429  # no more answers to this address for now
    assert get_accounts(client, good_token, address="10.9.8.7").status_code == 200  # others are unaffected


def test_the_limit_lifts_after_the_window(client, good_token, settings, business_hours):
    settings.API_BAD_TOKEN_LIMIT = 3
    for n in range(4):
        get_accounts(client, f"arr_guess{n}")
    assert get_accounts(client, good_token).status_code == 429

    business_hours.shift(timedelta(seconds=settings.API_BAD_TOKEN_WINDOW_SECONDS + 1))
    assert get_accounts(client, good_token).status_code == 200


def test_good_tokens_do_not_count_towards_the_limit(client, good_token, settings):
    settings.API_BAD_TOKEN_LIMIT = 2
    for _ in range(10):
        assert get_accounts(client, good_token).status_code == 200


def test_behind_a_proxy_the_limit_is_per_forwarded_address(client, good_token, settings):
    settings.API_BAD_TOKEN_LIMIT = 2
    settings.FORWARDED_FOR_PROXIES = 1

    def via_proxy(token, forwarded_for):
        return client.get("/api/v1/accounts", headers={"Authorization": f"Bearer {token}",
                                                        "X-Forwarded-For": forwarded_for})
    for n in range(3):
        via_proxy(f"arr_guess{n}", "1.1.1.1, 203.0.113.5")  # a forged first entry does not help the guesser
    assert via_proxy(good_token, "203.0.113.5").status_code == 429
    assert via_proxy(good_token, "198.51.100.7").status_code == 200


def test_the_default_limit_is_documented_in_the_settings():
    assert settings.API_BAD_TOKEN_LIMIT == 20 and settings.API_BAD_TOKEN_WINDOW_SECONDS == 600
