"""Progress records: the database refuses impossible values; ``published()`` decides what the public sees;
the review services keep the four-eyes rule."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from progress.models import ActivityReport, Nomination
from progress.services import activity_report_review, activity_report_submit

from .factories import nomination_create, report_create, representative_create, unit_create, ward_staff_create


@pytest.fixture
def unit(letter):
    return unit_create()


class TestConstraints:
    """Negative head counts, unknown states and approval without a review time are refused by the database."""

    def test_people_reached_not_negative(self, unit):
        report = report_create(unit=unit)
        with pytest.raises(IntegrityError), transaction.atomic():
            ActivityReport.objects.filter(pk=report.pk).update(people_reached=-1)

    def test_status_must_be_known(self, unit):
        report = report_create(unit=unit)
        with pytest.raises(IntegrityError), transaction.atomic():
            ActivityReport.objects.filter(pk=report.pk).update(status="bi-an")

    def test_approved_needs_review_time(self, unit):
        report = report_create(unit=unit, status=ActivityReport.Status.PENDING)
        with pytest.raises(IntegrityError), transaction.atomic():
            ActivityReport.objects.filter(pk=report.pk).update(status=ActivityReport.Status.APPROVED)

    def test_nomination_state_must_be_known(self, unit):
        nomination = nomination_create(unit=unit)
        with pytest.raises(IntegrityError), transaction.atomic():
            Nomination.objects.filter(pk=nomination.pk).update(state="tu-phong")

    def test_future_date_refused_with_message(self, unit):
        report = report_create(unit=unit)
        report.held_on = timezone.localdate() + datetime.timedelta(days=30)
        with pytest.raises(ValidationError) as error:
            report.full_clean()
        assert "tương lai" in str(error.value)


class TestPublished:
    """The public sees approved reports of visible units, and a nominee's name only with consent."""

    def test_reports(self, letter):
        visible, hidden = unit_create(), unit_create(is_active=False)
        shown = report_create(unit=visible)
        report_create(unit=visible, status=ActivityReport.Status.PENDING)
        report_create(unit=visible, status=ActivityReport.Status.NEEDS_MORE)
        report_create(unit=hidden)
        assert list(ActivityReport.objects.published()) == [shown]

    def test_public_author(self, unit):
        assert nomination_create(unit=unit, author_name="A", name_public=True).public_author == "A"
        assert nomination_create(unit=unit, author_name="B", name_public=False).public_author == ""


class TestReviewService:
    """Approving needs the permission and another person than the reporter; sending back needs a note."""

    def test_representative_cannot_review(self, unit):
        rep = representative_create(unit)
        report = report_create(unit=unit, status=ActivityReport.Status.PENDING)
        with pytest.raises(PermissionDenied):
            activity_report_review(report=report, by=rep, status=ActivityReport.Status.APPROVED)

    def test_not_own_report(self, unit):
        staff = ward_staff_create()
        report = report_create(unit=unit, status=ActivityReport.Status.PENDING, created_by=staff)
        with pytest.raises(PermissionDenied):
            activity_report_review(report=report, by=staff, status=ActivityReport.Status.APPROVED)

    def test_approve_then_resubmit(self, unit):
        staff, rep = ward_staff_create(), representative_create(unit)
        report = report_create(unit=unit, status=ActivityReport.Status.PENDING, created_by=rep)
        activity_report_review(report=report, by=staff, status=ActivityReport.Status.APPROVED)
        assert ActivityReport.objects.published().get() == report
        activity_report_submit(report=report, by=rep)
        assert not ActivityReport.objects.published().exists()
        report.refresh_from_db()
        assert report.reviewed_by is None and report.reviewed_at is None

    def test_needs_more_requires_note(self, unit):
        staff = ward_staff_create()
        report = report_create(unit=unit, status=ActivityReport.Status.PENDING)
        with pytest.raises(ValidationError):
            activity_report_review(report=report, by=staff, status=ActivityReport.Status.NEEDS_MORE, note="")
        activity_report_review(report=report, by=staff, status=ActivityReport.Status.NEEDS_MORE, note="Thêm ảnh.")
        report.refresh_from_db()
        assert report.status == ActivityReport.Status.NEEDS_MORE and report.review_note == "Thêm ảnh."
