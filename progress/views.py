"""Public progress pages. Every view reads through ``published()`` (in ``selectors.py``)."""

from django.shortcuts import get_object_or_404, render

from campaign.models import TargetUnit

from .selectors import progress_summary, unit_nominations, unit_reports


def index(request):
    """/tien-do/: what the units have reported, by group, channel, task and month."""
    return render(request, "progress/progress_index.html", progress_summary())


def unit_detail(request, slug):
    """/tien-do/don-vi/<slug>/: one unit's approved reports and public nominations."""
    unit = get_object_or_404(TargetUnit.objects.published().select_related("group"), slug=slug)
    reports = unit_reports(unit)
    return render(
        request,
        "progress/unit_detail.html",
        {
            "unit": unit,
            "reports": reports,
            "people_total": sum(report.people_reached for report in reports),
            "nominations": unit_nominations(unit),
        },
    )
