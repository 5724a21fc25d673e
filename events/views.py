"""Public views of events: the list, an event's page, the iCalendar feed and
one event's .ics. Every view reads through ``Event.objects.published()``."""

from django.core.paginator import Paginator
from django.db.models import BigIntegerField, Count, DateTimeField, SlugField
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from campaign.models import TaskItem, directive_published_q
from namdong_site.prepared import Param, prepared
from progress.models import ActivityReport

from . import ical
from .models import Event

PAGE_SIZE = 10
# The feed carries the latest events; older ones stay on the site.
FEED_SIZE = 200


def _public_events():
    return Event.objects.published().select_related("unit", "channel")


def _listing(now):
    # The list shows each event's unit, never its channel.
    return Event.objects.published().select_related("unit").for_listing(now)


# The list's queries, their SQL built once per process (namdong_site/prepared.py): how many
# events are published (one row per status published() admits), and the first page.
_listing_count = prepared(
    lambda: Event.objects.published().order_by().values("status").annotate(n=Count("pk")).values_list("n", flat=True)
)
_listing_first_page = prepared(lambda: _listing(Param("now", DateTimeField()))[:PAGE_SIZE])


class _Listing:
    """What the paginator pages through: for_listing() at ``now``, the first page prepared."""

    def __init__(self, now):
        self.now = now

    def count(self):
        return sum(_listing_count())

    def __getitem__(self, items):
        # The paginator asks for [0:10], or [0:count] when there are fewer: the same rows
        # ([0:0], no event at all, reads nothing).
        if items.start == 0 and 0 < items.stop <= PAGE_SIZE:
            return _listing_first_page(now=self.now)
        return list(_listing(self.now)[items])


@require_GET
def event_list(request):
    # get_page() turns a malformed or out-of-range ?page= into the first or last page.
    page = Paginator(_Listing(timezone.now()), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/event_list.html", {"page": page, "events": page.object_list})


# An event's page, its SQL built once per process (namdong_site/prepared.py): the event by its
# slug (unique), the letter's task items it carries out (of a published letter: a join rather
# than a subquery of the letters) and, once it is over, the approved reports filed for it.
_event_by_slug = prepared(
    lambda: _public_events().select_related("unit__group").filter(slug=Param("slug", SlugField()))[:1]
)
_event_task_items = prepared(
    lambda: (
        TaskItem.objects.filter(
            directive_published_q("section__directive__", now=Param("now", DateTimeField())),
            events=Param("event", BigIntegerField()),
        )
        .select_related("section")
        .order_by("section__number", "order")
    )
)
_event_reports = prepared(
    lambda: (
        ActivityReport.objects.published()
        .filter(event_id=Param("event", BigIntegerField()))
        .select_related("unit")
        .order_by("held_on", "id")
    )
)


@require_GET
def event_detail(request, slug):
    now = timezone.now()
    event = next(iter(_event_by_slug(slug=slug)), None)
    if event is None:
        raise Http404
    task_items = _event_task_items(now=now, event=event.pk)
    is_past = event.has_ended(now)
    # The page lists the reports of an event that is over, and only then.
    event.public_reports = _event_reports(event=event.pk) if is_past else []
    url = request.build_absolute_uri(event.get_absolute_url())
    event_ld = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": event.start_local.isoformat(),
        "location": {"@type": "Place", "name": event.place, "address": "Phường Nam Đồng, Hải Phòng, Việt Nam"},
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "organizer": {
            "@type": "Organization",
            "name": event.unit.name if event.unit_id else "Ủy ban MTTQ Việt Nam phường Nam Đồng",
        },
        "url": url,
        "inLanguage": "vi",
    }
    if event.end:
        event_ld["endDate"] = event.end_local.isoformat()
    if event.description:
        event_ld["description"] = event.description[:500]
    context = {"event": event, "task_items": task_items, "is_past": is_past, "event_ld": event_ld}
    return render(request, "events/event_detail.html", context)


def _calendar_response(body, *, filename, disposition):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_GET
def event_feed(request):
    """All published events as one calendar that phones and calendar apps subscribe to."""
    events = _public_events().order_by("-start", "-id")[:FEED_SIZE]
    body = ical.calendar(events, absolute_url=request.build_absolute_uri, name=_("Sự kiện – MTTQ phường Nam Đồng"))
    return _calendar_response(body, filename="su-kien-mttq-nam-dong.ics", disposition="inline")


@require_GET
def event_ics(request, slug):
    """One event as a .ics file, to add to a phone's calendar."""
    event = get_object_or_404(_public_events(), slug=slug)
    body = ical.calendar([event], absolute_url=request.build_absolute_uri, name=event.title)
    # The slug is ASCII by construction (vn_slugify, SlugField): a safe file name.
    return _calendar_response(body, filename=f"{event.slug}.ics", disposition="attachment")
