"""Public event pages and calendars: only published events appear anywhere, times
are the ward's (Asia/Ho_Chi_Minh), the iCalendar parses back, bad input stays calm."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from events.models import WARD_TZ, Event
from progress.models import ActivityReport
from tests.factories import event_create, report_create, unit_create


def soon(days=3, hour=19, minute=30):
    """A local wall-clock time ``days`` from today in Nam Đồng."""
    day = timezone.localtime(timezone.now(), WARD_TZ).date() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=WARD_TZ)


@pytest.fixture
def unit(letter):
    return unit_create(name="Tổ dân phố Hòa Bình", contact_name="Người liên hệ thử")


@pytest.fixture
def upcoming(unit):
    return event_create(
        title="Hội nghị giới thiệu Giải thưởng",
        start=soon(3, 19, 30),
        end=soon(3, 21, 0),
        place="Nhà văn hóa tổ dân phố Hòa Bình",
        unit=unit,
        description="Giới thiệu thể lệ; mời bà con, cô bác tham dự.",
    )


@pytest.fixture
def draft(unit):
    return event_create(title="Bản nháp bí mật", start=soon(4), unit=unit, status=Event.Status.DRAFT)


@pytest.fixture
def pending(unit):
    return event_create(title="Đang chờ duyệt bí mật", start=soon(5), unit=unit, status=Event.Status.PENDING)


def feed(client, url="/su-kien/lich.ics"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


class TestCalendarFeed:
    """The feed parses back with icalendar, with every published event at its Nam Đồng wall-clock time."""

    def test_parses_with_times_in_ho_chi_minh(self, client, upcoming, draft, pending):
        calendar = feed(client)
        events = calendar.walk("VEVENT")
        assert [str(event["SUMMARY"]) for event in events] == ["Hội nghị giới thiệu Giải thưởng"]
        event = events[0]
        start = event.decoded("DTSTART")
        assert str(start.tzinfo) == "Asia/Ho_Chi_Minh"
        assert (start.hour, start.minute) == (19, 30)
        assert start == upcoming.start
        assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
        assert event.decoded("DTEND") == upcoming.end
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
        assert str(event["LOCATION"]) == "Nhà văn hóa tổ dân phố Hòa Bình"
        assert str(event["URL"]) == f"http://testserver/su-kien/{upcoming.slug}/"
        assert "Giới thiệu thể lệ" in str(event["DESCRIPTION"])
        assert "Tổ dân phố Hòa Bình" in str(event["DESCRIPTION"])
        assert event.decoded("DTSTAMP").utcoffset() == datetime.timedelta(0)

    def test_uid_stable_across_changes_and_languages(self, client, upcoming):
        uid = str(feed(client).walk("VEVENT")[0]["UID"])
        Event.objects.filter(pk=upcoming.pk).update(title="Hội nghị (đổi giờ)", start=soon(4), end=None)
        assert str(feed(client).walk("VEVENT")[0]["UID"]) == uid
        assert str(feed(client, "/en/su-kien/lich.ics").walk("VEVENT")[0]["UID"]) == uid
        assert uid == f"{upcoming.uid}@mttq-namdong"

    def test_event_at_six_in_the_morning_keeps_its_local_day(self, client, unit):
        # 06:00 in Nam Đồng is 23:00 UTC the day before.
        early = event_create(title="Tập thể dục buổi sáng", start=soon(2, 6, 0), unit=unit)
        start = feed(client).walk("VEVENT")[0].decoded("DTSTART")
        assert (start.date(), start.hour) == (early.start_local.date(), 6)

    def test_vtimezone_made_once_is_the_librarys_own(self, client, upcoming):
        """The VTIMEZONE kept per process (events/ical.py) is what icalendar's
        add_missing_timezones() writes, in the same place, feed after feed."""
        from icalendar import Calendar as LibraryCalendar

        first = client.get("/su-kien/lich.ics").content
        assert client.get("/su-kien/lich.ics").content == first
        expected = LibraryCalendar.from_ical(first)
        expected.subcomponents = [c for c in expected.subcomponents if c.name != "VTIMEZONE"]
        expected.add_missing_timezones()
        assert expected.to_ical() == first

    def test_empty_feed_is_still_a_calendar(self, client, db):
        calendar = feed(client)
        assert calendar.walk("VEVENT") == [] and str(calendar["VERSION"]) == "2.0"

    def test_linked_from_every_page_head_and_the_list(self, client, letter):
        home = client.get("/").content.decode()
        assert '<link rel="alternate" type="text/calendar"' in home and 'href="/su-kien/lich.ics"' in home
        assert 'href="/su-kien/lich.ics"' in client.get("/su-kien/").content.decode()


class TestEventIcs:
    """One event's .ics downloads as a calendar file with an ASCII name; drafts are not found."""

    def test_download(self, client, upcoming):
        response = client.get(f"/su-kien/{upcoming.slug}.ics")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        disposition = response["Content-Disposition"]
        assert disposition == f'attachment; filename="{upcoming.slug}.ics"'
        assert disposition.isascii()
        events = Calendar.from_ical(response.content).walk("VEVENT")
        assert len(events) == 1
        start = events[0].decoded("DTSTART")
        assert (str(start.tzinfo), start.hour, start.minute) == ("Asia/Ho_Chi_Minh", 19, 30)

    def test_draft_and_pending_not_found(self, client, draft, pending):
        assert client.get(f"/su-kien/{draft.slug}.ics").status_code == 404
        assert client.get(f"/su-kien/{pending.slug}.ics").status_code == 404

    def test_detail_links_the_download(self, client, upcoming):
        page = client.get(upcoming.get_absolute_url()).content.decode()
        assert f'href="/su-kien/{upcoming.slug}.ics"' in page


