"""The unit, event and outreach pages' prepared queries and Python-written lists give what the
ORM and the template loops they replace gave (see namdong_site/prepared.py)."""

import datetime

import pytest
from django.db import connection
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from events.models import WARD_TZ, Event
from progress.models import ReportPhoto
from progress.selectors import unit_reports_queryset
from progress.templatetags.progress_tags import REPORTS_SHOWN, unit_reports
from tests import factories

pytestmark = pytest.mark.django_db

UNIT_REPORTS = Template("{% load progress_tags %}{% unit_reports unit %}")


def _orm_unit_reports(unit):
    """What {% unit_reports %} rendered before its queries were prepared."""
    reports = list(unit_reports_queryset(unit)[: REPORTS_SHOWN + 1])
    more_url = f"/tien-do/don-vi/{unit.slug}/" if len(reports) > REPORTS_SHOWN else ""
    context = {"unit": unit, "reports": reports[:REPORTS_SHOWN], "heading_level": 2, "more_url": more_url}
    return render_to_string("progress/includes/unit_reports.html", context)


def _photo(report, order, **fields):
    return ReportPhoto.objects.create(
        report=report, image=f"bao-cao/anh-{report.pk}-{order}.jpg", order=order, alt_text=f"Ảnh <{order}>", **fields
    )


@pytest.mark.parametrize("count", [0, 3, REPORTS_SHOWN + 2])
def test_unit_reports_equal_the_prefetching_queryset(letter, count):
    unit, other = factories.unit_create(), factories.unit_create()
    for number in range(count):
        report = factories.report_create(unit=unit, held_on=datetime.date(2026, 6, 1 + number % 5))
        if number % 3 == 0:
            _photo(report, 2, width=1200, height=800, has_renditions=True)
            _photo(report, 1)
            _photo(report, 1, width=600, height=400)
    # Another unit's photos and a report not approved: never shown.
    _photo(factories.report_create(unit=other), 0)
    _photo(factories.report_create(unit=unit, status="cho-duyet"), 0)
    with CaptureQueriesContext(connection) as queries:
        ours = UNIT_REPORTS.render(Context({"unit": unit}))
    assert len(queries) == (2 if count else 1)
    assert ours == _orm_unit_reports(unit)
    assert ("bao-cao/anh-" in ours) == bool(count)
    assert len(unit_reports(unit)["reports"]) == min(count, REPORTS_SHOWN)


# The include that {% event_items %} replaced.
EVENT_ITEM_LOOP = Template(
    '{% for event in events %}{% include "events/includes/event_item.html" with level=level show_unit=show_unit %}'
    "{% endfor %}"
)
EVENT_ITEMS = Template("{% load event_tags %}{% event_items events level show_unit %}")


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("show_unit", [True, False])
def test_event_items_equal_the_included_template(letter, language, show_unit):
    unit = factories.unit_create(name='Chi hội <Cựu chiến binh> & "bạn"')
    start = datetime.datetime(2026, 7, 1, 19, 30, tzinfo=WARD_TZ)
    factories.event_create(start=start, unit=unit, title="Hội nghị <b>thử</b> & 'bạn'", place='Nhà "văn hóa" <số 1>')
    factories.event_create(start=start, end=start + datetime.timedelta(hours=2), place="Sân & vườn")
    factories.event_create(start=start - datetime.timedelta(days=40), end=start, unit=unit)
    events = list(Event.objects.select_related("unit").order_by("start"))
    events[0].ended = True
    events[1].ended = False
    with translation.override(language):
        for level in (2, 3):
            context = {"events": events, "level": level, "show_unit": show_unit}
            expected = EVENT_ITEM_LOOP.render(Context(context))
            assert EVENT_ITEMS.render(Context(context)) == expected
            assert "&lt;b&gt;thử&lt;/b&gt; &amp; &#x27;bạn&#x27;" in expected


# templates/events/includes/upcoming.html, which {% upcoming_events %} rendered before it wrote
# the block itself.
OLD_UPCOMING = Template(
    """{% load i18n event_tags %}{% with level=heading_level|default:2 %}
<section class="nd-section nd-event-upcoming" aria-labelledby="nd-events-title">
  <h{{ level }} id="nd-events-title">{% translate "Sự kiện sắp tới" %}</h{{ level }}>
  {% if events %}
  <ul class="nd-event-list" role="list">
    {% if unit %}{% event_items events level|add:1 False %}{% else %}"""
    """{% event_items events level|add:1 True %}{% endif %}
  </ul>
  {% elif unit %}
  <p class="nd-empty">{% translate "Đơn vị chưa có sự kiện sắp tới." %}</p>
  {% else %}
  <p class="nd-empty">{% translate "Chưa có sự kiện sắp tới." %}</p>
  {% endif %}
  <p class="nd-event-upcoming__links"><a class="nd-link-arrow" href="{% url 'events:list' %}">"""
    """{% translate "Xem tất cả sự kiện" %}</a>
    <a class="nd-event-upcoming__feed" href="{% url 'events:feed' %}">"""
    """{% translate "Thêm lịch sự kiện vào điện thoại (.ics)" %}</a></p>
</section>
{% endwith %}
"""
)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_upcoming_events_equal_the_included_template(letter, language):
    from django.utils import timezone

    from events.templatetags.event_tags import HOME_EVENTS_SHOWN, upcoming_events

    unit = factories.unit_create(name='Chi hội <Cựu chiến binh> & "bạn"')
    quiet = factories.unit_create()
    soon = timezone.now() + datetime.timedelta(days=3)

    def expected(events, unit, level):
        context = {"events": events, "unit": unit, "heading_level": level}
        return OLD_UPCOMING.render(Context(context))

    with translation.override(language):
        # No events at all: the ward's and a unit's empty blocks.
        assert str(upcoming_events()) == expected([], None, 2)
        assert str(upcoming_events(unit=unit, heading_level=3)) == expected([], unit, 3)
        factories.event_create(start=soon, unit=unit, title="Hội nghị <b>thử</b> & 'bạn'")
        factories.event_create(start=soon + datetime.timedelta(hours=1), end=soon + datetime.timedelta(hours=3))
        factories.event_create(start=soon - datetime.timedelta(days=9))  # over
        upcoming = list(Event.objects.published().upcoming(timezone.now()).select_related("unit")[:HOME_EVENTS_SHOWN])
        assert len(upcoming) == 2
        assert str(upcoming_events()) == expected(upcoming, None, 2)
        assert str(upcoming_events(unit=unit)) == expected(upcoming[:1], unit, 2)
        assert str(upcoming_events(unit=quiet)) == expected([], quiet, 2)
        assert "&lt;b&gt;thử&lt;/b&gt;" in str(upcoming_events())
