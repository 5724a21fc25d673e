"""Read-only queries behind the public progress pages.

Everything here reads through ``published()`` (the progress page's sums by group apply
its condition themselves, to learn whether any unit is hidden), and the progress page and
each group's page are built from a fixed number of queries whatever the number of units and
reports (see ``tests/test_progress_queries.py``). Nominees' contact details are
never selected.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import (
    BigIntegerField,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    Field,
    Func,
    OuterRef,
    Prefetch,
    Q,
    SlugField,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign.models import OutreachChannel, TargetUnit, TaskItem, UnitGroup, directive_published_q
from namdong_site.prepared import Param, prepared

from .models import ActivityReport, Nomination, ReportPhoto, UnitChannelTally, UnitItemTally, UnitMonthTally, UnitTally

APPROVED = ActivityReport.Status.APPROVED


@dataclass
class Bar:
    """One row of a chart and of the table that follows it."""

    label: str
    count: int = 0
    people: int = 0
    key: str = ""
    detail: str = ""
    percent: float = 0.0


class UnitRow(NamedTuple):
    """A unit's line on the progress page: a row of the units query as it is (``is_active``
    last, the hidden ones left out), no object built for each of the hundreds of units."""

    id: int
    name: str
    slug: str
    group_id: int
    report_count: int
    people_total: int
    last_held_on: object
    is_active: bool = True


@dataclass
class Chart:
    """A bar chart made on the server: the bars' lengths are shares of the largest value."""

    rows: list = field(default_factory=list)

    def __post_init__(self):
        top = max((row.count for row in self.rows), default=0)
        for row in self.rows:
            row.percent = round(100 * row.count / top, 1) if top else 0.0

    @property
    def total(self):
        return sum(row.count for row in self.rows)

    @property
    def people(self):
        return sum(row.people for row in self.rows)


def _tally_sums(prefix, hidden):
    """Count and people of the published reports, summed from the tallies reached through ``prefix``.

    The tallies count approved reports whatever the unit (``progress/tallies.py``);
    ``published()`` also wants the unit shown to the public, so the rows of the
    ``hidden`` units' ids are left out. (Usually none are hidden: then the page reads
    the sums through ``_tally_subqueries``, prepared.) No ``Coalesce``: a row without
    tallies reads None, which the caller takes as 0.
    """
    published = ~Q(**{f"{prefix}unit_id__in": hidden}) if hidden else None
    return {
        "report_count": Sum(f"{prefix}report_count", filter=published),
        "people_total": Sum(f"{prefix}people_total", filter=published),
    }


def _tally_subqueries(model, key):
    """Count and people of the tallies of ``model`` whose ``key`` is the outer row, one
    subquery each (for when no unit is hidden). Each sums one row's tallies from the
    covering index, and the outer query needs no GROUP BY over its own columns (an item's
    text among them), which cost more than the sums (0.37 -> 0.28 ms for the items). A
    plain ``SUM()`` function, not the ``Sum`` aggregate, which would add a GROUP BY to
    each subquery and cost as much again."""
    tallies = model.objects.filter(**{key: OuterRef("pk")}).order_by()
    return {
        name: Subquery(tallies.annotate(total=Func(F(name), function="SUM")).values("total"))
        for name in ("report_count", "people_total")
    }


def _channel_sums(hidden=()):
    # Plain rows of the columns shown: grouping by every column of the model (its
    # description too) and building instances cost more than the sums. Aggregating
    # queries drop Meta.ordering: every order here is explicit.
    return (
        OutreachChannel.objects.values_list("name", "slug")
        .annotate(**_tally_sums("unit_tallies__", hidden))
        .order_by("order", "name")
    )


def _item_sums(now, hidden=()):
    return (
        TaskItem.objects.filter(directive_published_q("section__directive__", now=now))
        .values_list("section__number", "order", "id", "text")
        .annotate(**_tally_sums("unit_tallies__", hidden))
        .order_by("section__directive__issued_on", "section__number", "order", "id")
    )


def _month_sums(hidden=()):
    return (
        (UnitMonthTally.objects.exclude(unit_id__in=hidden) if hidden else UnitMonthTally.objects.all())
        .values("month")
        .annotate(report_count=Sum("report_count"), people_total=Sum("people_total"))
        .order_by("month")
    )


