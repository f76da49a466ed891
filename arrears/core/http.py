"""Facts about an HTTP request that several apps need alike."""

import json

from django.conf import settings
from django.db import DataError
from django.http import HttpResponse, JsonResponse


def client_ip(request) -> str:
    """The caller's address: the connection's, or behind FORWARDED_FOR_PROXIES proxies the one the outermost of
    them saw (X-Forwarded-For, counted from the right, so a caller cannot choose it by sending the header)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.FORWARDED_FOR_PROXIES
    if not proxies:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return chain[-proxies] if len(chain) >= proxies else remote


# The largest value an id column holds (bigint); a path id past it names no row on any database.
LARGEST_ID = 2**63 - 1
NUL = "\x00"


def _contains_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_contains_nul(v) for v in value)
    return False


def _json_body(request):
    if request.content_type != "application/json" or not request.body:
        return None
    try:
        return json.loads(request.body)
    except ValueError:
        return None  # malformed JSON is the API's to answer, with its own message
    except RecursionError:
        raise _TooDeep from None


class _TooDeep(Exception):
    """A JSON body nested deeper than any request of ours (or a parser) goes."""


class RefuseUnusableParameters:
    """A parameter no one could mean is the caller's mistake, answered as such before any view runs: a NUL
    character in a query, form or JSON value (no database column can store it, and PostgreSQL refuses it
    outright) is 400, and an id in the address past the largest id a table holds is 404. Pages get a short
    plain message, the API (/api/) a JSON one like its other errors."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in list(view_args) + list(view_kwargs.values()):
            if isinstance(value, int) and not -LARGEST_ID <= value <= LARGEST_ID:
                return self._refuse(request, 404, "not found")
            if isinstance(value, str) and NUL in value:
                return self._refuse(request, 404, "not found")
        try:
            body = _json_body(request)
            if (_contains_nul(dict(request.GET.lists())) or _contains_nul(dict(request.POST.lists()))
                    or _contains_nul(body)):
                return self._refuse(request, 400, "bad request: a parameter contains a NUL character")
        except (_TooDeep, RecursionError):
            return self._refuse(request, 400, "bad request: the JSON body is nested too deeply")
        return None

    def process_exception(self, request, exception):
        """Backstop for an out-of-range number that reached the database anyway (an id in a query string)."""
        if isinstance(exception, OverflowError) or _out_of_range(exception):
            return self._refuse(request, 404, "not found")
        return None

    @staticmethod
    def _refuse(request, status: int, message: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=status)
        return HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")


def _out_of_range(exception) -> bool:
    """PostgreSQL's 'integer out of range' (SQLSTATE 22003) for a value the caller sent."""
    return isinstance(exception, DataError) and getattr(exception.__cause__, "sqlstate", None) == "22003"
