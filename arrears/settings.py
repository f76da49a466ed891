"""arrears settings, read from the environment (see docs/configuration.md).

Every variable is optional in development; a production start (DEBUG off) refuses to run without a
SECRET_KEY and a FIELD_ENCRYPTION_KEY, and any malformed value stops start-up with its name.
"""

import re
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from arrears.core.env import env_bool, env_choice, env_int, env_list, env_str, load_env_file

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("ARREARS_VAR_DIR") or Path.cwd() / "var").resolve()

# --- where settings come from, and what a test run may relax ---------------------------------------------------
# A local env file (var/local.env, written once by `make demo`) fills in what the environment does not set:
# environment variables always win. The test suite never reads it, so a developer's demo keys stay out of it.
_PYTEST = "pytest" in sys.modules
ENV_FILE = Path(env_str("ARREARS_ENV_FILE") or VAR_DIR / "local.env")
if not _PYTEST:
    load_env_file(ENV_FILE, required=bool(env_str("ARREARS_ENV_FILE")))

DEBUG = env_bool("DEBUG", False)
# ARREARS_TESTING gives programs the suite starts the test defaults; it is honoured only in development, so a
# production start (DEBUG off) with it left set cannot run without keys, with the development key, insecure
# cookies or the fake processor.
if env_bool("ARREARS_TESTING", False) and not (DEBUG or _PYTEST):
    raise ImproperlyConfigured("ARREARS_TESTING is for the test suite and needs DEBUG=1; unset it in production")
TESTING = _PYTEST or env_bool("ARREARS_TESTING", False)

_DEV_SECRET = "arrears-development-only-secret-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY") or (_DEV_SECRET if DEBUG or TESTING else None)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (generate one: arrears genkeys)")
if SECRET_KEY == _DEV_SECRET and not (DEBUG or TESTING):
    raise ImproperlyConfigured("SECRET_KEY is the development key, which is public; set your own when DEBUG is off "
                               "(generate one: arrears genkeys)")

# Personal data (SSN/TIN, full date of birth) is encrypted with these Fernet keys; the first encrypts,
# all decrypt, so keys can be rotated by prepending a new one.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEY", [])
if not FIELD_ENCRYPTION_KEYS and not (DEBUG or TESTING):
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set when DEBUG is off (generate one: arrears genkeys)")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "ninja",
    "axes",
    "arrears.core",
    "arrears.audit",
    "arrears.users",
    "arrears.clients",
    "arrears.debtors",
    "arrears.ledger",
    "arrears.accounts",
    "arrears.placements",
    "arrears.contacts",
    "arrears.compliance",
    "arrears.payments",
    "arrears.arrangements",
    "arrears.remittance",
    "arrears.desk",
    "arrears.api",
    "arrears.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "arrears.core.http.RefuseUnusableParameters",
    "axes.middleware.AxesMiddleware",  # last: turns a locked sign-in into the lockout page
]

