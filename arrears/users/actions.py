"""Creating users with a role, and API tokens."""

import hashlib
import secrets

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from arrears.audit import actions as audit
from arrears.core.errors import InvalidInput

from .models import ApiToken, User
from .roles import CLIENT_USER, ROLE_PERMISSIONS, STAFF_SITE_ROLES

TOKEN_PREFIX = "arr_"


def create_user(username: str, password: str, role: str, actor, *, client=None, email: str = "",
                first_name: str = "", last_name: str = "", check_password: bool = True) -> User:
    if role not in ROLE_PERMISSIONS:
        raise InvalidInput(f"{role!r} is not a role (one of: {', '.join(ROLE_PERMISSIONS)})", field="role")
    if (role == CLIENT_USER) != (client is not None):
        raise InvalidInput("a client user needs a client, and only client users have one", field="client")
    if User.objects.filter(username=username).exists():
        raise InvalidInput(f"the username {username!r} is taken", field="username")
    if check_password:
        try:  # against the new user's own names too: a password may not resemble them
            validate_password(password, User(username=username, email=email, first_name=first_name,
                                             last_name=last_name))
        except ValidationError as exc:
            raise InvalidInput(" ".join(exc.messages), field="password") from None
    with transaction.atomic():
        user = User.objects.create_user(
            username=username, password=password, email=email, first_name=first_name, last_name=last_name,
            client=client, is_staff=role in STAFF_SITE_ROLES, is_superuser=False,
        )
        user.groups.set([Group.objects.get(name=role)])
        audit.record(actor, "user.created", user, f"User {username} created as {role}",
                     after={"username": username, "role": role, "client": client.code if client else None})
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(user: User, name: str, actor) -> tuple[ApiToken, str]:
    """Returns the token row and the token itself, which is shown once and never stored."""
    if not name.strip():
        raise InvalidInput("name the token (e.g. the system that will use it)", field="name")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name.strip(), prefix=plain[:12], digest=_digest(plain))
        audit.record(actor, "user.api_token_created", token, f"API token {token.prefix}… created for {user.username}",
                     after={"user": user.username, "name": token.name})
    return token, plain


def revoke_api_token(token: ApiToken, actor) -> None:
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit.record(actor, "user.api_token_revoked", token, f"API token {token.prefix}… revoked")


def authenticate_token(plain: str) -> User | None:
    """The active user a bearer token belongs to, or None. Records when the token was last used."""
    if not plain.startswith(TOKEN_PREFIX):
        return None
    token = (ApiToken.objects.select_related("user").filter(digest=_digest(plain), revoked_at__isnull=True).first())
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def record_locked_sign_in(username: str, ip_address: str) -> None:
    """Audit a sign-in refused because that username is locked from that address (django-axes keeps the count
    of failures; the audit row says who was refused, from where, after how many)."""
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.filter(username=username, ip_address=ip_address).order_by("-attempt_time").first()
    failures = attempt.failures_since_start if attempt is not None else None
    user = User.objects.filter(username=username).first()
    subject = user if user is not None else attempt
    if subject is None:  # pragma: no cover - axes writes the attempt before it locks
        return
    audit.record(None, "user.sign_in_locked", subject,
                 f"Sign-in as {username[:60]} from {ip_address} refused: locked after repeated wrong passwords",
                 after={"username": username[:150], "ip_address": ip_address, "failures": failures})
