import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def run_django(*args, **overrides):
    """Run manage.py in a fresh process: this one's environment, overridden; None unsets."""
    env = {**os.environ, **overrides}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env={name: value for name, value in env.items() if value is not None},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_site_refuses_to_start_in_production_without_a_secret_key():
    result = run_django("check", DEBUG="false", SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = run_django(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="news.example.org",
        # pytest-env turns the redirect off for the test client; production keeps the default.
        SECURE_SSL_REDIRECT=None,
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_cookies_are_sent_only_over_https_when_debug_is_off():
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE
    assert settings.CSRF_COOKIE_SECURE
    assert settings.SECURE_HSTS_SECONDS >= 31_536_000
    assert settings.X_FRAME_OPTIONS == "DENY"


def test_every_setting_read_from_the_environment_is_documented_in_env_example():
    settings_source = (PROJECT_ROOT / "newsroom" / "settings.py").read_text()
    example = (PROJECT_ROOT / ".env.example").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"', settings_source))

    documented = set(re.findall(r"^#?\s*([A-Z0-9_]+)=", example, re.MULTILINE))

    assert read - documented == set()
