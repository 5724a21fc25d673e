"""Which pages are public, and what a browser must fetch to show one.

Both the audit (over HTTP, against gunicorn) and the page-weight test (through
Django's test client) use these helpers, so they agree on the list of pages and
on what counts as a first-view request.

Pages come from ``/sitemap.xml`` (following a sitemap index) when the site has
one; otherwise from ``FALLBACK_PATHS``, the pages that existed before the
sitemap did.
"""

import gzip
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

SITEMAP_PATH = "/sitemap.xml"
FALLBACK_PATHS = ("/", "/van-ban/31-mttq-btt/")
# The pages Lighthouse runs on: the home page and the letter.
LIGHTHOUSE_PATHS = ("/", "/van-ban/31-mttq-btt/")

# First-view budget of every public page, images aside: what a cheap phone on a
# slow network must download before it can show the page.
BUDGET_BYTES = 60 * 1024  # HTML + CSS + JS, gzip-compressed
BUDGET_REQUESTS = 6  # the page itself included

_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# A sitemap index may point at more sitemaps; a bound keeps a loop from running forever.
_MAX_SITEMAPS = 50


class SitemapError(ValueError):
    """The sitemap exists but cannot be read as a sitemap."""


def parse_sitemap(body):
    """Return ``("urlset" | "sitemapindex", [loc, ...])`` for one sitemap document."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        raise SitemapError(f"not well-formed XML: {error}") from error
    kind = root.tag.removeprefix(_SITEMAP_NS)
    if kind not in {"urlset", "sitemapindex"}:
        raise SitemapError(f"root element is <{kind}>, not <urlset> or <sitemapindex>")
    child = "url" if kind == "urlset" else "sitemap"
    locs = [(element.findtext(f"{_SITEMAP_NS}loc") or "").strip() for element in root.iter(f"{_SITEMAP_NS}{child}")]
    return kind, [loc for loc in locs if loc]


def local_path(url):
    """The path (and query) of a sitemap ``<loc>``, to be fetched from the server under test.

    A sitemap names pages by absolute URL on whatever host the site believes it
    has; the audit only ever fetches them from its own server on loopback.
    """
    parts = urlsplit(url)
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def sitemap_paths(fetch, sitemap_path=SITEMAP_PATH):
    """Paths listed in the sitemap, or ``None`` when the site has no sitemap (404).

    ``fetch(path)`` returns ``(status, body_bytes)``. Any status but 200 and 404,
    or a sitemap that is not one, raises ``SitemapError``: a broken sitemap must
    not silently shrink the audit to the fallback pages.
    """
    status, body = fetch(sitemap_path)
    if status == 404:
        return None
    pending, seen, paths = [sitemap_path], set(), []
    while pending:
        path = pending.pop(0)
        if path in seen:
            continue
        seen.add(path)
        if len(seen) > _MAX_SITEMAPS:
            raise SitemapError(f"more than {_MAX_SITEMAPS} sitemaps")
        if path != sitemap_path:
            status, body = fetch(path)
        if status != 200:
            raise SitemapError(f"{path} answered HTTP {status}")
        kind, locs = parse_sitemap(body)
        if kind == "sitemapindex":
            pending.extend(local_path(loc) for loc in locs)
        else:
            paths.extend(local_path(loc) for loc in locs)
    if not paths:
        raise SitemapError(f"{sitemap_path} lists no pages")
    return list(dict.fromkeys(paths))


def public_paths(fetch, sitemap_path=SITEMAP_PATH):
    """``(paths, source)``: the sitemap's pages, or the fixed list when there is no sitemap."""
    paths = sitemap_paths(fetch, sitemap_path)
    if paths is None:
        return list(FALLBACK_PATHS), "fixed list (no sitemap)"
    return paths, sitemap_path


@dataclass(frozen=True)
class Resource:
    """One request a browser makes to show a page, besides the page itself.

    ``kind`` is one of ``stylesheet``, ``script``, ``icon``, ``manifest``,
    ``font``, ``preload``, ``frame``. ``counts_bytes`` says whether its bytes
    belong to the HTML+CSS+JS budget.
    """

    kind: str
    url: str

    @property
    def counts_bytes(self):
        return self.kind in {"stylesheet", "script"}


