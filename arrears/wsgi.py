"""The WSGI application (`arrears serve` runs it on waitress; any WSGI server can). It refuses to load while the
configured lookup-digest key is not the stored digests' key (arrears.core.keys)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.settings")
application = get_wsgi_application()

from arrears.core.keys import check_digest_key  # noqa: E402 - needs the apps loaded

check_digest_key()
