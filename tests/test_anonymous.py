"""An anonymous caller reaches nothing but the sign-in page: every page asks it to sign in, every API route
answers 401, and the back office sends it to its own sign-in."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from arrears.api.api import api

pytestmark = pytest.mark.django_db

OPEN = {"login", "logout"}  # signing in and out is for anyone
SAMPLE = {"int": "1", "slug": "acme", "str": "pdf", "path": "x"}


def _routes(patterns=None, prefix=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route, p.name


def _url(route: str) -> str:
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "1"), route)
    path = re.sub(r"[\^$]|\(\?P<\w+>[^)]*\)", lambda m: "1" if m.group(0).startswith("(") else "", path)
    return "/" + path.replace("\\", "")


def _pages():
    seen = set()
    for route, name in _routes():
        if name in OPEN or route.startswith("api/"):
            continue
        url = _url(route)
        if url not in seen:
            seen.add(url)
            yield url


def test_every_page_asks_an_anonymous_caller_to_sign_in(client):
    pages = list(_pages())
    assert len(pages) > 20  # the walk found the site's pages, the back office's included
    leaks = {}
    for url in pages:
        for answer in (client.get(url), client.post(url)):
            sent_to_sign_in = answer.status_code == 302 and "login" in answer["Location"]
            if not sent_to_sign_in and answer.status_code not in (403, 404, 405):
                leaks[url] = answer.status_code
    assert leaks == {}


def test_every_api_route_answers_an_anonymous_caller_401(client):
    schema = api.get_openapi_schema()
    checked = 0
    for path, methods in schema["paths"].items():
        url = re.sub(r"\{\w+\}", "1", path)
        for method in methods:
            answer = getattr(client, method)(url, content_type="application/json", data={} if method != "get" else None)
            assert answer.status_code == 401, (method, url, answer.status_code)
            checked += 1
    assert checked > 10
