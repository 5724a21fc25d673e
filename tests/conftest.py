"""Shared fixtures: the real letter loaded from its data file, and users."""

import uuid
from types import SimpleNamespace

import pytest

from campaign.models import Directive
from campaign.services import directive_load


@pytest.fixture(autouse=True)
def vietnamese_first():
    """Each test starts in Vietnamese: a request to an /en/ page leaves English
    active in the test's thread, which would leak into the next test's URLs."""
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no stored pages (the test settings keep them in memory)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# The PostgreSQL server the machines run (trust auth); .ci/run starts it when it is down.
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


@pytest.fixture
def throwaway_postgres():
    """A new, empty PostgreSQL database for a test that runs the site in another process, dropped after.

    Yields ``admin`` (an autocommit connection to the server), the database's ``name`` and its ``url``.
    """
    import psycopg

    try:
        admin = psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=3, **PG)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is not running on 127.0.0.1:5432 (.ci/run starts it): {error}")
    name = f"namdong_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield SimpleNamespace(admin=admin, name=name, url=f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}")
    finally:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def no_page_cache(settings):
    """For tests that measure what rendering a page costs: every request renders."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def letter(db):
    """Letter 31/MTTQ-BTT as the set-up loads it."""
    directive_load()
    return Directive.objects.get(number="31/MTTQ-BTT")


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("quantri", "quantri@example.invalid", "mat-khau-dai-123")


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (never a downloaded browser build)."""
    import os
    import shutil

    executable = shutil.which("chromium")
    if not executable:
        pytest.skip("Chromium is not installed: apt-get install chromium chromium-driver fonts-noto-core")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between browser steps are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium):
    """A page 390 px wide, like a resident's phone."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(chromium):
    """A page 1280 px wide."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()
