"""Pages keep to the Content-Security-Policy (style-src 'self'): no inline style in any template, so nothing
a browser refuses to apply; and the site has its icon at the address browsers ask for."""

from pathlib import Path

import pytest

ARREARS = Path(__file__).resolve().parent.parent / "arrears"


def test_no_template_has_an_inline_style():
    templates = [p for p in ARREARS.rglob("*.html") if "templates" in p.parts]
    assert len(templates) > 20
    inline = [str(p.relative_to(ARREARS)) for p in templates
              if 'style="' in (text := p.read_text()) or "style='" in text or "<style" in text]
    assert inline == []


@pytest.mark.django_db
def test_the_site_icon_is_served_where_browsers_ask_for_it_and_linked_from_every_page(client, collector):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] == "image/x-icon"
    assert b"".join(icon.streaming_content if icon.streaming else [icon.content]).startswith(b"\x00\x00\x01\x00")
    login = client.get("/login/").content.decode()
    assert 'rel="icon" href="/static/arrears/favicon.svg"' in login and 'rel="icon" href="/favicon.ico"' in login
    client.force_login(collector)
    assert 'rel="icon"' in client.get("/").content.decode()
