"""SQL queries per public page: at most 8, and the same however much content there is."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaign.models import OutreachChannel, TargetUnit, UnitGroup
from events.models import Event
from news.models import Article
from progress.models import ActivityReport
from tests.news.test_views import many_articles

BUDGET = 8
# Exactly this many on the pages `make bench` times (docs/speed.md): fewer is a change to re-pin.
EXACT = {
    "/": 6,
    "/van-ban/31-mttq-btt/": 5,
    "/tin-tuc/": 2,
    "/tin-tuc/tin-so-0/": 1,
    "/tim-kiem/?q=to+dan+pho": 6,
    "/tien-do/": 6,
    "/tien-do/nhom/ban-cong-tac-mat-tran-cac-to-dan-pho/": 2,
}
PAGES = [
    "/",
    "/en/",
    "/van-ban/",
    "/van-ban/31-mttq-btt/",
    "/van-ban/31-mttq-btt/van-ban.txt",
    "/nhiem-vu/",
    "/don-vi/",
    "/don-vi/nhom/ban-cong-tac-mat-tran-cac-to-dan-pho/",
    "/don-vi/to-dan-pho-so-1/",
    "/giai-thuong/",
    "/tim-kiem/?q=to+dan+pho",
    "/van-ban/rss/",
    "/sitemap.xml",
    "/tin-tuc/",
    "/tin-tuc/rss/",
    "/tin-tuc/tin-so-0/",
    "/tien-do/",
    "/tien-do/nhom/ban-cong-tac-mat-tran-cac-to-dan-pho/",
    "/tien-do/don-vi/to-dan-pho-so-1/",
    "/su-kien/",
    "/su-kien/?page=2",
    "/su-kien/su-kien-so-1/",
    "/su-kien/su-kien-da-qua-so-2/",
    "/su-kien/lich.ics",
    "/su-kien/su-kien-so-1.ics",
    "/en/su-kien/su-kien-so-1/",
    "/an-pham/",
    "/an-pham/ap-phich/",
    "/an-pham/to-roi/",
    "/an-pham/qr/giai-thuong.svg",
    "/an-pham/ban-tin/van-ban/31-mttq-btt/",
    "/an-pham/ban-tin/van-ban/31-mttq-btt/ban-tin.txt",
    "/an-pham/ban-tin/tin-tuc/tin-so-0/",
    "/an-pham/ban-tin/tin-tuc/tin-so-0/ban-tin.txt",
]


def add_units(start, stop):
    groups = list(UnitGroup.objects.all())
    TargetUnit.objects.bulk_create(
        TargetUnit(
            group=groups[index % len(groups)],
            name=f"Tổ dân phố số {index + 1} (dữ liệu thử)",
            slug=f"to-dan-pho-so-{index + 1}",
            contact_name="Người liên hệ thử",
        )
        for index in range(start, stop)
    )


def add_events(start, stop):
    """Published events, half upcoming and half past, of the units and the whole ward, each past one
    with an approved report; ``su-kien-so-1`` is upcoming and ``su-kien-da-qua-so-2`` past."""
    units = list(TargetUnit.objects.order_by("pk")[:5])
    channel = OutreachChannel.objects.order_by("pk").first()
    now = datetime.datetime.now(datetime.UTC)
    events = Event.objects.bulk_create(
        Event(
            title=f"Sự kiện thử số {index}",
            slug=f"su-kien-so-{index}" if index % 2 else f"su-kien-da-qua-so-{index}",
            start=now + datetime.timedelta(days=index if index % 2 else -index),
            place="Nhà văn hóa thử",
            unit=units[index % len(units)] if index % 3 else None,
            channel=channel,
            status=Event.Status.PUBLISHED,
        )
        for index in range(start, stop)
    )
    ActivityReport.objects.bulk_create(
        ActivityReport(
            unit=event.unit or units[0],
            event=event,
            held_on=event.start.date(),
            channel=channel,
            title=f"Báo cáo {event.title}",
            status=ActivityReport.Status.APPROVED,
            reviewed_at=now,
        )
        for event in events
        if event.start < now
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.usefixtures("no_page_cache")
class TestQueryBudget:
    """Each public page costs at most 8 queries, the same with 5 or 300 units, 1 or 1,000 news items
    and a few or 300 events."""

    @pytest.mark.parametrize("url", PAGES)
    def test_constant_and_within_budget(self, client, letter, url):
        add_units(0, 5)
        many_articles(1)
        add_events(1, 12)
        small = count_queries(client, url)
        add_units(5, 300)
        Article.objects.all().delete()
        many_articles(1000)
        add_events(12, 300)
        assert TargetUnit.objects.count() == 300 and Article.objects.published().count() == 1000
        large = count_queries(client, url)
        assert small <= BUDGET, f"{url}: {small} queries"
        assert small == EXACT.get(url, small), f"{url}: {small} queries, pinned at {EXACT[url]}"
        assert large == small, f"{url}: {small} queries with 5 units and 1 article, {large} with 300 and 1,000"
