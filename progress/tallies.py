"""The totals behind the public progress page, kept in four small tables.

``UnitChannelTally``, ``UnitItemTally`` and ``UnitMonthTally`` hold, per unit,
the count, people reached (and last date) of its approved reports by outreach
channel, by task item and by month; ``UnitTally`` the same for all of the
unit's approved reports (the sum of its channel tallies). They are recomputed for a unit from its
reports whenever one of them changes (``tally_refresh``), so they always equal
a fresh aggregate (``tests/test_progress_tallies.py`` checks this on random
data):

- saves, deletes and task-item changes of single reports (the admin, the
  services, the factories) refresh through the signals connected here, for
  the unit before and after the change;
- bulk writes send no signal: code that uses them calls ``tally_refresh()``
  (``progress.sample`` does) or runs inside ``tallies_deferred()``;
- ``manage.py progress_tally_rebuild`` and migration 0004 rebuild everything.

Units the public does not see still have tallies: readers leave them out
(``selectors.progress_summary`` by the hidden units' ids), so hiding a unit
needs no refresh.
"""

import contextlib
import threading

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

_state = threading.local()


APPROVED = "da-duyet"  # ActivityReport.Status.APPROVED, also for the migration's historical models


@transaction.atomic
def tally_refresh(*, unit_ids=None, apps=None):
    """Recompute the tallies of ``unit_ids`` (every unit when None) from the reports.

    ``apps``: a migration's app registry (migrations 0004 and 0006 build the tallies).
    """
    if apps is None:
        from django.apps import apps
    ActivityReport, UnitChannelTally, UnitItemTally, UnitMonthTally = (
        apps.get_model("progress", name)
        for name in ("ActivityReport", "UnitChannelTally", "UnitItemTally", "UnitMonthTally")
    )
    try:
        UnitTally = apps.get_model("progress", "UnitTally")
    except LookupError:  # migration 0004 builds the first three; 0006 adds this one and builds all four
        UnitTally = None
    TargetUnit = apps.get_model("campaign", "TargetUnit")

    approved = ActivityReport.objects.filter(status=APPROVED)
    through = ActivityReport.task_items.through
    items = through.objects.filter(activityreport__status=APPROVED)
    tallies = [model for model in (UnitChannelTally, UnitItemTally, UnitMonthTally, UnitTally) if model]
    if unit_ids is None:
        for model in tallies:
            model.objects.all().delete()
    else:
        unit_ids = {unit_id for unit_id in unit_ids if unit_id is not None}
        if not unit_ids:
            return
        # Two writers refreshing the same unit at once (PostgreSQL) take turns: each
        # would delete the unit's rows and insert its own, and the second insert
        # would break the unique constraints. SQLite writes one at a time anyway.
        list(TargetUnit.objects.select_for_update().filter(pk__in=unit_ids).order_by("pk").values_list("pk"))
        approved = approved.filter(unit_id__in=unit_ids)
        items = items.filter(activityreport__unit_id__in=unit_ids)
        for model in tallies:
            model.objects.filter(unit_id__in=unit_ids).delete()
    channel_rows = list(
        approved.values("unit_id", "channel_id")
        .annotate(report_count=Count("id"), people_total=Sum("people_reached"), last_held_on=Max("held_on"))
        .order_by()
    )
    UnitChannelTally.objects.bulk_create(UnitChannelTally(**row) for row in channel_rows)
    # A unit's totals are the sums of its channel rows (every report has one channel).
    if UnitTally is not None:
        _unit_tallies_create(UnitTally, channel_rows)

    UnitItemTally.objects.bulk_create(
        UnitItemTally(unit_id=unit_id, item_id=item_id, report_count=count, people_total=people)
        for unit_id, item_id, count, people in items.values("activityreport__unit_id", "taskitem_id")
        .annotate(n=Count("activityreport_id"), people=Sum("activityreport__people_reached"))
        .values_list("activityreport__unit_id", "taskitem_id", "n", "people")
        .order_by()
    )
    # By day in SQL (a date function would be a Python call per row on SQLite), by month here.
    months = {}
    for row in approved.values("unit_id", "held_on").annotate(n=Count("id"), people=Sum("people_reached")).order_by():
        key = (row["unit_id"], row["held_on"].replace(day=1))
        count, people = months.get(key, (0, 0))
        months[key] = (count + row["n"], people + row["people"])
    UnitMonthTally.objects.bulk_create(
        UnitMonthTally(unit_id=unit_id, month=month, report_count=count, people_total=people)
        for (unit_id, month), (count, people) in months.items()
    )


def _unit_tallies_create(UnitTally, channel_rows):
    units = {}
    for row in channel_rows:
        count, people, last = units.get(row["unit_id"], (0, 0, row["last_held_on"]))
        units[row["unit_id"]] = (
            count + row["report_count"],
            people + row["people_total"],
            max(last, row["last_held_on"]),
        )
    UnitTally.objects.bulk_create(
        UnitTally(unit_id=unit_id, report_count=count, people_total=people, last_held_on=last)
        for unit_id, (count, people, last) in units.items()
    )


@contextlib.contextmanager
def tallies_deferred():
    """Collect the units that signals would refresh, and refresh them once at the end.

    For code that deletes or saves many reports one by one (a queryset's
    ``delete()`` sends a signal per row).
    """
    outer = getattr(_state, "pending", None)
    if outer is not None:
        yield
        return
    _state.pending = set()
    try:
        yield
        pending, _state.pending = _state.pending, None
        tally_refresh(unit_ids=pending)
    finally:
        _state.pending = None


def _refresh(unit_ids):
    pending = getattr(_state, "pending", None)
    if pending is not None:
        pending.update(unit_ids)
    else:
        tally_refresh(unit_ids=unit_ids)


def _remember_unit(sender, instance, raw=False, **kwargs):
    # A report may move to another unit: that unit's tallies change too.
    if raw or instance.pk is None:
        instance._tally_unit_before = None
        return
    instance._tally_unit_before = sender.objects.filter(pk=instance.pk).values_list("unit_id", flat=True).first()


def _report_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh({instance.unit_id, getattr(instance, "_tally_unit_before", None)})


def _report_deleted(sender, instance, **kwargs):
    _refresh({instance.unit_id})


def _task_items_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    from .models import ActivityReport

    if not reverse:
        if action != "pre_clear":
            _refresh({instance.unit_id})
        return
    # From the item's side: the reports named, or (on clear) those the item had.
    if action == "pre_clear":
        instance._tally_units_before = set(instance.activity_reports.values_list("unit_id", flat=True))
        return
    if action == "post_clear":
        _refresh(getattr(instance, "_tally_units_before", set()))
        return
    _refresh(set(ActivityReport.objects.filter(pk__in=pk_set or ()).values_list("unit_id", flat=True)))


def connect_signals():
    from .models import ActivityReport

    uid = "progress.tallies"
    pre_save.connect(_remember_unit, sender=ActivityReport, dispatch_uid=uid)
    post_save.connect(_report_saved, sender=ActivityReport, dispatch_uid=uid)
    post_delete.connect(_report_deleted, sender=ActivityReport, dispatch_uid=uid)
    m2m_changed.connect(_task_items_changed, sender=ActivityReport.task_items.through, dispatch_uid=uid)
