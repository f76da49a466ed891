"""The JSON API, version 1. OpenAPI at /api/openapi.json, interactive docs at /api/docs."""

from django.db import DataError
from django.http import Http404
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from arrears.accounts.api import debtors_router
from arrears.accounts.api import router as accounts_router
from arrears.placements.api import router as placements_router
from arrears.arrangements.api import router as arrangements_router
from arrears.core.errors import ArrearsError, InvalidInput, NotAllowed
from arrears.payments.api import router as payments_router
from arrears.remittance.api import router as remittance_router

from .auth import AUTH, TooManyBadTokens

# The docs page (Swagger UI, served from our own static files) sets inline styles.
_DOCS_CSP = {"default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'", "'unsafe-inline'"],
             "img-src": ["'self'", "data:"], "frame-ancestors": ["'none'"]}

api = NinjaAPI(
    title="arrears API",
    version="1.0.0",
    description="Accounts, debtors, placement files, payments, arrangements and remittance statements. Authenticate with `Authorization: Bearer <token>` "
                "(create one with `arrears token create USERNAME NAME`). Money is integer cents.",
    auth=AUTH,
    urls_namespace="api-1.0.0",
    docs_url="/docs",
    docs_decorator=csp_override(_DOCS_CSP),
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "not found"}, status=404)


@api.exception_handler(OverflowError)
def number_out_of_range(request, exc):
    """An id or number past what any column holds names nothing (the pages' middleware answers the same)."""
    return api.create_response(request, {"detail": "not found: a number in the request is out of range"}, status=404)


@api.exception_handler(DataError)
def unstorable_value(request, exc):
    """A value the database cannot hold (a number out of range, a character it refuses) is the caller's to fix."""
    return api.create_response(request, {"detail": "a value in the request cannot be stored: check the numbers "
                                                   "and text sent"}, status=422)


@api.exception_handler(InvalidInput)
def invalid_input(request, exc: InvalidInput):
    return api.create_response(request, {"detail": str(exc), "field": exc.field}, status=422)


@api.exception_handler(NotAllowed)
def forbidden(request, exc: NotAllowed):
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(ArrearsError)
def refused(request, exc: ArrearsError):
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(TooManyBadTokens)
def too_many_bad_tokens(request, exc: TooManyBadTokens):
    response = api.create_response(request, {"detail": str(exc)}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": "authentication required: send Authorization: Bearer <token>"}, status=401)


def _mount() -> None:
    api.add_router("/v1/accounts", accounts_router)
    api.add_router("/v1", payments_router)
    api.add_router("/v1", arrangements_router)
    api.add_router("/v1/remittance", remittance_router)
    api.add_router("/v1/debtors", debtors_router)
    api.add_router("/v1/placements", placements_router)


_mount()

