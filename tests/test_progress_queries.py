"""The public progress pages keep to the query budget however much is reported."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaign.models import TargetUnit, UnitGroup
from progress.models import ActivityReport
from progress.sample import sample_create

BUDGET = 8


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.usefixtures("no_page_cache")
class TestQueryBudget:
    """/tien-do/ and each group's page run at most 8 SQL queries, the same number with 5 units as
    with 300 units and 10,000 reports."""

    @pytest.mark.django_db
    def test_budget_is_flat(self, client, letter):
        groups = list(UnitGroup.objects.order_by("order"))
        sample_create(units=5, reports=50, nominations=10)
        small = [count_queries(client, url)[0] for url in self.urls(groups)]

        sample_create(units=295, reports=9_950, nominations=290)
        assert ActivityReport.objects.count() == 10_000
        large, links = [], 0
        for url in self.urls(groups):
            queries, response = count_queries(client, url)
            large.append(queries)
            links += response.content.decode().count('<a href="/tien-do/don-vi/mau-')

        assert small == large
        assert max(large) <= BUDGET
        assert large[1:] == [2] * len(groups)  # a group's page: the groups and its units
        assert links == 300  # every unit on its group's page, none on /tien-do/

    @pytest.mark.django_db
    def test_hidden_units_cost_one_query_more(self, client, letter):
        sample_create(units=6, reports=60, nominations=0)
        shown, _response = count_queries(client, "/tien-do/")
        TargetUnit.objects.filter(pk=TargetUnit.objects.order_by("pk").values("pk")[:1]).update(is_active=False)
        hidden, _response = count_queries(client, "/tien-do/")
        assert hidden == shown + 1

    @staticmethod
    def urls(groups):
        return ["/tien-do/"] + [f"/tien-do/nhom/{group.slug}/" for group in groups]
