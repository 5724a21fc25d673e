"""Template helpers of events: when an event takes place, in words, and the
upcoming-events block of the home page and of a unit's page (one query each).

``{% load event_tags %}{% upcoming_events %}`` or ``{% upcoming_events unit=unit %}``.
"""

from django import template
from django.db.models import BigIntegerField, DateTimeField
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from campaign.text import vn_numeric_date
from namdong_site.prepared import Param, prepared
from namdong_site.urls_cached import cached_reverse, slug_reverser

from ..models import Event

register = template.Library()

HOME_EVENTS_SHOWN = 4


def _day(moment):
    """Thứ 4, 01/7/2026 — or Wednesday 1 July 2026 on English pages."""
    if get_language() == "en":
        return date_format(moment, "l j F Y")
    return f"{WEEKDAYS[moment.weekday()]}, {vn_numeric_date(moment)}"


@register.filter
def event_when(event):
    """When ``event`` takes place, in the ward's time (Asia/Ho_Chi_Minh), as a reader says it."""
    start, end = event.start_local, event.end_local
    if end is None:
        return _("%(time)s, %(day)s") % {"time": f"{start:%H:%M}", "day": _day(start)}
    if event.same_day:
        return _("%(start)s–%(end)s, %(day)s") % {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}", "day": _day(start)}
    return _("%(start_time)s, %(start_day)s đến %(end_time)s, %(end_day)s") % {
        "start_time": f"{start:%H:%M}",
        "start_day": _day(start),
        "end_time": f"{end:%H:%M}",
        "end_day": _day(end),
    }


_EVENT_ITEM = (
    '\n<li class="nd-event-card{past}">\n'
    '  <h{level} class="nd-event-card__title"><a class="nd-event-card__link" href="{url}">{title}</a></h{level}>\n'
    '  <p class="nd-event-card__when"><time datetime="{start}">{when}</time></p>\n'
    '  <p class="nd-event-card__place">{place}{unit}</p>\n'
    "</li>\n"
)


@register.simple_tag
def event_items(events, level, show_unit):
    """The cards of a list of events (/su-kien/, the upcoming-events block): written in one
    pass instead of an include of ``events/includes/event_item.html`` a card, with the same
    HTML (``tests/events/test_event_tags.py``). Every value escaped."""
    event_url = slug_reverser("events:detail")
    cards = []
    for event in events:
        unit = event.unit if show_unit else None
        cards.append(
            _EVENT_ITEM.format(
                past=" nd-event-card--past" if getattr(event, "ended", False) else "",
                level=level,
                url=escape(event_url(event.slug)),
                title=escape(event.title),
                start=escape(event.start_local.isoformat()),
                when=escape(event_when(event)),
                place=escape(event.place),
                unit=f" · {escape(unit.name)}" if unit else "",
            )
        )
    return mark_safe("".join(cards))  # noqa: S308 - every value escaped


_UPCOMING = (
    '\n<section class="nd-section nd-event-upcoming" aria-labelledby="nd-events-title">\n'
    '  <h{level} id="nd-events-title">{heading}</h{level}>\n'
    "  {body}\n"
    '  <p class="nd-event-upcoming__links"><a class="nd-link-arrow" href="{list_url}">{see_all}</a>\n'
    '    <a class="nd-event-upcoming__feed" href="{feed_url}">{add_feed}</a></p>\n'
    "</section>\n\n"
)
_UPCOMING_LIST = '\n  <ul class="nd-event-list" role="list">\n    {items}\n  </ul>\n  '


@register.simple_tag
def upcoming_events(unit=None, limit=HOME_EVENTS_SHOWN, heading_level=2):
    """The next published events, of the ward or of one ``unit`` (one query), as the block
    the home page and a unit's page show; written here rather than by an included template,
    with the same HTML (``tests/events/test_event_tags.py``)."""
    now = timezone.now()
    if unit is None:
        events = _ward_upcoming(now=now, limit=limit)
    else:
        events = _unit_upcoming(now=now, unit=unit.pk, limit=limit)
    level = heading_level or 2
    if events:
        body = _UPCOMING_LIST.format(items=event_items(events, level + 1, unit is None))
    elif unit is not None:
        body = f'\n  <p class="nd-empty">{escape(_("Đơn vị chưa có sự kiện sắp tới."))}</p>\n  '
    else:
        body = f'\n  <p class="nd-empty">{escape(_("Chưa có sự kiện sắp tới."))}</p>\n  '
    return mark_safe(  # noqa: S308 - every value escaped
        _UPCOMING.format(
            level=level,
            heading=escape(_("Sự kiện sắp tới")),
            body=body,
            list_url=escape(cached_reverse("events:list")),
            see_all=escape(_("Xem tất cả sự kiện")),
            feed_url=escape(cached_reverse("events:feed")),
            add_feed=escape(_("Thêm lịch sự kiện vào điện thoại (.ics)")),
        )
    )


def _upcoming(**unit):
    return Event.objects.published().upcoming(Param("now", DateTimeField())).filter(**unit).select_related("unit")


class _Limited:
    """One prepared query per number of events shown (a template gives a fixed number)."""

    def __init__(self, build):
        self.build, self.by_limit = build, {}

    def __call__(self, *, limit, **values):
        query = self.by_limit.get(limit)
        if query is None:
            query = self.by_limit[limit] = prepared(lambda: self.build()[:limit])
        return query(**values)


# SQL built once per process (namdong_site/prepared.py).
_ward_upcoming = _Limited(_upcoming)
_unit_upcoming = _Limited(lambda: _upcoming(unit_id=Param("unit", BigIntegerField())))
