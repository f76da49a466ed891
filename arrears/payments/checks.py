"""Start-up checks of the processor adapter: `arrears check`, and `arrears serve` before it serves (which also
runs the deployment checks when DEBUG is off)."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .processors import processor_class


def processor_adapter(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    try:
        processor_class(settings.PAYMENT_PROCESSOR)
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="payments.E001")]
    return []


def no_fake_processor_in_production(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if settings.PAYMENT_PROCESSOR == "fake" and not settings.DEBUG:
        return [checks.Warning("PAYMENT_PROCESSOR=fake: cards are charged by the local stand-in and no money moves",
                               hint="name your gateway's adapter in PAYMENT_PROCESSOR", id="payments.W001")]
    return []
