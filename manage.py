#!/usr/bin/env python
"""Same as the `arrears` console script, for those used to manage.py."""

from arrears.cli import main

if __name__ == "__main__":
    main()
