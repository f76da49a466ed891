"""Remittance periods: what was collected for a client in a period, what the agency keeps, what it pays out.

Closing a period posts the remittance entry (the client's net paid out of trust, the agency's commission
transferred, commission on direct payments offset) and freezes the statement. A closed period is never
reopened: a payment reversed later is reversed in a later period, whose statement shows it.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q


class RemittancePeriod(models.Model):
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="remittance_periods")
    starts_on = models.DateField()
    ends_on = models.DateField()
    number = models.CharField(max_length=40, unique=True)
    closed_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    entry = models.OneToOneField("ledger.Entry", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 help_text="the remittance entry (none when nothing moved)")
    gross_collected_cents = models.BigIntegerField()
    reversals_cents = models.BigIntegerField()
    commission_cents = models.BigIntegerField()
    direct_payments_cents = models.BigIntegerField()
    direct_commission_cents = models.BigIntegerField()
    remitted_cents = models.BigIntegerField(help_text="paid to the client out of trust")
    transferred_cents = models.BigIntegerField(help_text="moved to the agency out of trust")
    due_from_client_cents = models.BigIntegerField(help_text="left owing by the client after the offset")
    statement = models.JSONField(encoder=DjangoJSONEncoder, help_text="the statement as closed")

    class Meta:
        ordering = ["client", "-ends_on"]
        constraints = [
            models.UniqueConstraint(fields=["client", "ends_on"], name="remittance_period_once"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="remittance_period_dates"),
        ]
        permissions = [("close_remittance", "Can close a remittance period"),
                       ("view_own_remittance", "Can read the remittance statements of one's own client")]

    def __str__(self):
        return f"{self.number} ({self.starts_on}–{self.ends_on})"
