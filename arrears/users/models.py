from django.contrib.auth.models import AbstractUser
from django.db import models

from .roles import ROLE_LABELS, role_of


class User(AbstractUser):
    """Agency staff and client users. The role is the user's group (see users/roles.py).

    A client user belongs to one client and sees only that client's accounts; staff have no client.
    """

    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="users",
        help_text="set for client users only: the creditor whose accounts they may see",
    )

    @property
    def role(self) -> str:
        return role_of(self)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, "no role")


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only a SHA-256 digest is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12, db_index=True, help_text="first characters, to recognise a token")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
