"""The dial list's file: the accounts the compliance engine allows to be called at one instant, for a dialer
(kept with its parameters by `actions.export_dial_list`)."""

import csv
import io

from arrears.accounts.models import AccountDebtor
from arrears.core.export import safe_row
from arrears.debtors.models import Phone

from .engine.batch import CallVerdict


def dial_list_csv(verdicts: list[CallVerdict]) -> str:
    """The dialer's file: one row per callable account, with the number to dial and the debtor's zone (text
    cells safe to open in a spreadsheet)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["account_id", "client", "account_number", "debtor", "phone", "debtor_time_zone"])
    ids = [v.account_id for v in verdicts]
    names, phones = {}, {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        for link in (AccountDebtor.objects.filter(account_id__in=chunk, role="primary")
                     .select_related("debtor", "account__client")):
            names[link.account_id] = (link.account.client.code, link.account.client_account_number,
                                      link.debtor.display_name)
        wanted = [v.phone_id for v in verdicts[start:start + 5000]]
        for phone in Phone.objects.filter(pk__in=wanted).only("e164", "time_zones"):
            phones[phone.pk] = phone
    for verdict in verdicts:
        code, number, name = names[verdict.account_id]
        phone = phones[verdict.phone_id]
        writer.writerow(safe_row([verdict.account_id, code, number, name, phone.e164, (phone.time_zones or [""])[0]]))
    return out.getvalue()
