"""Reads of placement batches. `access_batch` is the only way a request reaches a batch: a client user
reaches only its own client's batches, and a batch out of reach is not found (404), never forbidden."""

from django.http import Http404

from arrears.clients.models import Client

from .models import PlacementBatch


def placement_clients(user):
    """The clients a user may import placements for: all active ones for staff, their own for a client user."""
    if not user.has_perm("accounts.import_placements"):
        return Client.objects.none()
    clients = Client.objects.filter(active=True)
    if not user.has_perm("accounts.view_all_clients"):
        clients = clients.filter(pk=user.client_id) if user.client_id else Client.objects.none()
    return clients.order_by("code")


def visible_batches(user):
    if not user.has_perm("accounts.import_placements") and not user.has_perm("placements.view_placementbatch"):
        return PlacementBatch.objects.none()
    batches = PlacementBatch.objects.defer("content").select_related("client", "created_by")
    if not user.has_perm("accounts.view_all_clients"):
        batches = batches.filter(client_id=user.client_id) if user.client_id else PlacementBatch.objects.none()
    return batches


def access_batch(user, batch_id: int):
    try:
        return visible_batches(user).get(pk=batch_id)
    except (PlacementBatch.DoesNotExist, ValueError, TypeError):
        raise Http404("no such placement batch") from None
