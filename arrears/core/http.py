"""Facts about an HTTP request that several apps need alike."""

from django.conf import settings


def client_ip(request) -> str:
    """The caller's address: the connection's, or behind FORWARDED_FOR_PROXIES proxies the one the outermost of
    them saw (X-Forwarded-For, counted from the right, so a caller cannot choose it by sending the header)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.FORWARDED_FOR_PROXIES
    if not proxies:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return chain[-proxies] if len(chain) >= proxies else remote
