"""Project health: system checks, migrations committed, production settings refuse to guess."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "namdong_site.settings",
    "DJANGO_SECRET_KEY": "a-production-like-secret-key-that-is-long-and-random-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "mttqnamdong.example.vn",
}


def manage(*args, env_overrides=None, unset=()):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(PRODUCTION_ENV)
    env.update(env_overrides or {})
    for key in unset:
        env.pop(key, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


class TestChecks:
    """`manage.py check` is clean, and `check --deploy` is clean in production settings."""

    def test_check_is_clean(self):
        result = manage("check", "--fail-level", "WARNING")
        assert result.returncode == 0, result.stderr
        assert "no issues" in result.stdout

    def test_check_deploy_is_clean(self):
        result = manage("check", "--deploy", "--fail-level", "WARNING")
        assert result.returncode == 0, result.stderr
        assert "no issues" in result.stdout

    def test_migrations_are_committed(self, db):
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)


class TestProductionRefusesToGuess:
    """With DEBUG off the site will not start without a secret key or allowed hosts."""

    @pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
    def test_missing_setting(self, missing):
        result = manage("check", unset=[missing])
        assert result.returncode != 0
        assert missing in result.stderr