# The progress page's queries, their SQL built once per process (namdong_site/prepared.py).
# Those that leave out hidden units' tallies are prepared for the usual case, no hidden
# unit; with hidden units the ORM builds them with their ids (``_tally_sums``).
#
# The units' columns are read as the database module gives them: ``Field()`` has no
# converter, so the rows come out of the ORM as SQLite's module returns them (a date and
# a bool by the columns' declared types, as before; COALESCE of whole numbers an int).
# For 300 rows the ORM's converters cost more than the rest of reading them.
_AS_READ = Field()
# A group's page (``group_progress``): its shown units with their totals (``UnitTally``, a
# join on its primary key; 0 for a unit without approved reports), each row a UnitRow as it
# comes.
_group_units = prepared(
    lambda: (
        TargetUnit.objects.published()
        .filter(group_id=Param("group", BigIntegerField()))
        .order_by("order", "name")
        .annotate(
            tally_count=Coalesce("tally__report_count", 0, output_field=_AS_READ),
            tally_people=Coalesce("tally__people_total", 0, output_field=_AS_READ),
            tally_last=ExpressionWrapper(F("tally__last_held_on"), output_field=_AS_READ),
            active=ExpressionWrapper(F("is_active"), output_field=_AS_READ),
        )
        .values_list("id", "name", "slug", "group_id", "tally_count", "tally_people", "tally_last", "active")
    )
)
# /tien-do/: per group and per shown or hidden, the units, the units with approved reports
# and their reports' count and people, summed over the units' tallies (no row per unit).
_summary_group_sums = prepared(
    lambda: (
        TargetUnit.objects.order_by()
        .values_list("group_id", "is_active")
        .annotate(
            units=Count("pk"),
            reporting=Count("tally__unit"),
            reports=Coalesce(Sum("tally__report_count"), 0),
            people=Coalesce(Sum("tally__people_total"), 0),
        )
    )
)
# Read only when the sums above show a hidden unit: its tallies are left out of the charts.
_hidden_units = prepared(lambda: TargetUnit.objects.filter(is_active=False).order_by().values_list("pk"))
_summary_groups = prepared(lambda: UnitGroup.objects.only("id", "name", "slug", "order"))
_summary_channels = prepared(
    lambda: (
        OutreachChannel.objects.annotate(**_tally_subqueries(UnitChannelTally, "channel"))
        .values_list("name", "slug", "report_count", "people_total")
        .order_by("order", "name")
    )
)
_summary_items = prepared(
    lambda: (
        TaskItem.objects.filter(directive_published_q("section__directive__", now=Param("now", DateTimeField())))
        .annotate(**_tally_subqueries(UnitItemTally, "item"))
        .values_list("section__number", "order", "id", "text", "report_count", "people_total")
        .order_by("section__directive__issued_on", "section__number", "order", "id")
    )
)
_summary_months = prepared(_month_sums)
_summary_nominations = prepared(
    lambda: (
        Nomination.objects.published()
        .values("state", "category_id", "category__name", "category__order")
        .annotate(n=Count("id"))
        .order_by("category__order", "category__name")
    )
)


