"""Template tags for pages that show a unit's progress (e.g. the campaign's unit page).

``{% load progress_tags %}{% unit_reports unit %}`` renders the unit's newest 20
approved reports with their photos, in two queries, and a link to the unit's
progress page (all of them, 20 a page) when there are more.
"""

import html
import re
from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.db.models import BigIntegerField, Subquery
from django.dispatch import receiver
from django.urls import reverse
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from namdong_site.prepared import Param, prepared
from namdong_site.urls_cached import slug_reverser

from ..models import ReportPhoto
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


def _newest_reports():
    # One more than shown: whether to link to the unit's progress page. No prefetch: the
    # photos are read by _newest_report_photos and handed to each report (``shown_photos``).
    return unit_reports_queryset(Param("unit", BigIntegerField())).prefetch_related(None)[: REPORTS_SHOWN + 1]


# The campaign unit page's two queries, their SQL built once per process (namdong_site/prepared.py):
# the newest reports, and the photos of those reports (a subquery of the same rows), in the
# order the prefetch of unit_reports_queryset() gives them.
_newest_unit_reports = prepared(_newest_reports)
# The columns the prefetch of unit_reports_queryset() reads.
_PHOTO_FIELDS = ("id", "report_id", "order", "image", "width", "height", "alt_text", "has_renditions")
_newest_report_photos = prepared(
    lambda: (
        ReportPhoto.objects.only(*_PHOTO_FIELDS)
        .filter(report_id__in=Subquery(_newest_reports().values("pk")))
        .order_by("order", "id")
    )
)


@register.inclusion_tag("progress/includes/unit_reports.html")
def unit_reports(unit, heading_level=2, limit=REPORTS_SHOWN):
    """The newest ``limit`` reports, and a link to the unit's progress page (20 a page) when there are more."""
    if limit == REPORTS_SHOWN:
        reports = _newest_unit_reports(unit=unit.pk)
        photos = {}
        if reports:
            for photo in _newest_report_photos(unit=unit.pk):
                photos.setdefault(photo.report_id, []).append(photo)
        for report in reports:
            report.shown_photos = photos.get(report.pk, ())
    else:
        reports = list(unit_reports_queryset(unit)[: limit + 1])
    more_url = reverse("progress:unit", kwargs={"slug": unit.slug}) if len(reports) > limit else ""
    return {"unit": unit, "reports": reports[:limit], "heading_level": heading_level, "more_url": more_url}


def _time(day):
    """``<time datetime="2026-07-03">03/07/2026</time>``, as the ``date`` filter wrote it with
    "Y-m-d" and "d/m/Y" (``isoformat`` pads the year to four digits as "Y" does), without its
    format parser. (``_unit_rows`` writes the same inline.)"""
    iso = day.isoformat()
    return f'<time datetime="{iso}">{iso[8:]}/{iso[5:7]}/{iso[:4]}</time>'


# A character that ``html.escape`` changes: most names have none, and one search costs less
# than its five replacements.
_NEEDS_ESCAPE = re.compile("[&<>\"']").search
# A slug that ``reverse()`` leaves as it is (``namdong_site.urls_cached.slug_reverser``), nor
# ``html.escape``.
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+").fullmatch


def _unit_rows(units, separator):
    unit_url = slug_reverser("progress:unit")
    escape_text = html.escape
    needs_escape = _NEEDS_ESCAPE
    plain_slug = _PLAIN_SLUG
    before, after = (escape_text(part) for part in unit_url("__slug__").split("__slug__"))
    # The units of a ward report on a few dozen days: each day's <time> written once per call.
    times = {None: "—"}
    rows = []
    append = rows.append
    for _id, name, slug, _group, count, people, last, *_active in units:  # selectors.UnitRow
        url = f"{before}{slug}{after}" if plain_slug(slug) else escape_text(unit_url(slug))
        if needs_escape(name):
            name = escape_text(name)
        time = times.get(last)
        if time is None:
            iso = last.isoformat()
            time = times[last] = f'<time datetime="{iso}">{iso[8:]}/{iso[5:7]}/{iso[:4]}</time>'
        if count >= 1000:  # grouped by threes, as nd_number does
            count = f"{count:,}".replace(",", separator)
        if people >= 1000:
            people = f"{people:,}".replace(",", separator)
        append(
            f'\n        <tr>\n          <th scope="row"><a href="{url}">{name}</a></th>\n'
            f'          <td class="nd-table__num">{count}</td>\n'
            f'          <td class="nd-table__num">{people}</td>\n'
            f'          <td class="nd-table__num">{time}</td>\n'
            "        </tr>\n        "
        )
    return "".join(rows)


