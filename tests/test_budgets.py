"""Page-weight budgets: what a phone downloads to show each public page, images aside.

No server is needed: pages come through Django's test client, the static files
they ask for through the staticfiles finders, and every body is gzip-compressed
as it would be served. ``bench/pages.py`` holds the rules shared with
``make audit``: which pages are public (the sitemap's, or the fixed list while
there is none) and which requests a first view makes.
"""

import base64
import random
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.urls import NoReverseMatch, Resolver404, path, resolve, reverse

from bench import pages
from namdong_site import urls as site_urls

ORIGIN = "http://testserver"


def sitemap_url():
    """Where ``django.contrib.sitemaps`` serves the sitemap, or ``None`` while the site has none."""
    for name in ("django.contrib.sitemaps.views.index", "django.contrib.sitemaps.views.sitemap"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    try:
        match = resolve(pages.SITEMAP_PATH)
    except Resolver404:
        return None
    return pages.SITEMAP_PATH if match.func.__module__.startswith("django.contrib.sitemaps") else None


def _fetch(client):
    def fetch(url_path):
        response = client.get(url_path)
        return response.status_code, _body(response)

    return fetch


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def public_paths(client):
    url = sitemap_url()
    if url is None:
        return list(pages.FALLBACK_PATHS)
    return pages.sitemap_paths(_fetch(client), url)


@dataclass
class FirstView:
    """One page's first view: its requests with their gzip-compressed sizes, and what is wrong."""

    path: str
    requests: list = field(default_factory=list)  # [(kind, url, gzip bytes or None, counts toward bytes)]
    problems: list = field(default_factory=list)

    @property
    def total_bytes(self):
        return sum(size or 0 for _, _, size, counted in self.requests if counted)

    def summary(self):
        listed = ", ".join(f"{kind} {urlsplit(url).path} {size or 0} B" for kind, url, size, _ in self.requests)
        return f"{self.path}: {self.total_bytes / 1024:.1f} KB in {len(self.requests)} requests ({listed})"


def _local_body(client, url):
    """The bytes behind a same-origin URL: a static file from the finders, anything else from the client."""
    url_path = urlsplit(url).path
    if url_path.startswith(settings.STATIC_URL):
        found = finders.find(unquote(url_path[len(settings.STATIC_URL) :]))
        if not found:
            return None
        with open(found, "rb") as file:
            return file.read()
    response = client.get(url_path)
    return _body(response) if response.status_code == 200 else None


def first_view(client, url_path):
    """Fetch a page and everything its first view needs (images aside), following stylesheets' imports."""
    view = FirstView(url_path)
    response = client.get(url_path)
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        view.problems.append(f"{url_path} answered {response.status_code} {response['Content-Type']}")
        return view
    html_bytes = _body(response)
    page_url = ORIGIN + url_path
    view.requests.append(("document", page_url, pages.gzip_size(html_bytes), True))
    html = html_bytes.decode(response.charset or "utf-8")
    declared = pages.html_resources(html, page_url)
    pending = pages.first_view_requests(html, page_url)
    seen = set()
    while pending:
        resource = pending.pop(0)
        if resource.url in seen:
            continue
        seen.add(resource.url)
        if not pages.is_same_origin(resource.url, page_url):
            view.requests.append((resource.kind, resource.url, None, resource.counts_bytes))
            view.problems.append(f"{url_path} loads a {resource.kind} from another host: {resource.url}")
            continue
        body = _local_body(client, resource.url)
        if body is None and resource in declared:
            view.problems.append(f"{url_path} asks for a {resource.kind} that is not there: {resource.url}")
        # The implicit /favicon.ico is a request whether or not it exists; `make audit` reports a 404.
        size = pages.gzip_size(body) if body is not None else None
        view.requests.append((resource.kind, resource.url, size, resource.counts_bytes))
        if resource.kind == "stylesheet" and body is not None:
            pending.extend(pages.css_resources(body.decode("utf-8", errors="replace"), resource.url))
    return view


def budget_problems(view):
    """What a first view does beyond its budget."""
    problems = []
    if view.total_bytes > pages.BUDGET_BYTES:
        problems.append(f"HTML+CSS+JS {view.total_bytes / 1024:.1f} KB gzipped > {pages.BUDGET_BYTES // 1024} KB")
    if len(view.requests) > pages.BUDGET_REQUESTS:
        problems.append(f"{len(view.requests)} requests > {pages.BUDGET_REQUESTS}")
    return [f"{view.path}: {problem}" for problem in problems]


class TestPublicPages:
    """The pages held to budgets are the sitemap's when the site has one, else the fixed list;
    each answers 200 with HTML, and a sitemap lists the home page and the letter."""

    def test_pages_answer_with_html(self, client, letter):
        paths = public_paths(client)
        assert paths
        for url_path in paths:
            response = client.get(url_path)
            assert response.status_code == 200, url_path
            assert response["Content-Type"].startswith("text/html"), url_path

    def test_sitemap_lists_the_key_pages(self, client, letter):
        assert sitemap_url() is not None
        paths = public_paths(client)
        for url_path in pages.FALLBACK_PATHS:
            assert url_path in paths, f"{url_path} is missing from the sitemap"


class TestPageWeight:
    """Every public page's first view, images aside, is at most 60 KB of gzip-compressed
    HTML+CSS+JS in at most 6 requests (the page itself included)."""

    def test_every_public_page_within_budget(self, client, letter):
        views = [first_view(client, url_path) for url_path in public_paths(client)]
        problems = [problem for view in views for problem in budget_problems(view)]
        assert not problems, "\n".join(problems + ["", *(view.summary() for view in views)])


class TestNothingFromAnotherHost:
    """No public page loads a script, stylesheet, font, icon, manifest or frame from another host,
    and every same-origin file a page asks for exists."""

    def test_every_public_page_loads_only_its_own_files(self, client, letter):
        problems = [problem for url_path in public_paths(client) for problem in first_view(client, url_path).problems]
        assert not problems, "\n".join(problems)


# Pages that break the rules on purpose, served by this module's own URLconf, to show that
# the checks above fail when they should.

_RANDOM_TEXT = base64.b64encode(random.Random(31).randbytes(90 * 1024)).decode()
_PAGES = {
    "/nang/": f"<!DOCTYPE html><title>x</title><p>{_RANDOM_TEXT}</p>",
    "/nhieu/": "<!DOCTYPE html><title>x</title>"
    + "".join(f'<link rel="stylesheet" href="/static/css/site.css?v={n}">' for n in range(6)),
    "/ngoai/": (
        '<!DOCTYPE html><title>x</title><script src="https://cdn.example.com/a.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.com/css"><style>@font-face{font-family:x;'
        "src:url(https://fonts.example.net/x.woff2)}</style>"
    ),
    "/thieu/": '<!DOCTYPE html><title>x</title><link rel="stylesheet" href="/static/css/khong-co.css">',
    "/nhe/": (
        '<!DOCTYPE html><title>x</title><link rel="stylesheet" href="/static/css/site.css">'
        '<link rel="icon" href="/static/.keep"><img src="https://example.com/a.png" alt="">'
    ),
}


def _synthetic(request):
    return HttpResponse(_PAGES[request.path])


class _SyntheticSitemap(Sitemap):
    def items(self):
        return ["/nhe/", "/nang/"]

    def location(self, item):
        return item


# The synthetic pages and sitemap come first; the site's own URLs follow, for the namespaces
# its templates (the 404 page, the sitemap's context processors) reverse.
urlpatterns = [
    *(path(url_path.strip("/") + "/", _synthetic) for url_path in _PAGES),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"pages": _SyntheticSitemap}},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    *site_urls.urlpatterns,
]