def progress_summary():
    """Everything the public progress page shows, in six queries over the tallies
    (``progress/tallies.py``), not over every report or unit; a seventh reads the hidden units'
    ids when there are any. Each group's units are on its own page (``group_progress``)."""
    # 1. Each group's units, units with approved reports, and their reports' count and people.
    # The units themselves are listed on each group's page (``group_progress``).
    sums = {}
    hidden = []
    for group_id, is_active, units, reporting, count, people in _summary_group_sums():
        if is_active:  # TargetUnit.objects.published()
            sums[group_id] = (count, people, reporting, units)
        elif units and not hidden:
            hidden = [row[0] for row in _hidden_units()]
    # 2. The addressee groups, in the letter's order, so a group without units still shows.
    groups = _summary_groups()
    group_rows = []
    for group in groups:
        figures = sums.get(group.id, (0, 0, 0, 0))
        group.report_count, group.people_total, group.reporting_units, group.unit_count = figures
        group_rows.append(Bar(label=group.name, key=group.slug, count=group.report_count, people=group.people_total))

    # 3. By outreach channel.
    channels = _channel_sums(hidden) if hidden else _summary_channels()
    channel_chart = Chart(
        [Bar(label=name, key=slug, count=count or 0, people=people or 0) for name, slug, count, people in channels]
    )

    # 4. By task item of the letter, in the letter's order.
    now = timezone.now()
    items = _item_sums(now, hidden) if hidden else _summary_items(now=now)
    item_rows = []
    for section_number, order, item_id, text, count, people in items:
        # Items are numbered by their place in the section; ``order`` starts at 1 in the loader.
        position = _("Mục %(section)s, ý %(item)s") % {"section": section_number, "item": order or item_id}
        item_rows.append(Bar(label=position, detail=text, count=count or 0, people=people or 0))
    item_chart = Chart(item_rows)

    # 5. Over time, by month of the activity.
    months = _month_sums(hidden) if hidden else _summary_months()
    month_chart = Chart(
        [
            Bar(
                label=_("Tháng %(month)s/%(year)s") % {"month": row["month"].month, "year": row["month"].year},
                key=f"{row['month']:%Y-%m}",
                count=row["report_count"],
                people=row["people_total"],
            )
            for row in months
        ]
    )

    # 6. Nominations by state and category (counts only: no names here).
    nominations = _nomination_table(_summary_nominations())

    ward = [sum(column) for column in zip(*sums.values(), strict=True)] or [0, 0, 0, 0]
    return {
        "groups": groups,
        "group_chart": Chart(group_rows),
        "channel_chart": channel_chart,
        "item_chart": item_chart,
        "month_chart": month_chart,
        "nominations": nominations,
        "totals": {
            "reports": ward[0],
            "people": ward[1],
            "units": ward[3],
            "reporting_units": ward[2],
            "nominations": nominations["total"],
        },
    }


def group_progress(slug):
    """A group's progress page: the group (by its slug), its shown units with their totals, the
    group's totals and the other groups, in two queries; None when no group has this slug."""
    groups = _summary_groups()
    group = next((candidate for candidate in groups if candidate.slug == slug), None)
    if group is None:
        return None
    new_row = tuple.__new__
    units = [new_row(UnitRow, row) for row in _group_units(group=group.pk)]
    count = people = reporting = 0
    for unit in units:
        count += unit[4]
        people += unit[5]
        if unit[4]:
            reporting += 1
    group.unit_list = units
    group.report_count, group.people_total = count, people
    group.reporting_units, group.unit_count = reporting, len(units)
    return {"group": group, "units": units, "groups": groups}


def _nomination_table(rows):
    """Counts of nominations by state and by category, with totals, from grouped rows."""
    states = [(value, label) for value, label in Nomination.State.choices]
    by_state = {value: 0 for value, _label in states}
    categories = {}
    for row in rows:
        key = row["category_id"]
        if key not in categories:
            name = row["category__name"] if key is not None else _("Chưa xác định thể loại")
            categories[key] = {"name": name, "counts": {value: 0 for value, _label in states}, "total": 0}
        categories[key]["counts"][row["state"]] += row["n"]
        categories[key]["total"] += row["n"]
        by_state[row["state"]] += row["n"]
    # Unknown category last.
    ordered = [categories[key] for key in categories if key is not None]
    if None in categories:
        ordered.append(categories[None])
    for category in ordered:
        category["cells"] = [category["counts"][value] for value, _label in states]
    return {
        "states": [label for _value, label in states],
        "state_chart": Chart([Bar(label=label, key=value, count=by_state[value]) for value, label in states]),
        "categories": ordered,
        "state_totals": [by_state[value] for value, _label in states],
        "total": sum(by_state.values()),
    }


_REPORT_FIELDS = (
    "id",
    "unit_id",
    "held_on",
    "title",
    "description",
    "people_reached",
    "channel__name",
    "channel__slug",
)
_PHOTO_FIELDS = ("id", "report_id", "order", "image", "width", "height", "alt_text", "has_renditions")


def _unit_reports(unit):
    return ActivityReport.objects.published().filter(unit=unit).select_related("channel").only(*_REPORT_FIELDS)


def unit_reports_queryset(unit):
    """A unit's approved reports, newest first, with their photos (prefetched: one more query).
    ``unit``: a unit or a ``Param``."""
    return _unit_reports(unit).prefetch_related(
        Prefetch(
            "photos",
            # Meta.ordering starts with the report (a join to sort by the report's ordering); a
            # prefetch keeps each report's photos in query order, so "order", "id" is the same.
            queryset=ReportPhoto.objects.only(*_PHOTO_FIELDS).order_by("order", "id"),
        )
    )


