"""Reading settings from the environment, failing loudly on values that make no sense.

A typo in a deployment's environment must stop the process at start-up with a message naming the
variable, not run with a silently different configuration.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None else value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name}={value} is above the maximum of {maximum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: dict[str, str]) -> str:
    """Map a short name from the environment to a value, e.g. EMAIL_BACKEND=smtp to Django's class path."""
    raw = os.environ.get(name)
    key = default if raw is None else raw.strip().lower()
    if key not in choices:
        raise ImproperlyConfigured(f"{name}={raw!r} is not one of: {', '.join(sorted(choices))}")
    return choices[key]


def load_env_file(path, *, required: bool = False) -> list[str]:
    """Read `NAME=value` lines (blank lines and `#` comments skipped, optional quotes) into the environment for
    the names it does not set already: a variable set in the environment always wins over the file. Returns the
    names taken from the file. A missing file is skipped unless `required`."""
    from pathlib import Path

    path = Path(path)
    try:
        text = path.read_text()
    except FileNotFoundError:
        if required:
            raise ImproperlyConfigured(f"ARREARS_ENV_FILE={str(path)!r} does not exist") from None
        return []
    except OSError as exc:
        raise ImproperlyConfigured(f"{path} cannot be read: {exc.strerror}") from None
    taken = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, equals, value = line.removeprefix("export ").partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not name.isidentifier():
            raise ImproperlyConfigured(f"{path}, line {number}: expected NAME=value")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if name not in os.environ:
            os.environ[name] = value
            taken.append(name)
    return taken
