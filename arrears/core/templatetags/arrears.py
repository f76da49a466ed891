from django import template

from arrears.core.dates import local_times
from arrears.core.money import format_cents

register = template.Library()


@register.filter
def cents(value) -> str:
    """12345 -> $123.45"""
    return format_cents(int(value or 0))


@register.filter
def local_now(zones) -> list:
    """The local time now in each IANA zone of a contact point."""
    return local_times(list(zones or []))
