"""Public progress pages. Every view reads through ``published()`` (in ``selectors.py``)."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from .models import ActivityReport
from .selectors import (
    UnitReportPages,
    group_progress,
    progress_summary,
    published_unit_by_slug,
    unit_nominations,
    unit_totals,
)

REPORTS_PER_PAGE = 20


def index(request):
    """/tien-do/: what the units have reported, by group, channel, task and month."""
    return render(request, "progress/progress_index.html", progress_summary())


def group_detail(request, slug):
    """/tien-do/nhom/<slug>/: each shown unit of one addressee group with its totals."""
    context = group_progress(slug)
    if context is None:
        raise Http404("No UnitGroup matches the given query.")
    return render(request, "progress/group_detail.html", context)


def unit_detail(request, slug):
    """/tien-do/don-vi/<slug>/: one unit's approved reports, 20 a page, and public nominations."""
    # With its totals (``UnitTally``, none before its first approved report): no query of their own.
    unit = next(iter(published_unit_by_slug(slug=slug)), None)
    if unit is None:
        raise Http404("No TargetUnit matches the given query.")
    totals = unit_totals(unit)
    paginator = Paginator(UnitReportPages(unit, REPORTS_PER_PAGE), REPORTS_PER_PAGE)
    paginator.count = totals["reports"]  # known from the tallies: no COUNT query
    # get_page() turns a malformed or out-of-range ?page= into the first or last page.
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "progress/unit_detail.html",
        {
            "unit": unit,
            "page": page,
            "reports": list(page.object_list),
            "report_count": totals["reports"],
            "people_total": totals["people"],
            "nominations": unit_nominations(unit),
        },
    )


def report_link(request, pk):
    """/tien-do/bao-cao/<pk>/: to the page of the unit's list that holds this approved report."""
    report = get_object_or_404(ActivityReport.objects.published().select_related("unit"), pk=pk)
    newer = (
        ActivityReport.objects.published()
        .filter(unit_id=report.unit_id)
        .filter(Q(held_on__gt=report.held_on) | Q(held_on=report.held_on, id__gt=report.id))
        .count()
    )
    url = reverse("progress:unit", kwargs={"slug": report.unit.slug})
    number = newer // REPORTS_PER_PAGE + 1
    return redirect(f"{url}{f'?page={number}' if number > 1 else ''}#bao-cao-{report.pk}")