def unit_reports(unit):
    """A unit's approved reports, newest first, with their photos: two queries.

    For the unit's pages (``{% unit_reports unit %}`` or the include
    ``progress/includes/unit_reports.html`` with ``reports``).
    """
    return list(unit_reports_queryset(unit))


# A unit's page of reports and their photos, the SQL of each built once per process
# (namdong_site/prepared.py): one reports query per page offset (LIMIT and OFFSET are
# written into the SQL), one photos query per page size, with a slot for each report's id.
_BIG = BigIntegerField()
_OFFSETS_PREPARED = 64  # pages further on are read through the ORM (prefetching their photos)
_reports_at = {}
_photos_of = {}


def _photo_query(size):
    query = _photos_of.get(size)
    if query is None:
        query = _photos_of[size] = prepared(
            # A lookup of its own: ``report_id__in`` would check each slot as a number.
            lambda: (
                ReportPhoto.objects.filter(In(F("report_id"), [Param(f"r{slot}", _BIG) for slot in range(size)]))
                .only(*_PHOTO_FIELDS)
                .order_by("order", "id")
            )
        )
    return query


def unit_reports_slice(unit, start, size):
    """Up to ``size`` of a unit's approved reports from ``start`` (newest first), each with
    its photos as ``shown_photos`` (``{% report_items %}`` reads it): two queries, none for the
    photos when there is no report, as a prefetch."""
    query = _reports_at.get((start, size))
    if query is None:
        if len(_reports_at) >= _OFFSETS_PREPARED:
            return list(unit_reports_queryset(unit)[start : start + size])
        query = _reports_at[(start, size)] = prepared(lambda: _unit_reports(Param("unit", _BIG))[start : start + size])
    reports = query(unit=unit.pk)
    if reports:
        # Every slot gets an id: the last report's id fills those the page leaves over.
        ids = [report.pk for report in reports]
        ids += ids[-1:] * (size - len(ids))
        by_report = {report.pk: [] for report in reports}
        for photo in _photo_query(size)(**{f"r{slot}": pk for slot, pk in enumerate(ids)}):
            by_report[photo.report_id].append(photo)
        for report in reports:
            report.shown_photos = by_report[report.pk]
    return reports


class UnitReportPages:
    """A unit's approved reports as the ``object_list`` of a ``Paginator`` whose ``count`` is set
    (from the tallies): the page's slice reads through ``unit_reports_slice``."""

    def __init__(self, unit, per_page):
        self.unit, self.per_page = unit, per_page

    def __getitem__(self, window):
        start = window.start or 0
        if window.stop <= start:  # a unit without reports: no query, as for an empty slice of a queryset
            return []
        # Paginator cuts the last page at its count: the same rows as LIMIT per_page, cut here.
        return unit_reports_slice(self.unit, start, self.per_page)[: window.stop - start]


def unit_totals(unit):
    """Count and people reached of a unit's approved reports, from its ``UnitTally``: no query
    when the unit was read with ``select_related("tally")``, one otherwise."""
    try:
        tally = unit.tally
    except UnitTally.DoesNotExist:  # no approved report yet
        return {"reports": 0, "people": 0}
    return {"reports": tally.report_count, "people": tally.people_total}


# The unit of a unit's progress page, by its slug, with its group and totals (``UnitTally``,
# none before its first approved report). No ORDER BY (Meta.ordering joins the group): the
# slug is unique.
published_unit_by_slug = prepared(
    lambda: (
        TargetUnit.objects.published()
        .filter(slug=Param("slug", SlugField()))
        .select_related("group", "tally")
        .order_by()[:1]
    )
)
_unit_nominations = prepared(
    lambda: (
        Nomination.objects.published()
        .filter(unit_id=Param("unit", _BIG))
        .select_related("category")
        .only("id", "unit_id", "title", "author_name", "name_public", "state", "category__name")
    )
)


def unit_nominations(unit):
    """What the public may know of a unit's nominations: the named ones (with
    consent) and the count of the others. Contact details are not selected."""
    rows = _unit_nominations(unit=unit.pk)
    named = [row for row in rows if row.name_public]
    return {"named": named, "unnamed_count": len(rows) - len(named), "total": len(rows)}