@register.simple_tag
def unit_rows(units):
    """The rows of a group's table on /tien-do/ (hundreds of units): written here in one
    pass rather than by a template loop, which cost about 0.1 ms a row.

    Each unit is a ``selectors.UnitRow`` (a tuple: id, name, slug, group, count, people,
    last date). The same HTML as the loop it replaces; every value escaped.
    A row is one f-string; a plain slug skips quoting, a name without special characters
    escaping, each day's date is written once, a number under a thousand skips grouping:
    300 rows cost 2-3 ms here before, about 0.45 ms now.
    """
    return mark_safe(_unit_rows(units, _thousand_separator(get_language())))  # noqa: S308 - every value is escaped


@register.simple_tag
def unit_table(group):
    """A group's page on /tien-do/nhom/<slug>/: the table of its units (``selectors.group_progress``),
    written here rather than by a template loop of a dozen nodes. The same HTML as that template
    (``tests/test_progress_tags.py``): every value escaped, the caption's translation taken as
    written, as ``{% blocktranslate %}`` does.
    """
    escape_text = html.escape
    units = group.unit_list
    if not units:
        return mark_safe(f'<p class="nd-empty">{escape_text(gettext("Nhóm này chưa có đơn vị nào trên trang."))}</p>')  # noqa: S308
    caption = gettext("%(name)s: %(done)s trên %(all)s đơn vị đã có báo cáo") % {
        "name": escape_text(group.name),
        "done": group.reporting_units,
        "all": len(units),
    }
    return mark_safe(  # noqa: S308 - every value is escaped, the caption a translation
        '<div class="nd-table-wrap">\n    <table class="nd-table nd-table--units">\n'
        f'      <caption class="nd-table__caption">{caption}</caption>\n'
        "      <thead>\n        <tr>\n"
        f'          <th scope="col">{escape_text(gettext("Đơn vị"))}</th>\n'
        f'          <th scope="col" class="nd-table__num">{escape_text(gettext("Hoạt động"))}</th>\n'
        f'          <th scope="col" class="nd-table__num">{escape_text(gettext("Số người"))}</th>\n'
        f'          <th scope="col" class="nd-table__num">{escape_text(gettext("Gần nhất"))}</th>\n'
        "        </tr>\n      </thead>\n      <tbody>\n        "
        f"{_unit_rows(units, _thousand_separator(get_language()))}\n      </tbody>\n    </table>\n    </div>"
    )


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


def _text(value):
    """``django.utils.html.escape`` (the same string) without its wrapper for lazy texts."""
    return html.escape(str(value))


def _chart_bars(chart, separator):
    return "".join(
        _BAR.format(label=_text(row.label), percent=str(row.percent), count=f"{row.count:,}".replace(",", separator))
        for row in chart.rows
    )


def _chart_rows(chart, show_people, separator):
    rows = []
    for row in chart.rows:
        detail = row.detail
        rows.append(
            _ROW.format(
                label=_text(row.label),
                detail=f'<span class="nd-table__detail">{_text(detail)}</span>' if detail else "",
                count=f"{row.count:,}".replace(",", separator),
                people=f'<td class="nd-table__num">{row.people:,}</td>'.replace(",", separator) if show_people else "",
            )
        )
    return "".join(rows)


@register.simple_tag
def chart_bars(chart):
    """The bars of a ``selectors.Chart``."""
    # Every value is escaped or a number.
    return mark_safe(_chart_bars(chart, _thousand_separator(get_language())))  # noqa: S308


@register.simple_tag
def chart_rows(chart, show_people):
    """The table rows of a ``selectors.Chart``, with people reached when ``show_people``."""
    # Every value is escaped or a number.
    return mark_safe(_chart_rows(chart, show_people, _thousand_separator(get_language())))  # noqa: S308


@register.simple_tag
def bar_chart(chart, caption, label_heading, show_people, show_total, note="", count_heading=""):
    """A bar chart drawn on the server, then the same figures as a table (/tien-do/ shows five).

    ``chart``: a ``selectors.Chart``; ``show_people``: a column of people reached;
    ``show_total``: a row of totals; ``note``: a line under the table. The bars are
    hidden from screen readers: the table that follows says the same. Written here
    rather than by an included template (the include and its dozen nodes cost more
    than the figures); the same HTML as that template, ``tests/test_progress_tags.py``.
    """
    separator = _thousand_separator(get_language())
    heading = _text(count_heading) if count_heading else _text(gettext("Số hoạt động"))
    people_heading = (
        f'<th scope="col" class="nd-table__num">{_text(gettext("Số người được tuyên truyền"))}</th>'
        if show_people
        else ""
    )
    if show_total:
        people_total = f'<td class="nd-table__num">{chart.people:,}</td>'.replace(",", separator) if show_people else ""
        foot = (
            "\n  <tfoot>\n    <tr>\n"
            f'      <th scope="row">{_text(gettext("Tổng cộng"))}</th>\n'
            f'      <td class="nd-table__num">{f"{chart.total:,}".replace(",", separator)}</td>\n'
            f"      {people_total}\n    </tr>\n  </tfoot>\n  "
        )
    else:
        foot = ""
    note_line = f'<p class="nd-chart__note">{_text(note)}</p>' if note else ""
    return mark_safe(  # noqa: S308 - every value is escaped or a number
        '\n<div class="nd-chart" aria-hidden="true">\n'
        f"  {_chart_bars(chart, separator)}\n</div>\n"
        '<div class="nd-table-wrap">\n<table class="nd-table">\n'
        f'  <caption class="nd-table__caption">{_text(caption)}</caption>\n'
        "  <thead>\n    <tr>\n"
        f'      <th scope="col">{_text(label_heading)}</th>\n'
        f'      <th scope="col" class="nd-table__num">{heading}</th>\n'
        f"      {people_heading}\n"
        "    </tr>\n  </thead>\n  <tbody>\n"
        f"    {_chart_rows(chart, show_people, separator)}\n"
        "  </tbody>\n"
        f"  {foot}\n"
        "</table>\n</div>\n"
        f"{note_line}\n"
    )