ROOT_URLCONF = "arrears.urls"
WSGI_APPLICATION = "arrears.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database(url: str) -> dict:
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0))
    except Exception as exc:  # dj_database_url raises bare ValueError/KeyError on unknown schemes
        raise ImproperlyConfigured(f"DATABASE_URL={url!r} is not a database URL I understand: {exc}") from None
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        if config["NAME"] and config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets the web pages read while the worker writes; IMMEDIATE makes writers queue instead of
        # failing with "database is locked" half-way through a transaction.
        config["OPTIONS"] = {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    elif engine == "django.db.backends.postgresql":
        # The hot statements of posting a payment ask to be prepared (arrears.core.sql); Django's own queries
        # never reach this threshold. Off behind a pooler that cannot keep prepared statements (PgBouncer
        # before 1.21 in transaction mode): then nothing is prepared and everything still works.
        if env_bool("DATABASE_PREPARED_STATEMENTS", True):
            config.setdefault("OPTIONS", {})["prepare_threshold"] = 1_000_000
    else:
        raise ImproperlyConfigured(f"DATABASE_URL uses {engine}; arrears supports sqlite:// and postgres:// only")
    return config


DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'arrears.sqlite3'}"
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
# The same validators in tests as in production: a password like the user's own name is refused everywhere.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email")}},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- sign-in and API abuse (docs/configuration.md#sign-in) -----------------------------------------------------
# django-axes counts failed sign-ins per username and address; at the limit that pair is locked for the cool-off
# (each attempt during it starts the cool-off again). The login page, the back office and anything else calling
# authenticate() with a request go through it.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
SIGN_IN_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5, minimum=1)
SIGN_IN_COOLOFF_MINUTES = env_int("SIGN_IN_COOLOFF_MINUTES", 15, minimum=1)
AXES_FAILURE_LIMIT = SIGN_IN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=SIGN_IN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "arrears.users.signin.locked_out"
AXES_CLIENT_IP_CALLABLE = "arrears.core.http.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password"]
# The number of proxies in front of arrears that append the caller's address to X-Forwarded-For. 0: the
# caller is the connection's address (REMOTE_ADDR). Behind nginx on the same machine, 1.
FORWARDED_FOR_PROXIES = env_int("FORWARDED_FOR_PROXIES", 0, minimum=0, maximum=5)
# Bad bearer tokens from one address: past the limit within the window, that address gets 429 for any token.
API_BAD_TOKEN_LIMIT = env_int("API_BAD_TOKEN_LIMIT", 20, minimum=1)
API_BAD_TOKEN_WINDOW_SECONDS = env_int("API_BAD_TOKEN_WINDOW_SECONDS", 600, minimum=1)
# Counters live in each process's memory (the limits hold per web process; tests under xdist get their own).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "arrears"}}

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env_str("STATIC_ROOT") or None  # set it and run `arrears collectstatic` in production
WHITENOISE_USE_FINDERS = True
WHITENOISE_ROOT = PACKAGE_DIR / "core" / "root"  # files browsers ask for at the site's root: /favicon.ico
MEDIA_ROOT = VAR_DIR / "uploads"

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 10 * 60 * 60, minimum=300)
SECURE_COOKIES = env_bool("SECURE_COOKIES", not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
# HTTPS behind a TLS-terminating proxy (docs/deployment.md#https).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if (SECURE_HSTS_INCLUDE_SUBDOMAINS or SECURE_HSTS_PRELOAD) and not SECURE_HSTS_SECONDS:
    raise ImproperlyConfigured("SECURE_HSTS_INCLUDE_SUBDOMAINS and SECURE_HSTS_PRELOAD need SECURE_HSTS_SECONDS")


def _proxy_ssl_header(raw: str) -> tuple[str, str] | None:
    """`X-Forwarded-Proto` (meaning `X-Forwarded-Proto: https`) or `Header: value` -> Django's (META key, value)."""
    if not raw.strip():
        return None
    name, _, value = raw.partition(":")
    name, value = name.strip(), value.strip() or "https"
    if not re.fullmatch(r"[A-Za-z0-9-]+", name) or not re.fullmatch(r"[A-Za-z0-9.-]+", value):
        raise ImproperlyConfigured(f"SECURE_PROXY_SSL_HEADER={raw!r} is not a header name, e.g. X-Forwarded-Proto "
                                   "or X-Forwarded-Proto: https")
    return "HTTP_" + name.upper().replace("-", "_"), value


SECURE_PROXY_SSL_HEADER = _proxy_ssl_header(env_str("SECURE_PROXY_SSL_HEADER", ""))
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

_MAIL_BACKEND = env_choice(
    "EMAIL_BACKEND",
    "console" if DEBUG else "smtp",
    {
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "console": "django.core.mail.backends.console.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    },
)
_MAIL_OPTIONS: dict = {}
if _MAIL_BACKEND.endswith("smtp.EmailBackend"):
    _MAIL_OPTIONS = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25, minimum=1, maximum=65535),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),  # STARTTLS, usually port 587
        "use_ssl": env_bool("EMAIL_USE_SSL", False),  # TLS from the start, usually port 465
        "timeout": env_int("EMAIL_TIMEOUT", 20, minimum=1),
    }
    if _MAIL_OPTIONS["use_tls"] and _MAIL_OPTIONS["use_ssl"]:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL are exclusive: STARTTLS (587) or TLS (465)")
elif _MAIL_BACKEND.endswith("filebased.EmailBackend"):
    _MAIL_OPTIONS = {"file_path": str(VAR_DIR / "mail")}
