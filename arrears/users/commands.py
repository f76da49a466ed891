"""What the arrears commands share about users: the `--user` a command records as having acted."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def command_actor(username: str | None):
    """The user named by a command's `--user`, or None (the system) when none is named; a name nobody has is
    the command's error."""
    if not username:
        return None
    actor = get_user_model().objects.filter(username=username).first()
    if actor is None:
        raise CommandError(f"no user {username!r}")
    return actor
