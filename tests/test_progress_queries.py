"""The public progress page keeps to the query budget however much is reported."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
    """/tien-do/ runs at most 8 SQL queries, the same number with 5 units as with 300 units and 10,000 reports."""

    @pytest.mark.django_db
    def test_budget_is_flat(self, client, letter):
        sample_create(units=5, reports=50, nominations=10)
        small, _response = count_queries(client, "/tien-do/")

        sample_create(units=295, reports=9_950, nominations=290)
        assert ActivityReport.objects.count() == 10_000
        large, response = count_queries(client, "/tien-do/")

        assert small == large
        assert large <= BUDGET
        html = response.content.decode()
        assert html.count('<a href="/tien-do/don-vi/mau-') == 300