MAILERS = {"default": {"BACKEND": _MAIL_BACKEND, "OPTIONS": _MAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "arrears@localhost")

# Largest placement file accepted through the upload page and the API.
PLACEMENT_UPLOAD_MAX_BYTES = env_int("PLACEMENT_UPLOAD_MAX_BYTES", 200 * 1024 * 1024, minimum=1024)
# An import with no sign of progress for this long has stopped (its worker died); the sweep marks it failed.
PLACEMENT_STALE_MINUTES = env_int("PLACEMENT_STALE_MINUTES", 10, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Compliance (docs/compliance.md). Agency-wide policy can only make the rules stricter.
COMPLIANCE_LICENSED_STATES = [s.upper() for s in env_list("COMPLIANCE_LICENSED_STATES", [])]
COMPLIANCE_ACCEPTS_ELECTRONIC_NOTICES = env_list("COMPLIANCE_ACCEPTS_ELECTRONIC_NOTICES", ["email", "portal"])
for _medium in COMPLIANCE_ACCEPTS_ELECTRONIC_NOTICES:
    if _medium not in ("email", "portal", "sms"):
        raise ImproperlyConfigured(f"COMPLIANCE_ACCEPTS_ELECTRONIC_NOTICES: {_medium!r} is not email, portal or sms")
COMPLIANCE_MAX_CALLS_PER_7_DAYS = env_int("COMPLIANCE_MAX_CALLS_PER_7_DAYS", 7, minimum=0, maximum=7)
COMPLIANCE_MAX_CALL_ATTEMPTS_PER_DAY = env_int("COMPLIANCE_MAX_CALL_ATTEMPTS_PER_DAY", 0, minimum=0)  # 0 = no limit
COMPLIANCE_CALL_WINDOW = env_str("COMPLIANCE_CALL_WINDOW", "")  # e.g. "09:00-20:00", debtor local
if COMPLIANCE_CALL_WINDOW and not __import__("re").fullmatch(r"([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d",
                                                              COMPLIANCE_CALL_WINDOW):
    raise ImproperlyConfigured(f"COMPLIANCE_CALL_WINDOW={COMPLIANCE_CALL_WINDOW!r} is not HH:MM-HH:MM")
if COMPLIANCE_CALL_WINDOW and COMPLIANCE_CALL_WINDOW[:5] >= COMPLIANCE_CALL_WINDOW[6:]:
    raise ImproperlyConfigured(f"COMPLIANCE_CALL_WINDOW={COMPLIANCE_CALL_WINDOW!r} must end after it starts")
COMPLIANCE_REQUIRE_ELECTRONIC_SAFE_HARBOR = env_bool("COMPLIANCE_REQUIRE_ELECTRONIC_SAFE_HARBOR", True)
COMPLIANCE_OBSERVED_HOLIDAYS = env_bool("COMPLIANCE_OBSERVED_HOLIDAYS", False)
COMPLIANCE_ATTORNEY_RESPONSE_DAYS = env_int("COMPLIANCE_ATTORNEY_RESPONSE_DAYS", 30, minimum=1)

# Text messages go out through a gateway adapter: console (development), file (one JSON file per message in
# var/sms, for a local peer or tests), locmem (tests), or a vendor adapter added later.
SMS_BACKEND = env_choice("SMS_BACKEND", "locmem" if TESTING else "console" if DEBUG else "file",
                         {k: k for k in ("console", "file", "locmem")})
SMS_FILE_PATH = VAR_DIR / "sms"
# Card and bank payments go through a processor adapter (docs/payments.md#processor): the dotted path of a class
# implementing arrears.payments.processors.Processor (tokenize_card, charge), or `fake`, the local stand-in that
# moves no money. With DEBUG off it must be named: a production start never falls back to the stand-in.
PAYMENT_PROCESSOR = (env_str("PAYMENT_PROCESSOR") or ("fake" if DEBUG or TESTING else "")).strip()
if PAYMENT_PROCESSOR.lower() == "fake":
    PAYMENT_PROCESSOR = "fake"
elif not PAYMENT_PROCESSOR:
    raise ImproperlyConfigured("PAYMENT_PROCESSOR must be set when DEBUG is off: the dotted path of your gateway's "
                               "adapter (a subclass of arrears.payments.processors.Processor), or fake for the "
                               "stand-in that moves no money")
elif not re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+", PAYMENT_PROCESSOR):
    raise ImproperlyConfigured(f"PAYMENT_PROCESSOR={PAYMENT_PROCESSOR!r} is neither fake nor the dotted path of a "
                               "Processor class, e.g. mygateway.arrears.GatewayProcessor")
FAKE_PROCESSOR_PATH = VAR_DIR / "fake-processor.json"
# ACH origination (docs/payments.md): the ODFI that sends our debits, and where the files are dropped for it.
ACH_ODFI_ROUTING = env_str("ACH_ODFI_ROUTING", "011000015")
ACH_DESTINATION = env_str("ACH_DESTINATION", ACH_ODFI_ROUTING)
ACH_DESTINATION_NAME = env_str("ACH_DESTINATION_NAME", "OUR BANK")
ACH_ORIGIN = env_str("ACH_ORIGIN", ACH_ODFI_ROUTING)
ACH_COMPANY_NAME = env_str("ACH_COMPANY_NAME", "ARREARS COLL")
ACH_COMPANY_ID = env_str("ACH_COMPANY_ID", "1999999999")
ACH_CUTOFF = env_str("ACH_CUTOFF", "17:00")  # the ODFI's cutoff, New York time
if not __import__("re").fullmatch(r"([01]\d|2[0-3]):[0-5]\d", ACH_CUTOFF):
    raise ImproperlyConfigured(f"ACH_CUTOFF={ACH_CUTOFF!r} is not HH:MM")
ACH_PRENOTES = env_bool("ACH_PRENOTES", True)  # prenote a new bank account; debit it 3 banking days later
ACH_OUTBOX = VAR_DIR / "ach" / "outbox"
AGENCY_NAME = env_str("AGENCY_NAME", "arrears Collections")
AGENCY_ADDRESS = env_str("AGENCY_ADDRESS", "100 Main Street, Suite 200, Springfield, IL 62701")
AGENCY_PHONE = env_str("AGENCY_PHONE", "(800) 555-0100")

LOG_LEVEL = env_choice("LOG_LEVEL", "info", {k: k.upper() for k in ("debug", "info", "warning", "error")})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes.apps": {"level": "WARNING"}},
}

