"""Template tags for pages that show a unit's progress (e.g. the campaign's unit page).

``{% load progress_tags %}{% unit_reports unit %}`` renders the unit's newest 20
approved reports with their photos, in two queries, and a link to the unit's
progress page (all of them, 20 a page) when there are more.
"""

import html
from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from namdong_site.urls_cached import slug_reverser

from ..selectors import unit_reports_queryset

register = template.Library()

# Reports a unit's page in the campaign section shows; the progress page lists them all, 20 a page.
REPORTS_SHOWN = 20


@lru_cache(maxsize=16)
def _thousand_separator(language):
    return get_format("THOUSAND_SEPARATOR", lang=language)


@receiver(setting_changed)
def _forget_separators(**kwargs):
    _thousand_separator.cache_clear()


def _grouped(value):
    """A whole number grouped by threes with the reader's separator."""
    return f"{value:,}".replace(",", _thousand_separator(get_language()))


@register.filter
def people_reached(count):
    """The people a report reached, as "12.345 người được tuyên truyền", in a filter rather than a
    ``{% blocktranslate count %}`` (the unit pages list 20 reports, and the tag costs more)."""
    text = ngettext("%(number)s người được tuyên truyền", "%(number)s người được tuyên truyền", count)
    # As {% blocktranslate %} does: the number escaped, the translation taken as written.
    return mark_safe(text % {"number": escape(nd_number(count))})  # noqa: S308


