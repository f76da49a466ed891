"""Start-up refuses a configuration that makes no sense, naming the variable."""

import os
import subprocess
import sys

import pytest


def run_check(**env):
    base = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "FIELD_ENCRYPTION_KEY", "DATABASE_URL")}
    base.update(env)
    return subprocess.run([sys.executable, "-m", "arrears.cli", "check"], capture_output=True, text=True, env=base,
                          timeout=60)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"DEBUG": "0"}, "SECRET_KEY must be set when DEBUG is off"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 50}, "FIELD_ENCRYPTION_KEY must be set when DEBUG is off"),
        ({"DEBUG": "1", "DATABASE_URL": "mysql://root@localhost/x"}, "arrears supports sqlite:// and postgres:// only"),
        ({"DEBUG": "1", "EMAIL_BACKEND": "pigeon"}, "EMAIL_BACKEND='pigeon' is not one of"),
        ({"DEBUG": "1", "EMAIL_BACKEND": "smtp", "EMAIL_PORT": "twenty-five"}, "EMAIL_PORT='twenty-five' is not an integer"),
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
    from cryptography.fernet import Fernet

    result = run_check(DEBUG="0", SECRET_KEY="s" * 50, FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode(),
                       ALLOWED_HOSTS="collect.example.com", ARREARS_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
