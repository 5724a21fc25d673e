"""Strict security headers on every response: public pages, feeds, errors, uploads, static files, the admin.

The public URLs are found by themselves (``tests/public_urls.py``: the sitemap and
the URL resolver), so a page another app adds is checked without editing this file.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from campaign.models import TargetUnit, UnitGroup
from tests.public_urls import public_routes, sitemap_paths

ROOT = Path(__file__).resolve().parent.parent


def directives(policy):
    """``{"script-src": ["'self'"], …}`` from a Content-Security-Policy header."""
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def assert_common_headers(response, where):
    policy = directives(response["Content-Security-Policy"])
    for directive in ("script-src", "script-src-elem", "script-src-attr", "default-src"):
        assert "'unsafe-inline'" not in policy.get(directive, []), (where, directive)
        assert "'unsafe-eval'" not in policy.get(directive, []), (where, directive)
    assert policy["frame-ancestors"] == ["'none'"], where
    assert policy["object-src" if "object-src" in policy else "default-src"] == ["'none'"], where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", where
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", where
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    return policy


@pytest.fixture
def site(letter, django_user_model):
    """The letter, a unit and a published article, so every kind of page has a real example."""
    from news.models import Article
    from news.services import article_save

    group = UnitGroup.objects.get(kind=UnitGroup.Kind.RESIDENTIAL)
    TargetUnit.objects.create(group=group, name="Tổ dân phố thử", slug="to-dan-pho-thu")
    article_save(article=Article(title="Tin thử tiêu đề", body="<p>Nội dung.</p>", status=Article.Status.PUBLISHED))
    return letter


def every_public_path(client):
    paths = sitemap_paths(client)
    paths += [route.example for route in public_routes(client)]
    paths += [
        "/khong-co-trang-nay/",  # the 404 page
        "/en/khong-co-trang-nay/",
        "/tim-kiem/?q=tuyen+truyen",
        "/van-ban/31-mttq-btt/van-ban.txt",
        "/tin-tuc/?page=2",
        "/quan-tri/login/",
    ]
    return list(dict.fromkeys(paths))


class TestPublicHeaders:
    """Every public URL, the 404 page, feeds, robots and the manifest carry the public policy: nothing
    inline, nothing from elsewhere, no framing, no sniffing, a referrer policy, COOP and a permissions policy."""

    def test_every_public_url(self, client, site):
        paths = every_public_path(client)
        assert len(paths) > 30 and "/tin-tuc/rss/" in paths and "/robots.txt" in paths
        statuses = set()
        for path in paths:
            response = client.get(path)
            statuses.add(response.status_code)
            assert response.status_code < 500, path
            policy = assert_common_headers(response, path)
            if not path.startswith("/quan-tri/"):
                assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"], path
                assert policy["default-src"] == ["'none'"], path
                assert "'nonce-" not in response["Content-Security-Policy"], path  # cacheable for everyone
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                assert response["X-Frame-Options"] == "DENY", path
        assert {200, 404} <= statuses

    def test_no_hsts_over_plain_http_in_tests(self, client, letter):
        # Tests run with DJANGO_HTTPS=0, like `make run`; HSTS is tested with production settings below.
        assert "Strict-Transport-Security" not in client.get("/")


class TestAdminHeaders:
    """The admin's policy: scripts only from the site or with a nonce, no eval, no inline style elements."""

    def test_login_page(self, client, letter):
        policy = assert_common_headers(client.get("/quan-tri/login/"), "login")
        assert policy["script-src"] == ["'self'"]  # no template asked for a nonce
        assert policy["style-src"] == ["'self'"]
        assert "'unsafe-inline'" not in policy["style-src-attr"]

    def test_editor_form_allows_style_attributes_only(self, client, superuser):
        client.force_login(superuser)
        response = client.get("/quan-tri/news/article/add/")
        policy = assert_common_headers(response, "article form")
        assert policy["style-src-attr"] == ["'unsafe-inline'"]
        assert policy["style-src"] == ["'self'"] and policy["script-src"] == ["'self'"]

    def test_nonce_when_a_template_asks(self, rf):
        from django.http import HttpResponse

        from namdong_site.middleware import ContentSecurityPolicyMiddleware

        request = rf.get("/quan-tri/")
        middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse(f"nonce={request.csp_nonce}"))
        response = middleware(request)
        nonce = response.content.decode().split("=", 1)[1]
        assert len(nonce) >= 22
        assert f"'nonce-{nonce}'" in directives(response["Content-Security-Policy"])["script-src"]


class TestFiles:
    """Uploads served by Django get nosniff and a sandboxing policy; static files through whitenoise
    get the headers too."""

    def test_media_file(self, client, db):
        name = default_storage.save("tin-tuc/thu/anh.svg", ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'/>"))
        try:
            response = client.get(django_settings.MEDIA_URL + name)
            assert response.status_code == 200
            policy = assert_common_headers(response, "media")
            assert policy["default-src"] == ["'none'"] and "sandbox" in policy
            assert "script-src" not in policy
        finally:
            default_storage.delete(name)

    def test_missing_media_file(self, client, db):
        response = client.get(django_settings.MEDIA_URL + "khong-co.png")
        assert response.status_code == 404
        assert "sandbox" in directives(response["Content-Security-Policy"])

    def test_static_file_through_whitenoise(self, settings, db):
        settings.WHITENOISE_USE_FINDERS = True  # no collectstatic in tests
        response = Client().get(django_settings.STATIC_URL + "css/site.css")
        assert response.status_code == 200
        assert response.streaming  # served by whitenoise, not by a view
        assert_common_headers(response, "static")


def production(code, **env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="namdong_site.settings",
        DJANGO_SECRET_KEY="a-production-like-secret-key-that-is-long-and-random-0123456789abcdef",
        DJANGO_ALLOWED_HOSTS="mttqnamdong.example.vn",
        **env,
    )
    script = "import django; django.setup()\nfrom django.test import Client\n" + code
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


class TestHttps:
    """Production settings (DJANGO_HTTPS on by default): plain http is redirected, https answers get HSTS."""

    def test_hsts_and_redirect(self):
        out = production(
            "c = Client(HTTP_HOST='mttqnamdong.example.vn')\n"
            "r = c.get('/robots.txt')\n"
            "print(r.status_code, r['Location'])\n"
            "r = c.get('/robots.txt', secure=True)\n"
            "print(r.status_code, r['Strict-Transport-Security'])\n"
            "from django.conf import settings\n"
            "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY)\n"
        )
        assert out.splitlines() == [
            "301 https://mttqnamdong.example.vn/robots.txt",
            "200 max-age=31536000; includeSubDomains; preload",
            "True True True",
        ]

    def test_plain_http_when_asked(self):
        out = production(
            "r = Client(HTTP_HOST='mttqnamdong.example.vn').get('/robots.txt')\n"
            "print(r.status_code, r.has_header('Strict-Transport-Security'))\n",
            DJANGO_HTTPS="0",
        )
        assert out.split() == ["200", "False"]