@register.filter
def nd_number(value):
    """A whole number with the reader's thousands separator: 12.345 in Vietnamese, 12,345 in English.

    Django's Vietnamese formats leave grouping off, so ``floatformat:"g"`` prints 12345.
    """
    if value in (None, ""):
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        # The common case, a count: Python groups it (the page shows hundreds of them).
        return _grouped(value)
    return numberformat.format(
        value,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=0,
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


@register.inclusion_tag("progress/includes/unit_reports.html")
def unit_reports(unit, heading_level=2, limit=REPORTS_SHOWN):
    """The newest ``limit`` reports, and a link to the unit's progress page (20 a page) when there are more."""
    reports = list(unit_reports_queryset(unit)[: limit + 1])
    more_url = reverse("progress:unit", kwargs={"slug": unit.slug}) if len(reports) > limit else ""
    return {"unit": unit, "reports": reports[:limit], "heading_level": heading_level, "more_url": more_url}


def _time(day):
    """``<time datetime="2026-07-03">03/07/2026</time>``, as the ``date`` filter wrote it with
    "Y-m-d" and "d/m/Y" (``isoformat`` pads the year to four digits as "Y" does), without its
    format parser."""
    iso = day.isoformat()
    return f'<time datetime="{iso}">{iso[8:]}/{iso[5:7]}/{iso[:4]}</time>'


@register.simple_tag
def unit_rows(units):
    """The rows of a group's table on /tien-do/ (hundreds of units): written here in one
    pass rather than by a template loop, which cost about 0.1 ms a row.

    Each unit needs ``slug``, ``name``, ``report_count``, ``people_total`` and
    ``last_held_on``. The same HTML as the loop it replaces; every value escaped.
    A row is one f-string; a plain slug skips quoting, a date ``strftime``: 300 rows
    cost 2-3 ms here before.
    """
    unit_url = slug_reverser("progress:unit")
    separator = _thousand_separator(get_language())
    escape_text = html.escape
    rows = []
    for unit in units:
        last = unit.last_held_on
        rows.append(
            f'\n        <tr>\n          <th scope="row"><a href="{escape_text(unit_url(unit.slug))}">'
            f"{escape_text(unit.name)}</a></th>\n"
            f'          <td class="nd-table__num">{f"{unit.report_count:,}".replace(",", separator)}</td>\n'
            f'          <td class="nd-table__num">{f"{unit.people_total:,}".replace(",", separator)}</td>\n'
            f'          <td class="nd-table__num">{_time(last) if last else "—"}</td>\n'
            "        </tr>\n        "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped


# The two loops of a bar chart (``bar_chart`` below), written in one pass each.
_BAR = (
    '\n  <div class="nd-chart__row">\n    <span class="nd-chart__label">{label}</span>\n'
    '    <span class="nd-chart__track"><svg class="nd-chart__bar" viewBox="0 0 100 10" preserveAspectRatio="none"'
    ' focusable="false"><rect width="{percent}" height="10"></rect></svg></span>\n'
    '    <span class="nd-chart__value">{count}</span>\n  </div>\n  '
)
_ROW = (
    '\n    <tr>\n      <th scope="row">{label}{detail}</th>\n'
    '      <td class="nd-table__num">{count}</td>\n      {people}\n    </tr>\n    '
)


@register.simple_tag
def chart_bars(chart):
    """The bars of a ``selectors.Chart``."""
    return mark_safe(  # noqa: S308 - every value is escaped or a number
        "".join(
            _BAR.format(label=escape(row.label), percent=str(row.percent), count=_grouped(row.count))
            for row in chart.rows
        )
    )


@register.simple_tag
def chart_rows(chart, show_people):
    """The table rows of a ``selectors.Chart``, with people reached when ``show_people``."""
    return mark_safe(  # noqa: S308 - every value is escaped or a number
        "".join(
            _ROW.format(
                label=escape(row.label),
                detail=f'<span class="nd-table__detail">{escape(row.detail)}</span>' if row.detail else "",
                count=_grouped(row.count),
                people=f'<td class="nd-table__num">{_grouped(row.people)}</td>' if show_people else "",
            )
            for row in chart.rows
        )
    )


@register.simple_tag
def bar_chart(chart, caption, label_heading, show_people, show_total, note="", count_heading=""):
    """A bar chart drawn on the server, then the same figures as a table (/tien-do/ shows five).

    ``chart``: a ``selectors.Chart``; ``show_people``: a column of people reached;
    ``show_total``: a row of totals; ``note``: a line under the table. The bars are
    hidden from screen readers: the table that follows says the same. Written here
    rather than by an included template (the include and its dozen nodes cost more
    than the figures); the same HTML as that template, ``tests/test_progress_tags.py``.
    """
    heading = escape(count_heading) if count_heading else escape(gettext("Số hoạt động"))
    people_heading = (
        f'<th scope="col" class="nd-table__num">{escape(gettext("Số người được tuyên truyền"))}</th>'
        if show_people
        else ""
    )
    if show_total:
        people_total = f'<td class="nd-table__num">{_grouped(chart.people)}</td>' if show_people else ""
        foot = (
            "\n  <tfoot>\n    <tr>\n"
            f'      <th scope="row">{escape(gettext("Tổng cộng"))}</th>\n'
            f'      <td class="nd-table__num">{_grouped(chart.total)}</td>\n'
            f"      {people_total}\n    </tr>\n  </tfoot>\n  "
        )
    else:
        foot = ""
    note_line = f'<p class="nd-chart__note">{escape(note)}</p>' if note else ""
    return mark_safe(  # noqa: S308 - every value is escaped or a number
        '\n<div class="nd-chart" aria-hidden="true">\n'
        f"  {chart_bars(chart)}\n</div>\n"
        '<div class="nd-table-wrap">\n<table class="nd-table">\n'
        f'  <caption class="nd-table__caption">{escape(caption)}</caption>\n'
        "  <thead>\n    <tr>\n"
        f'      <th scope="col">{escape(label_heading)}</th>\n'
        f'      <th scope="col" class="nd-table__num">{heading}</th>\n'
        f"      {people_heading}\n"
        "    </tr>\n  </thead>\n  <tbody>\n"
        f"    {chart_rows(chart, show_people)}\n"
        "  </tbody>\n"
        f"  {foot}\n"
        "</table>\n</div>\n"
        f"{note_line}\n"
    )


_PHOTO_SIZES = ' sizes="(min-width: 40rem) 20rem, 100vw"'


@register.simple_tag
def report_items(reports, sublevel):
    """The list items of a unit's reports (``progress/includes/unit_reports.html``): written
    here in one pass rather than by a template loop of a dozen nodes a report (a unit's
    page shows 20). The same HTML as that loop, ``tests/test_progress_tags.py``; every
    value escaped, the description through ``linebreaks`` as the filter does.
    """
    items = []
    for report in reports:
        description = report.description
        text = f'<div class="nd-report__text">{linebreaks(description, autoescape=True)}</div>' if description else ""
        # Read with the reports (``selectors.unit_reports_slice``), or prefetched.
        photos = report.photo_list if "photo_list" in report.__dict__ else report.photos.all()
        if photos:
            images = []
            for photo in photos:
                srcset = photo.srcset
                srcset = f' srcset="{escape(srcset)}"{_PHOTO_SIZES}' if srcset else ""
                size = f' width="{photo.width}" height="{photo.height}"' if photo.width else ""
                images.append(
                    '\n        <li class="nd-report__photo">\n'
                    f'          <img src="{escape(photo.src)}"{srcset} alt="{escape(photo.alt_text)}"{size}'
                    ' loading="lazy" decoding="async">\n        </li>\n        '
                )
            photo_list = f'\n      <ul class="nd-report__photos">\n        {"".join(images)}\n      </ul>\n      '
        else:
            photo_list = ""
        items.append(
            f'\n    <li class="nd-report" id="bao-cao-{report.pk}">\n'
            f'      <h{sublevel} class="nd-report__title">{escape(report.title)}</h{sublevel}>\n'
            '      <p class="nd-report__meta">\n'
            f"        {_time(report.held_on)}\n"
            f'        <span class="nd-report__channel">{escape(report.channel.name)}</span>\n'
            f'        <span class="nd-report__people">{people_reached(report.people_reached)}</span>\n'
            "      </p>\n"
            f"      {text}\n"
            f"      {photo_list}\n"
            "    </li>\n    "
        )
    return mark_safe("".join(items))  # noqa: S308 - every value is escaped or a number