@pytest.mark.urls(__name__)
@pytest.mark.usefixtures("no_page_cache")  # synthetic pages, no database
class TestBudgetChecksCanFail:
    """The budget checks catch a heavy page, too many requests, another host and a missing file,
    and pages come from the sitemap once there is one."""

    def test_heavy_page_is_over_the_byte_budget(self, client):
        view = first_view(client, "/nang/")
        assert view.total_bytes > pages.BUDGET_BYTES
        assert any("KB gzipped" in problem for problem in budget_problems(view))

    def test_six_stylesheets_are_too_many_requests(self, client):
        view = first_view(client, "/nhieu/")
        # The page, six stylesheets and the implicit /favicon.ico.
        assert len(view.requests) == 8
        assert any("8 requests > 6" in problem for problem in budget_problems(view))

    def test_other_hosts_are_reported(self, client):
        problems = "\n".join(first_view(client, "/ngoai/").problems)
        assert "script from another host: https://cdn.example.com/a.js" in problems
        assert "stylesheet from another host: http://fonts.example.com/css" in problems
        assert "font from another host: https://fonts.example.net/x.woff2" in problems

    def test_missing_static_file_is_reported(self, client):
        assert first_view(client, "/thieu/").problems == [
            "/thieu/ asks for a stylesheet that is not there: http://testserver/static/css/khong-co.css"
        ]

    def test_light_page_passes_and_images_are_not_counted(self, client):
        view = first_view(client, "/nhe/")
        assert view.problems == []
        assert budget_problems(view) == []
        assert [kind for kind, *_ in view.requests] == ["document", "stylesheet", "icon"]

    def test_pages_come_from_the_sitemap(self, client):
        assert sitemap_url() == "/sitemap.xml"
        assert public_paths(client) == ["/nhe/", "/nang/"]
