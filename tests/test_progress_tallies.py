"""The progress tallies always equal a fresh aggregate of the reports, whatever
path changed them: the services, single saves and deletes, task-item changes from
either side, queryset deletes, bulk writes followed by ``tally_refresh``, the
sample data and the rebuild command."""

import datetime
import random

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Sum

from campaign.models import OutreachChannel, TargetUnit, TaskItem
from progress import sample
from progress.models import ActivityReport, UnitChannelTally, UnitItemTally, UnitMonthTally, UnitTally
from progress.selectors import group_progress, progress_summary, unit_totals
from progress.services import activity_report_review, activity_report_submit
from progress.tallies import tallies_deferred, tally_refresh

from .factories import report_create, unit_create, ward_staff_create

APPROVED = ActivityReport.Status.APPROVED


def fresh():
    """The four tallies computed afresh from the reports, as sets of tuples."""
    approved = ActivityReport.objects.filter(status=APPROVED)
    channels = {
        (r["unit_id"], r["channel_id"], r["n"], r["people"], r["last"])
        for r in approved.values("unit_id", "channel_id")
        .annotate(n=Count("id"), people=Sum("people_reached"), last=Max("held_on"))
        .order_by()
    }
    through = ActivityReport.task_items.through.objects.filter(activityreport__status=APPROVED)
    items = {
        (r["activityreport__unit_id"], r["taskitem_id"], r["n"], r["people"])
        for r in through.values("activityreport__unit_id", "taskitem_id")
        .annotate(n=Count("id"), people=Sum("activityreport__people_reached"))
        .order_by()
    }
    months = {}
    for report in approved:
        key = (report.unit_id, report.held_on.replace(day=1))
        n, people = months.get(key, (0, 0))
        months[key] = (n + 1, people + report.people_reached)
    units = {
        (r["unit_id"], r["n"], r["people"], r["last"])
        for r in approved.values("unit_id")
        .annotate(n=Count("id"), people=Sum("people_reached"), last=Max("held_on"))
        .order_by()
    }
    return channels, items, {(*key, *value) for key, value in months.items()}, units


def stored():
    return (
        set(
            UnitChannelTally.objects.values_list(
                "unit_id", "channel_id", "report_count", "people_total", "last_held_on"
            )
        ),
        set(UnitItemTally.objects.values_list("unit_id", "item_id", "report_count", "people_total")),
        set(UnitMonthTally.objects.values_list("unit_id", "month", "report_count", "people_total")),
        set(UnitTally.objects.values_list("unit_id", "report_count", "people_total", "last_held_on")),
    )


def assert_tallies_fresh():
    expected = fresh()
    assert stored() == expected
    return expected


@pytest.fixture
def world(letter):
    rng = random.Random(7)
    units = [unit_create() for _ in range(4)]
    return {
        "rng": rng,
        "units": units,
        "channels": list(OutreachChannel.objects.all()),
        "items": list(TaskItem.objects.all()),
        "staff": ward_staff_create(),
        "filer": ward_staff_create(),
    }


def random_report(world, status=None):
    rng = world["rng"]
    return report_create(
        unit=rng.choice(world["units"]),
        status=status or rng.choice(ActivityReport.Status.values),
        people=rng.randrange(0, 300),
        held_on=datetime.date(2026, 6, 1) + datetime.timedelta(days=rng.randrange(150)),
        channel=rng.choice(world["channels"]),
        items=rng.sample(world["items"], rng.choice((1, 2, 3))),
    )


def test_random_changes_keep_tallies_equal_to_a_fresh_aggregate(world):
    rng, staff = world["rng"], world["staff"]
    reports = [random_report(world) for _ in range(30)]
    channels, _items, _months, units = assert_tallies_fresh()
    assert channels and units, "some approved reports were made"
    for step in range(120):
        report = rng.choice(reports)
        report.refresh_from_db()
        action = step % 10
        if action == 0:
            reports.append(random_report(world))
        elif action == 1:
            activity_report_review(report=report, by=staff, status=APPROVED)
        elif action == 2:
            activity_report_review(report=report, by=staff, status=ActivityReport.Status.NEEDS_MORE, note="Thêm ảnh")
        elif action == 3:
            activity_report_submit(report=report, by=world["filer"])
        elif action == 4:  # edited in the admin: another unit, day, channel and figure
            report.unit = rng.choice(world["units"])
            report.held_on = datetime.date(2026, 7, 1) + datetime.timedelta(days=rng.randrange(90))
            report.channel = rng.choice(world["channels"])
            report.people_reached = rng.randrange(0, 500)
            report.save()
        elif action == 5:
            report.task_items.set(rng.sample(world["items"], rng.choice((1, 2))))
        elif action == 6:
            report.task_items.add(rng.choice(world["items"]))
        elif action == 7:  # from the item's side
            item = rng.choice(world["items"])
            item.activity_reports.add(*rng.sample(reports, 3))
        elif action == 8:
            rng.choice(world["items"]).activity_reports.remove(report)
        elif action == 9 and len(reports) > 5:
            reports.remove(report)
            report.delete()
        assert_tallies_fresh()


