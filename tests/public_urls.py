"""Find the site's public URLs by themselves, so new pages are covered without editing a test.

Two sources, both read from the running project:

- the sitemap (``/sitemap.xml``, every ``<loc>`` and hreflang alternate): the
  real pages with their real slugs;
- the URL resolver: every route outside the admin, each with an example
  path (a sitemap page that resolves to it, else the route with a made-up
  slug that matches nothing, which must answer 404).

Anything an app adds to its ``urls.py`` or to the sitemap shows up here.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

# Routes that are not public pages: the admin and its helpers (staff only, tested
# through their login), Django's static serve view for uploads (tested with file names).
NOT_PUBLIC_PREFIXES = ("quan-tri/", "nested_admin/", "^media/", "media/")
LOC = re.compile(r"<loc>([^<]+)</loc>|href=\"([^\"]+)\"")
EXAMPLE_VALUES = {"slug": "khong-co-trang-nay", "int": "987654", "path": "khong-co/trang-nay", "str": "khong-co"}


@dataclass(frozen=True)
class Route:
    """One route outside the admin: where it is, its name, and a path that reaches it."""

    route: str
    name: str
    example: str
    has_parameters: bool


def sitemap_paths(client):
    """Every path the sitemap lists (each language), in order, without duplicates."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200, "the sitemap must answer"
    paths = []
    for loc, href in LOC.findall(response.content.decode()):
        url = loc or href
        if url.startswith("http"):
            paths.append(urlsplit(url).path)
    return list(dict.fromkeys(paths))


def _walk(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def _example(route):
    """A path for a route with parameters filled by values that name nothing."""
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: EXAMPLE_VALUES.get(m.group(1) or "str", "khong-co"), route)
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + path


def public_routes(client):
    """Every route outside the admin, with the best example path for each."""
    by_name = {}
    for path in sitemap_paths(client):
        try:
            match = resolve(path)
        except Resolver404:  # pragma: no cover - a sitemap link that does not resolve fails elsewhere
            continue
        by_name.setdefault(match.route, path)
    routes = []
    for route, pattern in _walk(get_resolver()):
        bare = route.removeprefix("en/")
        if bare.startswith(NOT_PUBLIC_PREFIXES) or pattern.callback is None:
            continue
        has_parameters = bool(pattern.pattern.converters) or "(?P<" in route
        example = by_name.get(route) or (_example(route) if has_parameters else "/" + route)
        routes.append(Route(route=route, name=pattern.name or route, example=example, has_parameters=has_parameters))
    return routes
