"""Start-up refuses a configuration that makes no sense, naming the variable."""

import os
import subprocess
import sys

import pytest

# Variables a start-up reads that the developer's own environment must not lend to these runs.
_READ = ("DEBUG", "SECRET_KEY", "FIELD_ENCRYPTION_KEY", "DATABASE_URL", "PAYMENT_PROCESSOR", "ARREARS_TESTING",
         "ARREARS_ENV_FILE", "ARREARS_VAR_DIR", "SECURE_COOKIES", "DJANGO_SETTINGS_MODULE")


def arrears(*args, **env):
    """`arrears ARGS` as a fresh process with only `env` set of the variables arrears reads."""
    base = {k: v for k, v in os.environ.items() if k not in _READ and not k.startswith(("SECURE_", "PYTEST"))}
    base.update(env)
    return subprocess.run([sys.executable, "-m", "arrears.cli", *args], capture_output=True, text=True, env=base,
                          timeout=120)


def run_check(**env):
    return arrears("check", **env)


def setting(expression, **env):
    """The value of `expression` over the settings a start-up with `env` makes (e.g. `DEBUG`), as its repr."""
    code = (f"from django.conf import settings as s; "
            f"print(repr(eval({expression!r}, {{k: getattr(s, k) for k in dir(s) if k.isupper()}})))")
    done = arrears("shell", "--no-imports", "-c", code, **env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def production(tmp_path, **env):
    """A complete production environment (DEBUG off) in a folder of its own."""
    from cryptography.fernet import Fernet

    return {"DEBUG": "0", "SECRET_KEY": "s" * 50, "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "collect.example.com", "PAYMENT_PROCESSOR": "fake", "ARREARS_VAR_DIR": str(tmp_path),
            **env}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"DEBUG": "0"}, "SECRET_KEY must be set when DEBUG is off"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 50}, "FIELD_ENCRYPTION_KEY must be set when DEBUG is off"),
        ({"DEBUG": "1", "DATABASE_URL": "mysql://root@localhost/x"}, "arrears supports sqlite:// and postgres:// only"),
        ({"DEBUG": "1", "EMAIL_BACKEND": "pigeon"}, "EMAIL_BACKEND='pigeon' is not one of"),
        ({"DEBUG": "1", "EMAIL_BACKEND": "smtp", "EMAIL_PORT": "twenty-five"}, "EMAIL_PORT='twenty-five' is not an integer"),
        ({"DEBUG": "1", "EMAIL_BACKEND": "smtp", "EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}, "are exclusive"),
        ({"DEBUG": "1", "COMPLIANCE_CALL_WINDOW": "9am-8pm"}, "COMPLIANCE_CALL_WINDOW='9am-8pm' is not HH:MM-HH:MM"),
        ({"DEBUG": "1", "COMPLIANCE_MAX_CALLS_PER_7_DAYS": "9"}, "COMPLIANCE_MAX_CALLS_PER_7_DAYS=9 is above the maximum of 7"),
        ({"DEBUG": "1", "COMPLIANCE_ACCEPTS_ELECTRONIC_NOTICES": "email,fax"}, "'fax' is not email, portal or sms"),
        ({"DEBUG": "1", "SMS_BACKEND": "carrier-pigeon"}, "SMS_BACKEND='carrier-pigeon' is not one of"),
    ],
)
def test_bad_configuration_stops_start_up_with_the_variable_named(env, message, tmp_path):
    result = run_check(ARREARS_VAR_DIR=str(tmp_path), **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_a_complete_production_configuration_starts(tmp_path):
    result = run_check(**production(tmp_path))
    assert result.returncode == 0, result.stderr


# --- a configuration error is one line --------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "migrate", "serve", "worker", "help"])
def test_a_configuration_error_is_one_line_that_says_what_to_set_and_exit_status_2(command, tmp_path):
    result = arrears(command, DEBUG="0", ARREARS_VAR_DIR=str(tmp_path))

    assert result.returncode == 2
    assert result.stderr == ("arrears: configuration error: SECRET_KEY must be set when DEBUG is off "
                             "(generate one: arrears genkeys)\n")
    assert "Traceback" not in result.stderr + result.stdout


# --- a production start cannot be weakened -------------------------------------------------------------------


def test_the_development_secret_key_is_refused_when_debug_is_off(tmp_path):
    from arrears.settings import _DEV_SECRET

    result = run_check(**production(tmp_path, SECRET_KEY=_DEV_SECRET))
    assert result.returncode == 2 and "SECRET_KEY is the development key" in result.stderr


@pytest.mark.parametrize("extra", [{}, {"SECRET_KEY": "s" * 50, "FIELD_ENCRYPTION_KEY": "k"}, "complete"])
def test_arrears_testing_does_not_relax_a_production_start(extra, tmp_path):
    env = production(tmp_path) if extra == "complete" else {"DEBUG": "0", "ARREARS_VAR_DIR": str(tmp_path), **extra}
    result = run_check(ARREARS_TESTING="1", **env)
    assert result.returncode == 2
    assert "ARREARS_TESTING is for the test suite and needs DEBUG=1" in result.stderr


def test_in_development_arrears_testing_gives_the_test_defaults(tmp_path):
    assert setting("SMS_BACKEND", DEBUG="1", ARREARS_TESTING="1", ARREARS_VAR_DIR=str(tmp_path)) == "'locmem'"


def test_a_production_start_has_secure_cookies_and_no_fake_processor_by_default(tmp_path):
    env = production(tmp_path)
    assert setting("SESSION_COOKIE_SECURE", **env) == setting("CSRF_COOKIE_SECURE", **env) == "True"
    del env["PAYMENT_PROCESSOR"]
    result = run_check(**env)
    assert result.returncode == 2 and "PAYMENT_PROCESSOR must be set when DEBUG is off" in result.stderr
    assert "arrears.payments.processors.Processor" in result.stderr


def test_a_payment_processor_is_a_processor_class(tmp_path):
    assert "is neither fake nor the dotted path" in run_check(**production(tmp_path, PAYMENT_PROCESSOR="stripe")).stderr
    missing = run_check(**production(tmp_path, PAYMENT_PROCESSOR="nowhere.Gateway"))
    assert missing.returncode != 0 and "PAYMENT_PROCESSOR='nowhere.Gateway' cannot be imported" in missing.stderr
    wrong = run_check(**production(tmp_path, PAYMENT_PROCESSOR="arrears.payments.processors.Token"))
    assert "is not a subclass of arrears.payments.processors.Processor" in wrong.stderr
    assert run_check(**production(tmp_path)).returncode == 0  # the stand-in is allowed when named...
    assert "(payments.W001) PAYMENT_PROCESSOR=fake" in arrears("check", "--deploy", **production(tmp_path)).stderr


# --- HTTPS behind a proxy ------------------------------------------------------------------------------------


def test_hsts_redirect_and_the_proxy_header_are_read_from_the_environment(tmp_path):
    env = production(tmp_path, SECURE_HSTS_SECONDS="31536000", SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
                     SECURE_HSTS_PRELOAD="yes", SECURE_SSL_REDIRECT="on", SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert setting("SECURE_HSTS_SECONDS", **env) == "31536000"
    assert setting("(SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD, SECURE_SSL_REDIRECT)", **env) == \
        "(True, True, True)"
    assert setting("SECURE_PROXY_SSL_HEADER", **env) == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert setting("SECURE_PROXY_SSL_HEADER", **production(tmp_path, SECURE_PROXY_SSL_HEADER="X-Forwarded-Ssl: on")) \
        == "('HTTP_X_FORWARDED_SSL', 'on')"
    assert setting("(SECURE_HSTS_SECONDS, SECURE_SSL_REDIRECT, SECURE_PROXY_SSL_HEADER)", **production(tmp_path)) \
        == "(0, False, None)"


@pytest.mark.parametrize(("env", "message"), [
    ({"SECURE_PROXY_SSL_HEADER": "X Forwarded Proto"}, "SECURE_PROXY_SSL_HEADER='X Forwarded Proto' is not a header"),
    ({"SECURE_HSTS_PRELOAD": "1"}, "need SECURE_HSTS_SECONDS"),
    ({"SECURE_HSTS_SECONDS": "a year"}, "SECURE_HSTS_SECONDS='a year' is not an integer"),
])
def test_bad_https_settings_are_named(env, message, tmp_path):
    result = run_check(**production(tmp_path, **env))
    assert result.returncode == 2 and message in result.stderr


def test_smtp_over_tls_from_the_start_is_read_from_the_environment(tmp_path):
    env = production(tmp_path, EMAIL_HOST="smtp.example.com", EMAIL_PORT="465", EMAIL_USE_SSL="1")
    assert setting("MAILERS['default']['OPTIONS']['use_ssl'], MAILERS['default']['OPTIONS']['port']", **env) == \
        "(True, 465)"


# --- the local env file ---------------------------------------------------------------------------------------


def test_with_the_keys_genkeys_wrote_the_cli_works_with_debug_off_and_nothing_set(tmp_path):
    written = arrears("genkeys", "--demo", "--write", str(tmp_path / "local.env"), DEBUG="1",
                      ARREARS_VAR_DIR=str(tmp_path))
    assert written.returncode == 0, written.stderr
    assert (tmp_path / "local.env").stat().st_mode & 0o077 == 0  # readable by its owner only

    result = run_check(ARREARS_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert setting("DEBUG", ARREARS_VAR_DIR=str(tmp_path)) == "False"


def test_genkeys_never_overwrites_the_file(tmp_path):
    path = tmp_path / "local.env"
    assert arrears("genkeys", "--write", str(path), DEBUG="1", ARREARS_VAR_DIR=str(tmp_path)).returncode == 0
    before = path.read_text()
    again = arrears("genkeys", "--write", str(path), DEBUG="1", ARREARS_VAR_DIR=str(tmp_path))
    assert again.returncode != 0 and "its keys are kept" in again.stderr and path.read_text() == before


def test_environment_variables_win_over_the_local_env_file(tmp_path):
    (tmp_path / "local.env").write_text("# keys\nSECRET_KEY='from-the-file-" + "f" * 40 + "'\n"
                                        "PAYMENT_PROCESSOR=fake\nexport TIME_ZONE=America/Chicago\n")
    env = production(tmp_path, SECRET_KEY="from-the-environment-" + "e" * 40)
    del env["PAYMENT_PROCESSOR"]
    assert setting("SECRET_KEY", **env) == repr("from-the-environment-" + "e" * 40)
    assert setting("(PAYMENT_PROCESSOR, TIME_ZONE)", **env) == "('fake', 'America/Chicago')"


def test_a_named_env_file_must_exist_and_be_well_formed(tmp_path):
    missing = run_check(DEBUG="1", ARREARS_VAR_DIR=str(tmp_path), ARREARS_ENV_FILE=str(tmp_path / "nope.env"))
    assert missing.returncode == 2 and "nope.env' does not exist" in missing.stderr
    (tmp_path / "bad.env").write_text("SECRET_KEY\n")
    bad = run_check(DEBUG="1", ARREARS_VAR_DIR=str(tmp_path), ARREARS_ENV_FILE=str(tmp_path / "bad.env"))
    assert bad.returncode == 2 and "bad.env, line 1: expected NAME=value" in bad.stderr
