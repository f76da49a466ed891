"""Creating and changing clients (creditors) and their terms; every change audited with before/after."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from arrears.audit import actions as audit
from arrears.core.errors import InvalidInput

from .models import Client


def _validated(client: Client) -> None:
    try:
        client.full_clean(validate_unique=True)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise InvalidInput(f"{field}: {' '.join(messages)}", field=field) from None


def create_client(actor, *, code: str, name: str, **terms) -> Client:
    client = Client(code=code, name=name, **terms)
    _validated(client)
    with transaction.atomic():
        client.save()
        audit.record(actor, "client.created", client, f"Client {code} ({name}) created",
                     after=model_to_dict(client, exclude=["id"]))
    return client


def save_client(client: Client, actor) -> Client:
    """Save a changed client (the back office edits one in memory first), auditing what changed."""
    before = model_to_dict(Client.objects.get(pk=client.pk), exclude=["id"]) if client.pk else {}
    _validated(client)
    with transaction.atomic():
        client.save()
        after = model_to_dict(client, exclude=["id"])
        changed = {k: v for k, v in after.items() if before.get(k) != v}
        audit.record(actor, "client.changed" if before else "client.created", client,
                     f"Client {client.code} changed: {', '.join(changed) or 'nothing'}",
                     before={k: before.get(k) for k in changed}, after=changed)
    return client
