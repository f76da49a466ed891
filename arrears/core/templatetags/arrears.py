import json

from django import template
from django.utils import dateformat, timezone

from arrears.core.calendar import CALL_WINDOW_LABEL
from arrears.core.dates import local_times
from arrears.core.money import cents_to_decimal_text, format_cents

register = template.Library()


@register.filter
def cents(value) -> str:
    """12345 -> $123.45"""
    return format_cents(int(value or 0))


@register.filter
def words(value) -> str:
    """A code as words a person reads (and a line may break between): "validation_notice" -> "validation notice"."""
    return str(value).replace("_", " ")


@register.filter
def bp_percent(value) -> str:
    """2500 basis points -> 25%; 3525 -> 35.25%"""
    whole, part = divmod(int(value or 0), 100)
    return f"{whole}%" if not part else f"{whole}.{part:02d}".rstrip("0") + "%"


@register.filter
def local_now(zones) -> list:
    """The local time now in each IANA zone of a contact point."""
    return local_times(list(zones or []))


@register.simple_tag
def call_window() -> str:
    """The default convenient hours for contacting a debtor, as people say them (the calendar's label)."""
    return CALL_WINDOW_LABEL


@register.filter
def debtor_time(value) -> str:
    """An instant in its own zone, as the debtor's clock shows it: "Tue 12/02 8:01 AM EST (debtor)"."""
    if not value:
        return ""
    return f"{value:%a %m/%d %-I:%M %p} {value.tzname()} (debtor)"


@register.filter
def agency_time(value, format_string: str = "m/d/y g:i A") -> str:
    """An instant on the agency's clock (TIME_ZONE), saying so: "12/07/26 1:00 PM EST (agency)"."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{dateformat.format(local, format_string)} {local.tzname()} (agency)"


@register.filter
def pretty_json(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False, default=str)


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (None when missing)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def dollars(value) -> str:
    """12345 -> 123.45 (for a form field's value)"""
    return cents_to_decimal_text(int(value or 0))


@register.filter
def sum_cents(instalments) -> int:
    """The total of a list of instalments."""
    return sum(i.amount_cents for i in instalments)
