"""SQL queries per public page: at most 8, and the same however much content there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaign.models import TargetUnit, UnitGroup
from news.models import Article
from tests.news.test_views import many_articles

BUDGET = 8
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
    "/tien-do/don-vi/to-dan-pho-so-1/",
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


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.usefixtures("no_page_cache")
class TestQueryBudget:
    """Each public page costs at most 8 queries, the same with 5 or 300 units and 1 or 1,000 news items."""

    @pytest.mark.parametrize("url", PAGES)
    def test_constant_and_within_budget(self, client, letter, url):
        add_units(0, 5)
        many_articles(1)
        small = count_queries(client, url)
        add_units(5, 300)
        Article.objects.all().delete()
        many_articles(1000)
        assert TargetUnit.objects.count() == 300 and Article.objects.published().count() == 1000
        large = count_queries(client, url)
        assert small <= BUDGET, f"{url}: {small} queries"
        assert large == small, f"{url}: {small} queries with 5 units and 1 article, {large} with 300 and 1,000"
