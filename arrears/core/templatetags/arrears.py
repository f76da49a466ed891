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


@register.filter
def debtor_time(value) -> str:
    """An instant in its own zone, as the debtor's clock shows it: "Tue 12/02 8:01 AM EST"."""
    if not value:
        return ""
    return f"{value:%a %m/%d %-I:%M %p} {value.tzname()}"


@register.filter
def pretty_json(value) -> str:
    import json

    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False, default=str)
