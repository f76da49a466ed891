from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    """Placement files: reading, validation, the import (written through the accounts, debtors and ledger
    apps' bulk actions), the upload page, the API and the periodic sweep of stopped imports."""

    name = "arrears.placements"
    label = "placements"
