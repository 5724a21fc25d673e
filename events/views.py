"""Public views of events: the list, an event's page, the iCalendar feed and
one event's .ics. Every view reads through ``Event.objects.published()``."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from campaign.models import Directive, TaskItem
from progress.models import ActivityReport

from . import ical
from .models import Event

PAGE_SIZE = 10
# The feed carries the latest events; older ones stay on the site.
FEED_SIZE = 200


def _public_events():
    return Event.objects.published().select_related("unit", "channel")


@require_GET
def event_list(request):
    events = _public_events().for_listing(timezone.now())
    # get_page() turns a malformed or out-of-range ?page= into the first or last page.
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/event_list.html", {"page": page, "events": page.object_list})


@require_GET
def event_detail(request, slug):
    published_directives = Directive.objects.published()
    event = get_object_or_404(
        _public_events()
        .select_related("unit__group")
        .prefetch_related(
            Prefetch(
                "task_items",
                queryset=TaskItem.objects.filter(section__directive__in=published_directives)
                .select_related("section")
                .order_by("section__number", "order"),
            ),
            Prefetch(
                "activity_reports",
                queryset=ActivityReport.objects.published().select_related("unit").order_by("held_on", "id"),
                to_attr="public_reports",
            ),
        ),
        slug=slug,
    )
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
    context = {"event": event, "is_past": event.has_ended(), "event_ld": event_ld}
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