_ICON_RELS = {"icon", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon"}
_PRELOAD_KINDS = {"style": "stylesheet", "script": "script", "font": "font"}
_FONT_EXTENSIONS = (".woff2", ".woff", ".ttf", ".otf", ".eot")
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)""", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+?)["']?\s*\)""", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


class _FirstViewParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.inline_css = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value or "") for name, value in attrs}
        if tag == "link":
            self._link(attributes)
        elif tag == "script" and attributes.get("src"):
            self.found.append(("script", attributes["src"]))
        elif tag == "iframe" and attributes.get("src"):
            self.found.append(("frame", attributes["src"]))
        elif tag == "style":
            self._in_style = True

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)

    def _link(self, attributes):
        rels = set(attributes.get("rel", "").lower().split())
        href = attributes.get("href", "")
        if not href:
            return
        if "stylesheet" in rels and "alternate" not in rels:
            self.found.append(("stylesheet", href))
        elif rels & _ICON_RELS:
            self.found.append(("icon", href))
        elif "manifest" in rels:
            self.found.append(("manifest", href))
        elif "modulepreload" in rels:
            self.found.append(("script", href))
        elif "preload" in rels:
            kind = attributes.get("as", "").lower()
            if kind in {"image", "video", "audio", "track"}:
                return  # media is outside the first-view budget, like <img>
            self.found.append((_PRELOAD_KINDS.get(kind, "preload"), href))


def _resolve(page_url, href):
    return urljoin(page_url, href.strip())


def html_resources(html, page_url):
    """Requests the HTML itself asks for on first view, images and media excluded.

    Stylesheets (not alternate ones), scripts and module preloads, icons, the web
    app manifest, preloads other than media, iframes, and what inline ``<style>``
    imports or uses as fonts. Each URL is made absolute against ``page_url``;
    ``data:`` URLs are not requests and are left out. Repeats count once, as a
    browser fetches a URL once.
    """
    parser = _FirstViewParser()
    parser.feed(html)
    parser.close()
    resources = [Resource(kind, _resolve(page_url, href)) for kind, href in parser.found]
    for css in parser.inline_css:
        resources.extend(css_resources(css, page_url))
    return _unique(resource for resource in resources if not resource.url.startswith("data:"))


def first_view_requests(html, page_url):
    """``html_resources`` plus the ``/favicon.ico`` a browser asks for when the page names no icon."""
    resources = html_resources(html, page_url)
    if not any(resource.kind == "icon" for resource in resources):
        resources.append(Resource("icon", urljoin(page_url, "/favicon.ico")))
    return resources


def css_resources(css, css_url):
    """Requests a stylesheet adds: ``@import``-ed stylesheets and font files.

    Every font a stylesheet names is counted, although a browser fetches only
    the ones the page uses: the budget errs on the heavy side. Background
    images are images and stay outside the budget.
    """
    css = _CSS_COMMENT.sub("", css)
    found = []
    imported = set()
    for match in _CSS_IMPORT.finditer(css):
        imported.add(match.group(1))
        found.append(Resource("stylesheet", _resolve(css_url, match.group(1))))
    for match in _CSS_URL.finditer(css):
        url = match.group(1).strip()
        if url in imported or url.startswith("data:"):
            continue
        if urlsplit(url).path.lower().endswith(_FONT_EXTENSIONS):
            found.append(Resource("font", _resolve(css_url, url)))
    return _unique(found)


def _unique(resources):
    return list(dict.fromkeys(resources))


def is_same_origin(url, page_url):
    """True when ``url`` is on the page's own scheme, host and port."""
    a, b = urlsplit(url), urlsplit(page_url)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def gzip_size(data):
    """Bytes on the wire for ``data`` served gzip-compressed.

    Level 9, as whitenoise compresses static files; like whitenoise, the
    compressed form is used only when it is at least 5 % smaller.
    """
    compressed = len(gzip.compress(data, compresslevel=9, mtime=0))
    return compressed if compressed < len(data) * 0.95 else len(data)