class TestDetail:
    """The event's page: Vietnamese date and time in the ward's time zone, place, unit link, channel."""

    def test_upcoming_event_can_be_shared(self, client, upcoming):
        from urllib.parse import quote

        page = client.get(upcoming.get_absolute_url()).content.decode()
        url = "http://testserver" + upcoming.get_absolute_url()
        assert f'href="https://www.facebook.com/sharer/sharer.php?u={quote(url, safe="")}"' in page
        assert f'value="{url}" readonly' in page

    def test_shows_when_where_who(self, client, upcoming, unit):
        channel = upcoming.unit and upcoming.channel
        page = client.get(upcoming.get_absolute_url()).content.decode()
        local = upcoming.start_local
        weekday = ["Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6", "Thứ 7", "Chủ nhật"][local.weekday()]
        month = f"{local.month:02d}" if local.month < 3 else str(local.month)
        assert f"19:30–21:00, {weekday}, {local.day:02d}/{month}/{local.year}" in page
        assert "giờ Việt Nam, UTC+7" in page
        assert "Nhà văn hóa tổ dân phố Hòa Bình" in page
        assert f'href="{unit.get_absolute_url()}"' in page
        assert f'datetime="{local.isoformat()}"' in page
        assert channel is None

    def test_channel_shown(self, client, upcoming):
        from campaign.models import OutreachChannel

        upcoming.channel = OutreachChannel.objects.order_by("order").first()
        upcoming.save()
        assert upcoming.channel.name in client.get(upcoming.get_absolute_url()).content.decode()

    def test_english(self, client, upcoming):
        response = client.get(f"/en{upcoming.get_absolute_url()}")
        page = response.content.decode()
        assert response.status_code == 200 and '<html lang="en">' in page
        assert "19:30–21:00" in page and "Vietnam time, UTC+7" in page
        assert upcoming.start_local.strftime("%B") in page
        assert "Add to your phone" in page

    def test_drafts_are_not_found(self, client, draft, pending):
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(pending.get_absolute_url()).status_code == 404

    def test_hidden_unit_event_not_found(self, client, letter):
        event = event_create(start=soon(), unit=unit_create(is_active=False))
        assert client.get(event.get_absolute_url()).status_code == 404


