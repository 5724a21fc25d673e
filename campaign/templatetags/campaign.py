"""Template helpers of the public site: dates as official letters write them,
language alternates, JSON-LD and the search highlighting."""

import html
import json
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, translate_url
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from namdong_site.urls_cached import cached_reverse, slug_reverser

from ..text import vn_long_date, vn_numeric_date

register = template.Library()


@register.filter
def vn_date(value):
    """08/6/2026: days below 10 and months 1–2 zero-padded, as official letters write dates."""
    return vn_numeric_date(value) if value else ""


@register.filter
def vn_long(value):
    return vn_long_date(value) if value else ""


@register.filter
def localized(obj, field):
    """``obj.localized(field)``: the English text on English pages when staff entered one."""
    return obj.localized(field)


def _translations(request):
    """The current page's path in each language, worked out once per request
    (``alternates`` and ``other_languages`` both need it)."""
    paths = getattr(request, "_nd_translations", None)
    if paths is None:
        paths = _translated_paths(request.path, get_language(), get_urlconf(), get_script_prefix())
        request._nd_translations = paths
    return paths


@lru_cache(maxsize=4096)
def _translated_paths(path, _language, _urlconf, _prefix):
    """A path in each language, remembered: it depends only on the path, the active language
    (which prefix resolves), the URLconf and the script prefix, never on content."""
    return {code: translate_url(path, code) for code, _name in settings.LANGUAGES}


@receiver(setting_changed)
def _forget_translated_paths(**kwargs):
    _translated_paths.cache_clear()


@register.simple_tag(takes_context=True)
def alternates(context):
    """``(code, name, absolute url)`` of the current page in each language."""
    request = context["request"]
    paths = _translations(request)
    return [(code, name, request.build_absolute_uri(paths[code])) for code, name in settings.LANGUAGES]


@register.simple_tag(takes_context=True)
def other_languages(context):
    """Links to the current page in the languages other than the active one."""
    current = get_language()
    names = {"vi": "Tiếng Việt", "en": "English"}
    paths = _translations(context["request"])
    return [(code, names.get(code, code), paths[code]) for code, _ in settings.LANGUAGES if code != current]


# The main menu's links and how each is marked current (base.html): exactly this page, or any
# page under it.
NAV_LINKS = [
    ("campaign:home", "exact"),
    ("campaign:directive-list", "within"),
    ("campaign:tasks", "exact"),
    ("campaign:contest", "exact"),
    ("campaign:unit-list", "within"),
    ("progress:index", "within"),
    ("news:list", "within"),
]


@register.simple_tag(takes_context=True)
def nav_current(context):
    """Which main menu links the current page marks ``aria-current``, as a string of 0 and 1
    (one per link of ``NAV_LINKS``): the key of the cached menu in base.html."""
    path = context["request"].path
    marks = []
    for name, match in NAV_LINKS:
        url = cached_reverse(name)
        marks.append("1" if (path == url if match == "exact" else url in path) else "0")
    return "".join(marks)


@register.simple_tag
def json_ld(data):
    """A ``<script type="application/ld+json">`` block; "<", ">" and "&" escaped so
    text typed by staff cannot close the script element."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


_UNIT_CARD = '\n  <li class="nd-unit-list__item">\n    <a href="{url}">{name}</a>\n    {contact}\n  </li>\n  '
_UNIT_CONTACT = '<span class="nd-unit-list__contact">{name}{phone}</span>'
_UNIT_PHONE = ' · <a href="tel:{dial}">{phone}</a>'


@register.simple_tag
def unit_cards(units):
    """The list of units with their contact (the home page, /don-vi/ and a group's page):
    written in one pass, with one URL reversal, instead of a template loop that cost
    about 40 µs a unit (/don-vi/ lists every unit of the ward). Every value escaped."""
    # Rows of (name, slug, contact_name, contact_phone) (/don-vi/ reads them so), or units.
    units = [
        unit if type(unit) is tuple else (unit.name, unit.slug, unit.contact_name, unit.contact_phone) for unit in units
    ]
    if not units:
        return format_html('<p class="nd-empty">{}</p>', _("Danh sách đơn vị của nhóm này đang được phường cập nhật."))
    unit_url = slug_reverser("campaign:unit")
    cards = []
    for name, slug, contact_name, contact_phone in units:
        contact = ""
        if contact_name:
            phone = ""
            if contact_phone:
                phone = _UNIT_PHONE.format(
                    dial=html.escape(contact_phone.replace(" ", "")), phone=html.escape(contact_phone)
                )
            contact = _UNIT_CONTACT.format(name=html.escape(contact_name), phone=phone)
        url = html.escape(unit_url(slug))
        cards.append(_UNIT_CARD.format(url=url, name=html.escape(name), contact=contact))
    return mark_safe('\n<ul class="nd-unit-list">\n  ' + "".join(cards) + "\n</ul>\n")  # noqa: S308 - values escaped


_SEARCH_RESULT = (
    '\n  <li class="nd-results__item">\n    <p class="nd-results__kind">{}</p>\n'
    '    <h2 class="nd-results__title"><a href="{}">{}</a></h2>\n    {}\n  </li>\n  '
)


@register.simple_tag
def search_results(results):
    """The items of the search results list (campaign/search.html), written in one pass instead
    of a template loop (about 60 variable lookups per page of 25 results). Titles and excerpts
    are ``highlight()``'s safe HTML; everything else is escaped."""
    items = []
    for result in results:
        excerpt = f'<p class="nd-results__excerpt">{conditional_escape(result.excerpt)}</p>' if result.excerpt else ""
        items.append(
            _SEARCH_RESULT.format(
                conditional_escape(result.kind),
                conditional_escape(result.url),
                conditional_escape(result.title),
                excerpt,
            )
        )
    return mark_safe("".join(items))  # noqa: S308 (each part escaped above)


_TASK_STEP = (
    '\n    \n    <li class="nd-steps__item">\n'
    '      <a class="nd-steps__link" href="{url}#muc-{number}">\n'
    '        <span class="nd-steps__number" aria-hidden="true">{number}</span>\n'
    '        <span class="nd-steps__title" lang="{lang}">{title}</span>\n'
    '        <span class="nd-steps__meta">{meta}</span>\n'
    "      </a>\n    </li>\n    \n    "
)


@register.simple_tag
def task_steps(sections):
    """The home page's three steps (the letter's task sections, each with its number of
    items), written in one pass instead of a template loop with a ``blocktranslate`` per
    section; the same HTML (tests/test_views.py)."""
    url = escape_text(cached_reverse("campaign:tasks"))
    steps = []
    for section in sections:
        title = section.localized("title")
        count = section.item_count
        meta = ngettext("%(counter)s việc cụ thể", "%(counter)s việc cụ thể", count) % {
            "counter": escape_text(str(localize(count)))
        }
        steps.append(
            _TASK_STEP.format(
                url=url,
                number=escape_text(str(localize(section.number))),
                lang=escape_text(title.lang),
                title=escape_text(title),
                meta=meta,
            )
        )
    return mark_safe("".join(steps))  # noqa: S308 (each value escaped above)


def escape_text(value):
    return str(conditional_escape(value))
