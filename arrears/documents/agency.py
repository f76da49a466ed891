"""Who the documents are from: the agency, as the settings name it."""

from django.conf import settings

from .records import Party


def agency_party() -> Party:
    """The agency's name, address (the part of AGENCY_ADDRESS before the first comma on its own line) and phone."""
    return Party(settings.AGENCY_NAME, tuple(part.strip() for part in settings.AGENCY_ADDRESS.split(",", 1)),
                 settings.AGENCY_PHONE)
