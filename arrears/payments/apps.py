from django.apps import AppConfig
from django.core import checks

from .checks import no_fake_processor_in_production, processor_adapter


class PaymentsConfig(AppConfig):
    name = "arrears.payments"
    label = "payments"
    verbose_name = "Payments"

    def ready(self):
        checks.register(processor_adapter)
        checks.register(no_fake_processor_in_production, deploy=True)
