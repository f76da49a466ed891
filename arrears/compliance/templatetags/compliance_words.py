from django import template

from arrears.compliance.advice import next_step as step_for

register = template.Library()


@register.filter
def next_step(reason, action=None) -> str:
    """{{ reason|next_step:action }}: what a collector should do next about a blocking reason."""
    return step_for(reason, action) if reason is not None else ""
