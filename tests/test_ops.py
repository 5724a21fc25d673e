"""The database going away: a Vietnamese 503 maintenance page, never a traceback, and back by itself; /healthz."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client, RequestFactory

from bench.server import get, gunicorn
from ops.views import server_error

MAINTENANCE = "Trang đang tạm dừng để bảo trì"


@pytest.fixture
def database_down(monkeypatch):
    """Every new cursor fails as it does when the server refuses connections (and no page is cached yet)."""
    cache.clear()

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    return monkeypatch


@pytest.mark.django_db
class TestDatabaseDown:
    def test_pages_answer_503_with_the_maintenance_page_then_recover(self, letter, database_down):
        client = Client(raise_request_exception=False)
        for path in ("/", "/en/"):
            response = client.get(path)
            assert response.status_code == 503
            assert response["Retry-After"] == "30"
            assert "no-store" in response["Cache-Control"]
            body = response.content.decode()
            assert "Traceback" not in body and "OperationalError" not in body
        assert "Trang đang tạm dừng để bảo trì" not in body  # the English page under /en/
        assert "The site is paused for maintenance" in body and '<html lang="en">' in body
        vietnamese = client.get("/").content.decode()
        assert MAINTENANCE in vietnamese and '<html lang="vi">' in vietnamese

        database_down.undo()
        assert client.get("/").status_code == 200

    def test_the_500_handler_answers_503_for_a_database_error_raised_outside_a_view(self):
        """Say in a middleware that runs before LocaleMiddleware: the language still follows the path."""
        for path, heading in (("/tin-tuc/", MAINTENANCE), ("/en/tin-tuc/", "The site is paused for maintenance")):
            try:
                raise OperationalError("server closed the connection unexpectedly")
            except OperationalError:
                response = server_error(RequestFactory().get(path))
            assert response.status_code == 503
            assert response["Retry-After"] == "30"
            assert heading in response.content.decode()
        try:
            raise ValueError("a bug")
        except ValueError:
            response = server_error(RequestFactory().get("/tin-tuc/"))
        assert response.status_code == 500


@pytest.mark.django_db
class TestHealthz:
    def test_ok(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
        assert "no-store" in response["Cache-Control"]
        assert response["Content-Type"] == "application/json"

    def test_database_down(self, database_down):
        response = Client(raise_request_exception=False).get("/healthz")
        assert response.status_code == 503
        assert json.loads(response.content) == {"status": "error", "database": "error", "cache": "ok"}

    def test_cache_down(self, client, monkeypatch):
        def broken(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        monkeypatch.setattr(cache, "set", broken)
        response = client.get("/healthz")
        assert response.status_code == 503
        assert json.loads(response.content) == {"status": "error", "database": "ok", "cache": "error"}

    def test_not_under_a_language_prefix_nor_in_the_sitemap(self, client, letter):
        assert client.get("/en/healthz").status_code == 404
        assert b"healthz" not in client.get("/sitemap.xml").content


def test_gunicorn_on_postgresql_survives_the_database_going_away(tmp_path, monkeypatch, throwaway_postgres):
    """A real server on a real database: refused connections give 503, and it recovers without a restart."""
    admin, name = throwaway_postgres.admin, throwaway_postgres.name
    env = {
        "DJANGO_SETTINGS_MODULE": "namdong_site.settings",
        "DJANGO_SECRET_KEY": "ops-test-secret-key-0123456789-0123456789-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "0",
        "DATABASE_URL": throwaway_postgres.url,
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    for command in (["migrate", "--noinput"], ["load_letter"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=settings.BASE_DIR, env={**os.environ, **env}, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    # DEBUG off and no collectstatic here: WhiteNoise's manifest storage needs collected files.
    monkeypatch.setenv("DJANGO_DEBUG", "0")
    with gunicorn(workers=1, log_path=tmp_path / "gunicorn.log", ready_path="/healthz") as base_url:
        assert get(base_url, "/healthz")[0] == 200
        assert get(base_url, "/van-ban/")[0] == 200

        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
        status, headers, body = get(base_url, "/healthz")
        assert status == 503
        assert json.loads(body)["database"] == "error"
        status, headers, body = get(base_url, "/tin-tuc/")
        assert status == 503, body[:500]
        assert headers["Retry-After"] == "30"
        text = body.decode()
        assert MAINTENANCE in text and "Traceback" not in text

        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        assert get(base_url, "/healthz")[0] == 200
        assert get(base_url, "/tin-tuc/")[0] == 200