def _chart_section(anchor, title, chart, caption, heading, show_total=True, note=""):
    # The captions, headings and note were {% translate ... as %} variables, escaped there
    # and again by bar_chart: both kept.
    chart_html = bar_chart(chart, _text(caption), _text(heading), True, show_total, _text(note) if note else "")
    return (
        f'<section class="nd-progress__section" id="{anchor}" aria-labelledby="{anchor}-h">\n'
        f'    <h2 id="{anchor}-h">{_text(title)}</h2>\n    \n    {chart_html}\n  </section>'
    )


@register.simple_tag
def progress_charts(group_chart, channel_chart, item_chart, month_chart):
    """/tien-do/'s table of contents and its four charts (by group, channel, task and month),
    written here rather than by two dozen {% translate %} and four {% bar_chart %} nodes;
    the same HTML as the template they were in (``tests/test_progress_tags.py``)."""
    toc = "".join(
        f'      <li><a href="#{anchor}">{_text(title)}</a></li>\n'
        for anchor, title in (
            ("theo-nhom", gettext("Theo nhóm đơn vị")),
            ("theo-hinh-thuc", gettext("Theo hình thức tuyên truyền")),
            ("theo-nhiem-vu", gettext("Theo nhiệm vụ")),
            ("theo-thang", gettext("Theo tháng")),
            ("gioi-thieu-tac-gia", gettext("Giới thiệu tác giả, tác phẩm")),
            ("tung-don-vi", gettext("Từng đơn vị")),
        )
    )
    sections = (
        _chart_section(
            "theo-nhom",
            gettext("Theo nhóm đơn vị"),
            group_chart,
            gettext("Số hoạt động và số người được tuyên truyền theo nhóm đơn vị"),
            gettext("Nhóm đơn vị"),
        ),
        _chart_section(
            "theo-hinh-thuc",
            gettext("Theo hình thức tuyên truyền"),
            channel_chart,
            gettext("Số hoạt động và số người được tuyên truyền theo hình thức nêu trong công văn"),
            gettext("Hình thức"),
        ),
        _chart_section(
            "theo-nhiem-vu",
            gettext("Theo nhiệm vụ trong công văn"),
            item_chart,
            gettext("Số hoạt động thực hiện từng nhiệm vụ"),
            gettext("Nhiệm vụ"),
            show_total=False,
            note=gettext("Một hoạt động có thể thực hiện nhiều nhiệm vụ, nên không cộng dồn các dòng."),
        ),
        _chart_section(
            "theo-thang",
            gettext("Theo tháng"),
            month_chart,
            gettext("Số hoạt động và số người được tuyên truyền theo tháng thực hiện"),
            gettext("Tháng"),
        ),
    )
    return mark_safe(  # noqa: S308 - every text is escaped, the charts are bar_chart's
        f'<nav class="nd-progress__toc" aria-label="{_text(gettext("Trên trang này"))}">\n    <ul>\n{toc}'
        "    </ul>\n  </nav>\n\n  " + "\n\n  ".join(sections)
    )


@register.simple_tag
def nomination_charts(nominations):
    """The chart of nominations by state and the table by category and state on /tien-do/
    (``nomination_matrix``), with the texts the template gave them; the same HTML."""
    chart = bar_chart(
        nominations["state_chart"],
        # As {% translate ... as %} variables were: escaped there, and by bar_chart.
        _text(gettext("Số tác giả, tác phẩm được giới thiệu theo tình trạng")),
        _text(gettext("Tình trạng")),
        False,
        True,
        "",
        _text(gettext("Số tác giả, tác phẩm")),
    )
    return mark_safe(f"\n    {chart}\n    {nomination_matrix(nominations)}")  # noqa: S308 - both written escaped


