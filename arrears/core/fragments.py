"""Rendering several template partials into one htmx response; all but the first swap out of band."""

from django.http import HttpResponse
from django.template.loader import render_to_string


def render_fragments(request, template: str, names: list[str], context: dict, status: int = 200) -> HttpResponse:
    """The first partial replaces the request's target; the rest carry hx-swap-oob (their templates add it
    when `oob` is true) and replace the elements with the same id elsewhere on the page."""
    parts = [
        render_to_string(f"{template}#{name}", {**context, "oob": index > 0}, request)
        for index, name in enumerate(names)
    ]
    return HttpResponse("".join(parts), status=status)
