"""A shared cache of the public pages as anonymous visitors get them.

When a link goes round the Zalo groups, thousands of residents open the same
few pages in the same hour. Each page is rendered once and then served from a
cache that every gunicorn worker shares (Redis when ``REDIS_URL`` is set, else
files under the project; see ``settings.CACHES``).

Why not Django's ``UpdateCacheMiddleware``/``FetchFromCacheMiddleware``:

- they cannot drop every page at once when content changes. This module keeps a
  *content generation* (a random token) in the shared cache and puts it in
  every page's key; any save or delete in the apps listed in
  ``settings.PAGE_CACHE_INVALIDATING_APPS`` deletes the token, so every page of
  every worker misses at once and is rendered from the new content;
- their key includes the ``Cookie`` header whenever a page says ``Vary: Cookie``,
  so an anonymous visitor with a CSRF or language cookie would get a key of
  their own; here any visitor with a session or messages cookie (a logged-in
  user, or one with a message to see) bypasses the cache entirely, and other
  cookies do not change a public page;
- they send ``Cache-Control: max-age=<cache timeout>`` to browsers, which would
  keep a page for minutes after it changed. Here browsers and proxies get
  ``public, no-cache`` and an ``ETag``: they may keep the page but must ask
  again, and the answer is a 304 from the cache when nothing changed.

Scheduled news appears on its own when its time comes: the generation is
stored with the time of the next scheduled change (from the callables in
``settings.PAGE_CACHE_SCHEDULES``), and the first request after that time
starts a new generation.

The middleware sits above ``GZipMiddleware``, so a page is stored compressed
(once for clients that accept gzip, once for those that do not) and a hit
costs no template, no SQL and no compression. It sits below
``SecurityMiddleware``, which still redirects to HTTPS and adds HSTS on hits;
the stored response keeps every header the page was sent with (CSP included).

What is never stored: anything but a GET (HEAD may be answered from a stored
GET), requests with a session or messages cookie, the admin and other
``PAGE_CACHE_EXCLUDED_PREFIXES``, static and media files, responses that are
not 200, streaming responses, responses that set a cookie (a CSRF token, a
language cookie), and responses that ask not to be cached (``private``,
``no-cache``, ``no-store``, as ``never_cache`` does for the news preview).
"""

import datetime
import hashlib
import secrets
import time
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.module_loading import import_string
from django.utils.translation import get_language_from_path

STATE_KEY = "pagecache:state"
HIT_HEADER = "X-Page-Cache"
# Longer query strings are not stored: nobody types them, and each would be a new entry.
MAX_QUERY_STRING = 256
_REFUSING_DIRECTIVES = ("private", "no-cache", "no-store")


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def page_cache_invalidate(**kwargs):
    """Start a new content generation: every stored page is dropped for every worker.

    Runs at once and again when the current transaction commits, so that no
    request can store a page read before the commit under the new generation.
    Accepts and ignores signal arguments, so it can be a signal receiver.
    """
    cache = _cache()
    cache.delete(STATE_KEY)
    transaction.on_commit(lambda: cache.delete(STATE_KEY))


def _is_tracked(sender):
    meta = getattr(sender, "_meta", None)
    return meta is not None and meta.app_label in settings.PAGE_CACHE_INVALIDATING_APPS


def _on_change(sender, **kwargs):
    if _is_tracked(sender):
        page_cache_invalidate()


def _on_m2m_change(sender, action, **kwargs):
    if action.startswith("post_") and _is_tracked(sender):
        page_cache_invalidate()