def test_clears_and_queryset_deletes(world):
    reports = [random_report(world, status=APPROVED) for _ in range(12)]
    reports[0].task_items.clear()
    assert_tallies_fresh()
    world["items"][0].activity_reports.clear()
    assert_tallies_fresh()
    ActivityReport.objects.filter(unit=world["units"][0]).delete()
    assert_tallies_fresh()
    with tallies_deferred():
        ActivityReport.objects.filter(unit=world["units"][1]).delete()
        kept = report_create(unit=world["units"][2], people=4)
        kept.people_reached += 5
        kept.save()
    assert_tallies_fresh()


def test_bulk_writes_then_refresh(world):
    for _ in range(10):
        random_report(world, status=APPROVED)
    ActivityReport.objects.update(people_reached=7)  # no signal: the tallies are stale …
    assert stored() != fresh()
    tally_refresh()  # … until refreshed
    assert_tallies_fresh()


def test_sample_data_and_rebuild_command(world):
    sample.sample_create(units=5, reports=200, nominations=3)
    assert_tallies_fresh()
    UnitChannelTally.objects.all().delete()
    UnitTally.objects.all().delete()
    call_command("progress_tally_rebuild", stdout=open("/dev/null", "w"))
    assert_tallies_fresh()
    sample.sample_delete()
    assert_tallies_fresh()


def test_page_figures_equal_direct_aggregates(world):
    """The progress page's figures, read from the tallies, equal aggregates of the published reports."""
    for _ in range(40):
        random_report(world)
    hidden = world["units"][3]
    hidden.is_active = False
    hidden.save()
    summary = progress_summary()
    published = ActivityReport.objects.published()
    assert summary["totals"]["reports"] == published.count()
    assert summary["totals"]["people"] == (published.aggregate(s=Sum("people_reached"))["s"] or 0)
    # Each group's sums on /tien-do/, and its units on the group's page, hidden ones left out.
    listed = []
    for group in summary["groups"]:
        page = group_progress(group.slug)
        assert page["group"].pk == group.pk
        units = page["units"]
        listed += [unit.id for unit in units]
        mine = published.filter(unit__group=group)
        shown = TargetUnit.objects.published().filter(group=group)
        figures = (mine.count(), mine.aggregate(s=Sum("people_reached"))["s"] or 0)
        reporting = shown.filter(activity_reports__in=mine).distinct().count()
        for read in (group, page["group"]):
            assert (read.report_count, read.people_total) == figures
            assert (read.reporting_units, read.unit_count) == (reporting, shown.count())
    assert sorted(listed) == sorted(TargetUnit.objects.published().values_list("pk", flat=True))
    assert hidden.pk not in listed
    for unit in (u for group in summary["groups"] for u in group_progress(group.slug)["units"]):
        mine = published.filter(unit_id=unit.id)
        assert unit.report_count == mine.count()
        assert unit.people_total == (mine.aggregate(s=Sum("people_reached"))["s"] or 0)
        assert unit.last_held_on == mine.aggregate(m=Max("held_on"))["m"]
    # A unit's own page reads its totals with the unit (select_related), none without reports.
    quiet = unit_create()
    for unit in TargetUnit.objects.select_related("tally").filter(pk__in=[u.pk for u in world["units"]] + [quiet.pk]):
        mine = ActivityReport.objects.filter(status=APPROVED, unit=unit)
        assert unit_totals(unit) == {
            "reports": mine.count(),
            "people": mine.aggregate(s=Sum("people_reached"))["s"] or 0,
        }
    by_channel = {bar.key: (bar.count, bar.people) for bar in summary["channel_chart"].rows}
    for channel in world["channels"]:
        mine = published.filter(channel=channel)
        assert by_channel[channel.slug] == (mine.count(), mine.aggregate(s=Sum("people_reached"))["s"] or 0)
    by_month = {bar.key: (bar.count, bar.people) for bar in summary["month_chart"].rows}
    expected = {}
    for report in published:
        key = f"{report.held_on:%Y-%m}"
        n, people = expected.get(key, (0, 0))
        expected[key] = (n + 1, people + report.people_reached)
    assert by_month == expected
    item_counts = [(bar.count, bar.people) for bar in summary["item_chart"].rows]
    through = ActivityReport.task_items.through.objects.filter(
        activityreport__status=APPROVED, activityreport__unit__is_active=True
    )
    expected_items = []
    for item in TaskItem.objects.order_by("section__directive__issued_on", "section__number", "order", "id"):
        mine = through.filter(taskitem=item)
        expected_items.append((mine.count(), mine.aggregate(s=Sum("activityreport__people_reached"))["s"] or 0))
    assert item_counts == expected_items