@register.simple_tag
def progress_stats(totals):
    """The four headline figures of /tien-do/ (``selectors.progress_summary``'s ``totals``);
    the same HTML as the template's {% translate %} and ``nd_number`` wrote."""
    separator = _thousand_separator(get_language())
    units = gettext("%(done)s / %(all)s") % {"done": totals["reporting_units"], "all": totals["units"]}
    items = (
        ("reports", gettext("Hoạt động đã báo cáo"), f"{totals['reports']:,}".replace(",", separator)),
        ("people", gettext("Lượt người được tuyên truyền"), f"{totals['people']:,}".replace(",", separator)),
        ("units", gettext("Đơn vị đã có báo cáo"), units),
        (
            "nominations",
            gettext("Tác giả, tác phẩm được giới thiệu"),
            f"{totals['nominations']:,}".replace(",", separator),
        ),
    )
    return mark_safe(  # noqa: S308 - labels escaped, figures numbers (the units' line a translation, as written)
        '<dl class="nd-stats">\n'
        + "".join(
            f'    <div class="nd-stats__item"><dt class="nd-stats__label">{_text(label)}</dt>'
            f'<dd class="nd-stats__value" data-stat="{key}">{value}</dd></div>\n'
            for key, label, value in items
        )
        + "  </dl>"
    )


@register.simple_tag
def nomination_matrix(nominations):
    """The table of nominations by category and state on /tien-do/ (``selectors._nomination_table``),
    written here rather than by three template loops; the same HTML as they wrote
    (``tests/test_progress_tags.py``), every text escaped, the counts as plain numbers."""

    def cells(counts):
        return "".join(f'<td class="nd-table__num">{count}</td>' for count in counts)

    states = "".join(f'<th scope="col" class="nd-table__num">{_text(state)}</th>' for state in nominations["states"])
    body = "".join(
        "\n        <tr>\n"
        f'          <th scope="row">{_text(category["name"])}</th>\n'
        f"          {cells(category['cells'])}\n"
        f'          <td class="nd-table__num">{category["total"]}</td>\n'
        "        </tr>\n        "
        for category in nominations["categories"]
    )
    return mark_safe(  # noqa: S308 - every text is escaped, the rest numbers
        '<div class="nd-table-wrap">\n    <table class="nd-table nd-table--matrix">\n'
        f'      <caption class="nd-table__caption">{_text(gettext("Số tác giả, tác phẩm theo thể loại và tình trạng"))}'
        "</caption>\n      <thead>\n        <tr>\n"
        f'          <th scope="col">{_text(gettext("Thể loại"))}</th>\n'
        f"          {states}\n"
        f'          <th scope="col" class="nd-table__num">{_text(gettext("Tổng"))}</th>\n'
        "        </tr>\n      </thead>\n      <tbody>\n        "
        f"{body}\n      </tbody>\n      <tfoot>\n        <tr>\n"
        f'          <th scope="row">{_text(gettext("Tổng cộng"))}</th>\n'
        f"          {cells(nominations['state_totals'])}\n"
        f'          <td class="nd-table__num">{nominations["total"]}</td>\n'
        "        </tr>\n      </tfoot>\n    </table>\n    </div>"
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
        # Read with the reports by {% unit_reports %} or the unit's progress page
        # (``selectors.unit_reports_slice``), else prefetched.
        photos = getattr(report, "shown_photos", None)
        if photos is None:
            photos = report.photos.all()
        if photos:
            images = []
            for photo in photos:
                srcset = photo.srcset
                srcset = f' srcset="{_text(srcset)}"{_PHOTO_SIZES}' if srcset else ""
                size = f' width="{photo.width}" height="{photo.height}"' if photo.width else ""
                images.append(
                    '\n        <li class="nd-report__photo">\n'
                    f'          <img src="{_text(photo.src)}"{srcset} alt="{_text(photo.alt_text)}"{size}'
                    ' loading="lazy" decoding="async">\n        </li>\n        '
                )
            photo_list = f'\n      <ul class="nd-report__photos">\n        {"".join(images)}\n      </ul>\n      '
        else:
            photo_list = ""
        items.append(
            f'\n    <li class="nd-report" id="bao-cao-{report.pk}">\n'
            f'      <h{sublevel} class="nd-report__title">{_text(report.title)}</h{sublevel}>\n'
            '      <p class="nd-report__meta">\n'
            f"        {_time(report.held_on)}\n"
            f'        <span class="nd-report__channel">{_text(report.channel.name)}</span>\n'
            f'        <span class="nd-report__people">{people_reached(report.people_reached)}</span>\n'
            "      </p>\n"
            f"      {text}\n"
            f"      {photo_list}\n"
            "    </li>\n    "
        )
    return mark_safe("".join(items))  # noqa: S308 - every value is escaped or a number