def connect_signals():
    """Drop the cache when any model of the listed apps is saved, deleted or re-linked.

    Bulk writes (``QuerySet.update``, ``bulk_create``) send no signals: services
    that use them call ``page_cache_invalidate()`` themselves.
    """
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_on_change, dispatch_uid="pagecache-post-save")
    post_delete.connect(_on_change, dispatch_uid="pagecache-post-delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="pagecache-m2m")


def next_local_midnight(now=None):
    """The next midnight in the site's time zone: day counts and "today" change then."""
    local = timezone.localtime(now)
    return (local + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def next_scheduled_change():
    """The earliest time (a Unix timestamp) at which some page changes by itself, or None."""
    times = [import_string(path)() for path in settings.PAGE_CACHE_SCHEDULES]
    times = [moment.timestamp() for moment in times if moment is not None]
    return min(times, default=None)


def current_generation(now=None):
    """The content generation pages are stored under, starting a new one when it is missing or due."""
    cache = _cache()
    now = time.time() if now is None else now
    state = cache.get(STATE_KEY)
    if state is not None and (state[1] is None or now < state[1]):
        return state[0]
    if state is not None:
        cache.delete(STATE_KEY)  # a scheduled change is due
    # `add`: when several workers start a generation at once, the first one wins.
    cache.add(STATE_KEY, (secrets.token_hex(8), next_scheduled_change()), timeout=None)
    state = cache.get(STATE_KEY)
    return state[0] if state is not None else ""


_CODE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".mo"}


def _code_stamp(base_dir):
    """The newest modification time of the code, templates and translations under ``base_dir``."""
    base_dir = Path(base_dir)
    folders = [base_dir / "templates", base_dir / "locale"]
    folders += [path for path in base_dir.iterdir() if (path / "__init__.py").is_file()]
    newest = 0
    for folder in folders:
        for path in folder.rglob("*") if folder.is_dir() else ():
            if path.suffix in _CODE_SUFFIXES:
                newest = max(newest, path.stat().st_mtime_ns)
    return newest


@lru_cache(maxsize=1)
def deploy_id():
    """The deployment's id, in page keys and in keys of fragments that change only with a deployment.

    Changes with every deployment: new static files (no page may name a CSS file that is gone),
    new code, templates or translations (``make run`` after an edit), or ``PAGE_CACHE_VERSION``."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json" if settings.STATIC_ROOT else None
    try:
        digest = hashlib.sha256(manifest.read_bytes()).hexdigest()[:12]
    except (OSError, AttributeError):
        digest = "-"
    return f"{settings.PAGE_CACHE_VERSION}.{digest}.{_code_stamp(settings.BASE_DIR)}"


@receiver(setting_changed)
def _forget_chrome(**kwargs):
    """Tests change settings the page chrome depends on (languages, URLs, static storage)."""
    if "template_fragments" in settings.CACHES:
        caches["template_fragments"].clear()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.skip_prefixes = tuple(settings.PAGE_CACHE_EXCLUDED_PREFIXES) + tuple(
            prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix
        )
        self.bypass_cookies = (settings.SESSION_COOKIE_NAME, "messages")

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or request.path.startswith(self.skip_prefixes):
            return self.get_response(request)
        if any(name in request.COOKIES for name in self.bypass_cookies):
            response = self.get_response(request)
            if "Cache-Control" not in response:
                # Pages as a logged-in user sees them are theirs alone.
                patch_cache_control(response, private=True, no_cache=True)
            return response
        if request.method not in ("GET", "HEAD") or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            return self.get_response(request)
        try:
            key = self.key(request)
        except DisallowedHost:
            return self.get_response(request)  # Django answers 400 as usual
        cache = _cache()
        stored = cache.get(key)
        if stored is not None:
            stored[HIT_HEADER] = "hit"
            # An ETag the browser already has: 304 with no body.
            return get_conditional_response(request, etag=stored.get("ETag"), response=stored)
        response = self.get_response(request)
        if request.method == "GET" and self.storable(response):
            patch_cache_control(response, public=True, no_cache=True)
            set_response_etag(response)
            response[HIT_HEADER] = "miss"
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            return get_conditional_response(request, etag=response.get("ETag"), response=response)
        return response

    @staticmethod
    def key(request):
        """Generation, deployment, scheme, host, language, gzip or not, and the full path with its query."""
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        gzip = "gz" if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "") else "id"
        raw = "|".join(
            [request.scheme, request.get_host(), language, gzip, request.path, request.META.get("QUERY_STRING", "")]
        )
        digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
        return f"page:{current_generation()}:{deploy_id()}:{digest}"

    @staticmethod
    def storable(response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        return not any(directive in cache_control for directive in _REFUSING_DIRECTIVES)
