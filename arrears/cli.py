"""The `arrears` console script: Django's management commands with arrears' settings.

    arrears migrate | serve [--host H] [--port P] [--with-worker] | worker | demo --accounts N
    arrears import placements FILE --client CODE [--skip-bad-rows] [--report FILE]
    arrears placements list | sweep | retry BATCH      (the placement batches; retry a failed import)
    arrears token create USERNAME NAME | arrears genkeys [--write FILE] | arrears rehash_digests | arrears help

A configuration error (a missing or malformed setting, a key that does not fit the data) is one line on
standard error naming what to set, and exit status 2; never a traceback.
"""

import os
import sys

CONFIGURATION_ERROR = 2


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reads the settings first, so a bad value stops here with its name
        execute_from_command_line(["arrears", *(sys.argv[1:] if argv is None else argv)])
    except ImproperlyConfigured as exc:
        message = " ".join(str(exc).split())
        sys.stderr.write(f"arrears: configuration error: {message}\n")
        sys.exit(CONFIGURATION_ERROR)


if __name__ == "__main__":
    main()
