"""``reverse()`` remembered: a page reverses the same few dozen URLs on every request
(the navigation, the footer, each listed item's ``get_absolute_url``), about 15 µs each.

``cached_reverse`` keys the result on everything ``reverse`` depends on: the view
name, the arguments (only strings and integers are cached; anything else goes
straight to ``reverse``), ``current_app``, the active language (``i18n_patterns``
prefixes), the script prefix and the URLconf of the request. The cache is
emptied when settings change (tests) or ``clear_url_caches`` would be needed.

``{% url %}`` in every template uses it through ``TEMPLATES[...]["OPTIONS"]["builtins"]``
(``namdong_site.urltags``).
"""

import re
from functools import lru_cache
from urllib.parse import quote

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language

_PLAIN = (str, int)
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+").fullmatch


@lru_cache(maxsize=4096)
def _reverse(viewname, args, kwargs, current_app, _language, _prefix, urlconf):
    return reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def cached_reverse(viewname, args=None, kwargs=None, current_app=None):
    """``reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)``, remembered."""
    args = tuple(args or ())
    kwargs = kwargs or {}
    if not isinstance(viewname, str) or not all(type(value) in _PLAIN for value in (*args, *kwargs.values())):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    return _reverse(
        viewname, args, tuple(sorted(kwargs.items())), current_app, get_language(), get_script_prefix(), get_urlconf()
    )


def slug_reverser(viewname):
    """A function ``slug -> URL`` of ``viewname`` (a URL with one ``slug`` argument) that
    reverses once: a list of hundreds of items needs hundreds of URLs that differ only by
    the slug. Quotes the slug as ``reverse()`` does (a plain ASCII slug needs none)."""
    placeholder = "__slug__"
    before, after = cached_reverse(viewname, kwargs={"slug": placeholder}).split(placeholder)

    def url(slug):
        if not _PLAIN_SLUG(slug):
            slug = quote(slug, safe=RFC3986_SUBDELIMS + "/~:@")
        return before + slug + after

    return url


@receiver(setting_changed)
def _forget(**kwargs):
    _reverse.cache_clear()
