"""insert_rows writes what bulk_create would: same values, model defaults, ids in row order."""

from datetime import date

from arrears.accounts.models import Account
from arrears.core.bulk import insert_rows
from arrears.debtors.models import Debtor, Phone, PhoneStatus, Source


def test_rows_get_their_values_the_model_defaults_and_ids_in_order(client_acme):
    ids = insert_rows(Debtor, ("kind", "last_name", "name_key", "birth_year"),
                      [("person", f"Doe{i}", f"doe{i}", 1980 + i) for i in range(2500)], return_ids=True)
    assert len(ids) == 2500
    assert list(Debtor.objects.filter(pk__in=ids).order_by("pk").values_list("last_name", flat=True)) == \
        [f"Doe{i}" for i in range(2500)]
    debtor = Debtor.objects.get(pk=ids[7])
    assert (debtor.language, debtor.first_name, debtor.birth_year) == ("en", "", 1987)
    assert debtor.created_at is not None


def test_enum_members_dates_and_json_are_prepared_as_the_field_would(client_acme):
    [debtor_id] = insert_rows(Debtor, ("last_name", "name_key"), [("Roe", "roe")], return_ids=True)
    insert_rows(Phone, ("debtor_id", "source", "e164", "time_zones"),
                [(debtor_id, Source.PLACEMENT, "+12125550123", ["America/New_York"])])
    phone = Phone.objects.get(debtor_id=debtor_id)
    assert (phone.source, phone.status, phone.consent_call, phone.active) == ("placement", PhoneStatus.VALID, True, True)
    assert phone.time_zones == ["America/New_York"]
    [account_id] = insert_rows(
        Account, ("client_id", "client_account_number", "placed_on", "itemization_on", "itemization_basis",
                  "itemization_amount_cents", "opened_on"),
        [(client_acme.pk, "B-1", date(2026, 1, 2), date(2025, 12, 31), "charge_off", 1000, None)], return_ids=True)
    account = Account.objects.get(pk=account_id)
    assert (account.placed_on, account.itemization_on, account.opened_on, account.status) == \
        (date(2026, 1, 2), date(2025, 12, 31), None, "new")
