"""Read-only queries behind the public progress pages.

Everything here reads through ``published()`` (the progress page's unit list applies
its condition in Python, to learn the hidden units' ids too), and the whole progress page is
built from a fixed number of aggregate queries whatever the number of units and
reports (see ``tests/test_progress_queries.py``). Nominees' contact details are
never selected.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, Sum
from django.utils.translation import gettext_lazy as _

from campaign.models import OutreachChannel, TargetUnit, TaskItem, UnitGroup, directive_published_q

from .models import ActivityReport, Nomination, ReportPhoto, UnitMonthTally, UnitTally

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


@dataclass(slots=True)
class UnitRow:
    """A unit's line on the progress page."""

    id: int
    name: str
    slug: str
    group_id: int
    report_count: int
    people_total: int
    last_held_on: object


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
    ``hidden`` units' ids are left out. Usually none are hidden: then there is no
    condition at all, and SQLite reads the sums from the tallies' covering indexes
    without looking up each row's unit. No ``Coalesce``: a row without tallies
    reads None, which the caller takes as 0.
    """
    published = ~Q(**{f"{prefix}unit_id__in": hidden}) if hidden else None
    return {
        "report_count": Sum(f"{prefix}report_count", filter=published),
        "people_total": Sum(f"{prefix}people_total", filter=published),
    }


def progress_summary():
    """Everything the public progress page shows, in six queries over the tallies
    (``progress/tallies.py``), not over every report."""
    # 1. Every unit with its approved reports' totals (``UnitTally``, a join on its primary
    # key; none for a unit without approved reports). Plain rows, not model instances: the
    # page lists hundreds of units. Ordered within each group: the rows are shared out by
    # group below, so the group's own order needs no join here. Hidden units are read too,
    # for their ids only: the charts leave their tallies out (``_tally_sums``), and nothing
    # else of theirs is kept.
    units = []
    hidden = []
    for unit_id, name, slug, group_id, is_active, count, people, last in TargetUnit.objects.order_by(
        "order", "name"
    ).values_list(
        "id",
        "name",
        "slug",
        "group_id",
        "is_active",
        "tally__report_count",
        "tally__people_total",
        "tally__last_held_on",
    ):
        if is_active:  # TargetUnit.objects.published()
            units.append(UnitRow(unit_id, name, slug, group_id, count or 0, people or 0, last))
        else:
            hidden.append(unit_id)
    # 2. The addressee groups, in the letter's order, so a group without units still shows.
    groups = list(UnitGroup.objects.only("id", "name", "slug", "order"))
    by_group = {group.id: [] for group in groups}
    for unit in units:
        by_group.setdefault(unit.group_id, []).append(unit)
    group_rows = []
    for group in groups:
        members = by_group.get(group.id, [])
        group.unit_list = members
        group.report_count = sum(unit.report_count for unit in members)
        group.people_total = sum(unit.people_total for unit in members)
        group.reporting_units = sum(1 for unit in members if unit.report_count)
        group_rows.append(Bar(label=group.name, key=group.slug, count=group.report_count, people=group.people_total))

    # 3. By outreach channel. Plain rows of the columns shown: grouping by every column of
    # the model (its description too) and building instances cost more than the sums.
    # Aggregating queries drop Meta.ordering: every order here is explicit.
    channels = (
        OutreachChannel.objects.values_list("name", "slug")
        .annotate(**_tally_sums("unit_tallies__", hidden))
        .order_by("order", "name")
    )
    channel_chart = Chart(
        [Bar(label=name, key=slug, count=count or 0, people=people or 0) for name, slug, count, people in channels]
    )

    # 4. By task item of the letter, in the letter's order.
    items = (
        TaskItem.objects.filter(directive_published_q("section__directive__"))
        .values_list("section__number", "order", "id", "text")
        .annotate(**_tally_sums("unit_tallies__", hidden))
        .order_by("section__directive__issued_on", "section__number", "order", "id")
    )
    item_rows = []
    for section_number, order, item_id, text, count, people in items:
        # Items are numbered by their place in the section; ``order`` starts at 1 in the loader.
        position = _("Mục %(section)s, ý %(item)s") % {"section": section_number, "item": order or item_id}
        item_rows.append(Bar(label=position, detail=text, count=count or 0, people=people or 0))
    item_chart = Chart(item_rows)

    # 5. Over time, by month of the activity.
    months = (
        (UnitMonthTally.objects.exclude(unit_id__in=hidden) if hidden else UnitMonthTally.objects.all())
        .values("month")
        .annotate(report_count=Sum("report_count"), people_total=Sum("people_total"))
        .order_by("month")
    )
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
    nomination_counts = list(
        Nomination.objects.published()
        .values("state", "category_id", "category__name", "category__order")
        .annotate(n=Count("id"))
        .order_by("category__order", "category__name")
    )
    nominations = _nomination_table(nomination_counts)

    total_reports = sum(unit.report_count for unit in units)
    return {
        "groups": groups,
        "group_chart": Chart(group_rows),
        "channel_chart": channel_chart,
        "item_chart": item_chart,
        "month_chart": month_chart,
        "nominations": nominations,
        "totals": {
            "reports": total_reports,
            "people": sum(unit.people_total for unit in units),
            "units": len(units),
            "reporting_units": sum(1 for unit in units if unit.report_count),
            "nominations": nominations["total"],
        },
    }


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


def unit_reports_queryset(unit):
    """A unit's approved reports, newest first, with their photos (prefetched: one more query)."""
    return (
        ActivityReport.objects.published()
        .filter(unit=unit)
        .select_related("channel")
        .only("id", "unit_id", "held_on", "title", "description", "people_reached", "channel__name", "channel__slug")
        .prefetch_related(
            Prefetch(
                "photos",
                # Meta.ordering starts with the report (a join to sort by the report's ordering); a
                # prefetch keeps each report's photos in query order, so "order", "id" is the same.
                queryset=ReportPhoto.objects.only(
                    "id", "report_id", "order", "image", "width", "height", "alt_text", "has_renditions"
                ).order_by("order", "id"),
            )
        )
    )


def unit_reports(unit):
    """A unit's approved reports, newest first, with their photos: two queries.

    For the unit's pages (``{% unit_reports unit %}`` or the include
    ``progress/includes/unit_reports.html`` with ``reports``).
    """
    return list(unit_reports_queryset(unit))


def unit_totals(unit):
    """Count and people reached of a unit's approved reports, from its ``UnitTally``: no query
    when the unit was read with ``select_related("tally")``, one otherwise."""
    try:
        tally = unit.tally
    except UnitTally.DoesNotExist:  # no approved report yet
        return {"reports": 0, "people": 0}
    return {"reports": tally.report_count, "people": tally.people_total}


def unit_nominations(unit):
    """What the public may know of a unit's nominations: the named ones (with
    consent) and the count of the others. Contact details are not selected."""
    rows = list(
        Nomination.objects.published()
        .filter(unit=unit)
        .select_related("category")
        .only("id", "unit_id", "title", "author_name", "name_public", "state", "category__name")
    )
    named = [row for row in rows if row.name_public]
    return {"named": named, "unnamed_count": len(rows) - len(named), "total": len(rows)}
