"""Scheduled payments on file: charge the card of each instalment on its due date. (Bank accounts are debited
through the ACH file, `ach.originate_ach`.) A declined charge follows the reversal rules: nothing is posted,
the decline is kept, and the arrangement it was for is broken and the account goes back to work."""

from datetime import date

from django.db import transaction
from django.db.models import F

from arrears.arrangements.actions import break_arrangement
from arrears.arrangements.models import Instalment, InstalmentStatus, Status as ArrangementStatus

from ..models import InstrumentKind
from .posting import ChargeDeclined, take_card_payment


def due_card_instalments(on: date):
    return (Instalment.objects.filter(
        status__in=(InstalmentStatus.DUE, InstalmentStatus.PART_PAID), due_on__lte=on,
        charge_attempted_on__isnull=True, arrangement__status=ArrangementStatus.ACTIVE,
        arrangement__payment_method__kind=InstrumentKind.CARD, arrangement__payment_method__active=True)
        .exclude(paid_cents__gte=F("amount_cents"))
        .select_related("arrangement__account__client", "arrangement__payment_method").order_by("due_on", "pk"))


def charge_due_cards(on: date, actor=None) -> dict[str, int]:
    """Charge every card instalment due by `on` once. The processor key is the instalment's, so a run that
    stopped half-way and is run again neither charges nor posts anything twice."""
    result = {"charged": 0, "declined": 0, "cents": 0}
    for instalment in due_card_instalments(on):
        arrangement = instalment.arrangement
        method = arrangement.payment_method
        amount = instalment.amount_cents - instalment.paid_cents
        try:
            payment = take_card_payment(arrangement.account, actor, amount_cents=amount,
                                        idempotency_key=f"scheduled:{instalment.pk}", token=method.processor_token,
                                        instrument=method.label, payment_method=method, arrangement=arrangement,
                                        memo=f"Scheduled payment {instalment.seq} of arrangement #{arrangement.pk}")
        except ChargeDeclined as declined:
            with transaction.atomic():
                Instalment.objects.filter(pk=instalment.pk).update(charge_attempted_on=on)
                break_arrangement(arrangement, actor, f"the scheduled card payment of instalment {instalment.seq} "
                                                      f"was declined: {declined.payment.failure}")
            result["declined"] += 1
            continue
        Instalment.objects.filter(pk=instalment.pk).update(charge_attempted_on=on)
        result["charged"] += 1
        result["cents"] += payment.amount_cents
    return result
