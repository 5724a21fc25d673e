"""Events: the database refuses an end before the start, and the querysets
decide what is published, upcoming and past at a given moment."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import WARD_TZ, Event
from tests.factories import event_create, unit_create

NOW = datetime.datetime(2026, 7, 1, 12, 0, tzinfo=WARD_TZ)


def at(day, hour, minute=0):
    return datetime.datetime(2026, 7, day, hour, minute, tzinfo=WARD_TZ)


class TestConstraint:
    """An event cannot end before it starts: the database says no, and the form says why in Vietnamese."""

    def test_database_refuses_end_before_start(self, db):
        event = event_create(start=at(2, 19))
        with transaction.atomic(), pytest.raises(IntegrityError):
            Event.objects.filter(pk=event.pk).update(end=at(2, 18))

    def test_end_equal_to_start_is_allowed(self, db):
        event = event_create(start=at(2, 19), end=at(2, 19))
        assert event.end == event.start

    def test_clean_explains(self, db):
        event = Event(title="Hội nghị", start=at(2, 19), end=at(2, 18), place="Nhà văn hóa")
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert "Thời điểm kết thúc phải sau" in str(error.value.message_dict["end"])

    def test_status_outside_choices_refused(self, db):
        event = event_create(start=at(2, 19))
        with transaction.atomic(), pytest.raises(IntegrityError):
            Event.objects.filter(pk=event.pk).update(status="bi-an")


class TestSlug:
    """Slugs are readable ASCII from the title and the local date; "lich" (the feed) is reserved."""

    def test_slug_from_title_and_local_date(self, db):
        # 23:30 on 1 July in Nam Đồng is 16:30 UTC: the slug uses the ward's date.
        event = event_create(title="Hội nghị Tổ dân phố Đồng Tâm", start=at(1, 23, 30))
        assert event.slug == "hoi-nghi-to-dan-pho-dong-tam-2026-07-01"

    def test_same_title_same_day_gets_a_number(self, db):
        first = event_create(title="Sinh hoạt chi hội", start=at(3, 8))
        second = event_create(title="Sinh hoạt chi hội", start=at(3, 15))
        assert first.slug != second.slug and second.slug.startswith(first.slug)

    def test_reserved_slug(self, db):
        with pytest.raises(ValidationError) as error:
            event_create(slug="lich")
        assert "slug" in error.value.message_dict


class TestQuerySets:
    """published() hides drafts, pending and sent-back events and those of hidden units;
    upcoming(now) and past(now) split at ``now`` by the end (or the start when there is no end)."""

    @pytest.fixture
    def events(self, letter):
        hidden = unit_create(is_active=False)
        return {
            "tomorrow": event_create(start=at(2, 19, 30)),
            "last_month": event_create(start=datetime.datetime(2026, 6, 5, 19, tzinfo=WARD_TZ)),
            "under_way": event_create(start=at(1, 8), end=at(1, 17)),
            "over_this_morning": event_create(start=at(1, 8), end=at(1, 11)),
            "no_end_started": event_create(start=at(1, 11, 59)),
            "draft": event_create(start=at(3, 9), status=Event.Status.DRAFT),
            "pending": event_create(start=at(3, 9), status=Event.Status.PENDING),
            "needs_more": event_create(start=at(3, 9), status=Event.Status.NEEDS_MORE),
            "hidden_unit": event_create(start=at(3, 9), unit=hidden),
        }

    def names(self, queryset, events):
        by_pk = {event.pk: name for name, event in events.items()}
        return [by_pk[pk] for pk in queryset.values_list("pk", flat=True)]

    def test_published(self, events):
        published = set(self.names(Event.objects.published(), events))
        assert published == {"tomorrow", "last_month", "under_way", "over_this_morning", "no_end_started"}

    def test_upcoming_soonest_first(self, events):
        upcoming = self.names(Event.objects.published().upcoming(NOW), events)
        assert upcoming == ["under_way", "tomorrow"]

    def test_past_latest_first(self, events):
        past = self.names(Event.objects.published().past(NOW), events)
        assert past == ["no_end_started", "over_this_morning", "last_month"]

    def test_for_listing_upcoming_then_past(self, events):
        rows = list(Event.objects.published().for_listing(NOW))
        by_pk = {event.pk: name for name, event in events.items()}
        assert [(by_pk[row.pk], row.ended) for row in rows] == [
            ("under_way", False),
            ("tomorrow", False),
            ("no_end_started", True),
            ("over_this_morning", True),
            ("last_month", True),
        ]

    def test_moving_now_moves_the_split(self, events):
        later = NOW + datetime.timedelta(days=2)
        assert self.names(Event.objects.published().upcoming(later), events) == []


class TestSample:
    """SAMPLE events for `make bench`: all labelled, half upcoming, past ones with reports; removable."""

    def test_create_and_delete(self, letter):
        from django.utils import timezone

        from events import sample
        from progress import sample as progress_sample
        from progress.models import ActivityReport

        progress_sample.sample_create(units=4, reports=80, nominations=0)
        assert sample.sample_create(count=8) == 8
        events = list(Event.objects.all())
        assert len(events) == 8
        assert all(event.title.startswith("[Mẫu]") and event.slug.startswith("mau-su-kien-") for event in events)
        assert all(event.status == Event.Status.PUBLISHED and event.task_items.count() == 2 for event in events)
        now = timezone.now()
        assert sum(event.start > now for event in events) == 4
        linked = ActivityReport.objects.filter(event__isnull=False)
        assert linked.exists()
        assert all(report.event.start < now and report.event.unit_id == report.unit_id for report in linked)
        assert sample.sample_delete() == 8
        assert not Event.objects.exists() and not ActivityReport.objects.filter(event__isnull=False).exists()
