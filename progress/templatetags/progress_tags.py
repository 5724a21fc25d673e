"""Template tags for pages that show a unit's progress (e.g. the campaign's unit page).

``{% load progress_tags %}{% unit_reports unit %}`` renders the unit's approved
reports with their photos, in two queries.
"""

from django import template
from django.utils import numberformat
from django.utils.formats import get_format

from ..selectors import unit_reports as select_unit_reports

register = template.Library()


@register.filter
def nd_number(value):
    """A whole number with the reader's thousands separator: 12.345 in Vietnamese, 12,345 in English.

    Django's Vietnamese formats leave grouping off, so ``floatformat:"g"`` prints 12345.
    """
    if value in (None, ""):
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        # The common case, a count: Python groups it (the page shows hundreds of them).
        return f"{value:,}".replace(",", get_format("THOUSAND_SEPARATOR"))
    return numberformat.format(
        value,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=0,
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


@register.inclusion_tag("progress/includes/unit_reports.html")
def unit_reports(unit, heading_level=2):
    return {"unit": unit, "reports": select_unit_reports(unit), "heading_level": heading_level}
