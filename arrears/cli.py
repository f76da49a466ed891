"""The `arrears` console script: Django's management commands with arrears' settings.

    arrears migrate | serve [--host H] [--port P] [--with-worker] | worker | demo --accounts N
    arrears import placements FILE --client CODE [--skip-bad-rows] [--report FILE]
    arrears token create USERNAME NAME | arrears genkeys | arrears help
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["arrears", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