class TestPastEventReports:
    """A past event's page links the activity reports filed for it, only once the ward approved them."""

    def test_approved_reports_only(self, client, unit):
        past = event_create(title="Hội nghị đã họp", start=soon(-10), unit=unit)
        approved = report_create(unit=unit, title="Báo cáo đã duyệt", event=past)
        report_create(unit=unit, title="Báo cáo chờ duyệt", status=ActivityReport.Status.PENDING, event=past)
        page = client.get(past.get_absolute_url()).content.decode()
        assert "Báo cáo hoạt động" in page and "Sự kiện đã diễn ra." in page
        assert f'href="/tien-do/bao-cao/{approved.pk}/"' in page
        assert "Báo cáo chờ duyệt" not in page
        # The link leads to the report on the unit's progress page.
        response = client.get(f"/tien-do/bao-cao/{approved.pk}/")
        assert response.status_code == 302
        assert response["Location"] == f"/tien-do/don-vi/{unit.slug}/#bao-cao-{approved.pk}"
        assert f'id="bao-cao-{approved.pk}"' in client.get(f"/tien-do/don-vi/{unit.slug}/").content.decode()

    def test_reports_read_through_the_event_index(self, client, unit):
        """The event page's reports come by the event's own index (progress 0008), not by
        walking every approved report of the ward in date order (3 -> 0.1 ms with 10,000)."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        past = event_create(start=soon(-10), unit=unit)
        report_create(unit=unit, event=past)
        with CaptureQueriesContext(connection) as queries:
            client.get(past.get_absolute_url())
        sql = next(q["sql"] for q in queries.captured_queries if 'FROM "progress_activityreport"' in q["sql"])
        assert '"progress_activityreport"."event_id" = ' in sql  # the event's own rows (prepared, no prefetch)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                plan = " ".join(str(row) for row in cursor.execute("EXPLAIN QUERY PLAN " + sql).fetchall())
            assert "report_event_status_held_on" in plan, plan
        else:  # PostgreSQL picks plans by table statistics; the index must exist at least.
            with connection.cursor() as cursor:
                constraints = connection.introspection.get_constraints(cursor, "progress_activityreport")
            assert constraints["report_event_status_held_on"]["columns"] == ["event_id", "status", "held_on", "id"]

    def test_past_event_without_reports_says_so(self, client, unit):
        past = event_create(start=soon(-10), unit=unit)
        page = client.get(past.get_absolute_url()).content.decode()
        assert "Chưa có báo cáo hoạt động nào được phường duyệt" in page


class TestList:
    """/su-kien/: upcoming events first (soonest first), then past ones; drafts never; bad pages calm."""

    def test_upcoming_then_past(self, client, unit, draft):
        later = event_create(title="Sự kiện sau", start=soon(9), unit=unit)
        sooner = event_create(title="Sự kiện trước", start=soon(2))
        past = event_create(title="Sự kiện đã qua", start=soon(-3), unit=unit)
        page = client.get("/su-kien/").content.decode()
        positions = [page.index(event.title) for event in (sooner, later, past)]
        assert positions == sorted(positions)
        assert page.index("Sắp diễn ra") < positions[0] and positions[1] < page.index("Đã diễn ra") < positions[2]
        assert draft.title not in page

    @pytest.mark.parametrize(
        "query", ["?page=abc", "?page=999999", "?page=-1", "?page=0", "?page=1%00", "?page=" + "9" * 400]
    )
    def test_hostile_page_numbers(self, client, unit, query):
        for number in range(12):
            event_create(start=soon(number + 1), unit=unit)
        response = client.get("/su-kien/" + query)
        assert response.status_code == 200
        assert "Trang" in response.content.decode()

    def test_second_page(self, client, unit):
        for number in range(12):
            event_create(title=f"Sự kiện số {number:02d}", start=soon(number + 1), unit=unit)
        page = client.get("/su-kien/?page=2").content.decode()
        assert "Sự kiện số 10" in page and "Sự kiện số 00" not in page and "Trang 2 / 2" in page

    def test_empty(self, client, db):
        assert "Chưa có sự kiện nào được đăng." in client.get("/su-kien/").content.decode()

    def test_english(self, client, upcoming):
        page = client.get("/en/su-kien/").content.decode()
        assert "Upcoming" in page and upcoming.title in page


class TestHomeAndUnit:
    """The home page shows the next published events; the unit page its own upcoming events."""

    def test_home(self, client, upcoming, draft, pending):
        page = client.get("/").content.decode()
        assert "Sự kiện sắp tới" in page and upcoming.title in page
        assert draft.title not in page and pending.title not in page
        assert 'href="/su-kien/"' in page

    def test_home_shows_at_most_four_soonest(self, client, unit):
        events = [event_create(title=f"Sự kiện gần số {n}", start=soon(n + 1), unit=unit) for n in range(6)]
        page = client.get("/").content.decode()
        assert [event.title in page for event in events] == [True] * 4 + [False] * 2

    def test_unit_page(self, client, upcoming, unit, letter):
        other = event_create(title="Sự kiện của tổ khác", start=soon(2), unit=unit_create())
        ward = event_create(title="Sự kiện chung của phường", start=soon(2))
        page = client.get(unit.get_absolute_url()).content.decode()
        assert upcoming.title in page
        assert other.title not in page and ward.title not in page

    def test_unit_page_without_events(self, client, unit):
        assert "Đơn vị chưa có sự kiện sắp tới." in client.get(unit.get_absolute_url()).content.decode()


class TestSitemap:
    """The list and published events are in the sitemap, with English alternates; drafts are not."""

    def test_sitemap(self, client, upcoming, draft, pending):
        sitemap = client.get("/sitemap.xml").content.decode()
        assert "http://testserver/su-kien/</loc>" in sitemap
        assert f"http://testserver/su-kien/{upcoming.slug}/</loc>" in sitemap
        assert f"http://testserver/en/su-kien/{upcoming.slug}/" in sitemap
        assert draft.slug not in sitemap and pending.slug not in sitemap
        assert "lich.ics" not in sitemap


class TestQueryCost:
    """The upcoming-events block costs the home page and a unit's page exactly one query, however many events."""

    @pytest.mark.parametrize("page", ["home", "unit"])
    def test_one_query(self, client, unit, page, no_page_cache):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for number in range(8):
            event_create(start=soon(number + 1), unit=unit)
        url = "/" if page == "home" else unit.get_absolute_url()
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        assert len([query for query in context.captured_queries if "events_event" in query["sql"]]) == 1
