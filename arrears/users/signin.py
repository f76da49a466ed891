"""The page a locked sign-in gets (django-axes calls `locked_out` when it refuses one; settings.AXES_*)."""

from django.conf import settings
from django.shortcuts import render

from arrears.core.http import client_ip

from .actions import record_locked_sign_in


def locked_out(request, original_response=None, credentials=None):
    username = ((credentials or {}).get("username") or request.POST.get("username") or "").strip()
    record_locked_sign_in(username, client_ip(request))
    return render(request, "registration/locked_out.html",
                  {"username": username, "minutes": settings.SIGN_IN_COOLOFF_MINUTES,
                   "failures": settings.SIGN_IN_FAILURE_LIMIT}, status=429)
