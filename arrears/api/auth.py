import math
import time

from django.conf import settings
from django.core.cache import cache
from ninja.security import HttpBearer, django_auth

from arrears.core.http import client_ip
from arrears.users.actions import authenticate_token


class TooManyBadTokens(Exception):
    """An address sent more bad bearer tokens than API_BAD_TOKEN_LIMIT within the window: 429 until it ends."""

    def __init__(self, retry_after: int):
        super().__init__("too many bad tokens from this address; try again later")
        self.retry_after = retry_after


def _bad_token_key(request) -> str:
    return f"arrears:api-bad-tokens:{client_ip(request)}"


class TokenAuth(HttpBearer):
    """`Authorization: Bearer arr_...`: a token made with `arrears token create USER NAME`.

    Bad tokens are counted per address (Django's cache) for API_BAD_TOKEN_WINDOW_SECONDS from the first one; past
    API_BAD_TOKEN_LIMIT, the address gets 429 for any token, good or bad, until the window ends."""

    openapi_scheme = "bearer"

    def authenticate(self, request, token: str):
        key = _bad_token_key(request)
        seen = cache.get(key)
        now = time.time()
        if seen is not None and seen["count"] >= settings.API_BAD_TOKEN_LIMIT and seen["until"] > now:
            raise TooManyBadTokens(max(1, math.ceil(seen["until"] - now)))
        user = authenticate_token(token)
        if user is not None:
            request.user = user
            return user
        if seen is None or seen["until"] <= now:
            seen = {"count": 0, "until": now + settings.API_BAD_TOKEN_WINDOW_SECONDS}
        seen["count"] += 1
        cache.set(key, seen, timeout=max(1, math.ceil(seen["until"] - now)))
        return None


AUTH = [TokenAuth(), django_auth]  # tokens for systems; the session cookie for someone logged in (docs page)
