"""The tags that write /tien-do/'s tables in Python give the HTML of the template loops they replace."""

import datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from progress.models import Nomination
from progress.selectors import Bar, Chart, UnitRow, _nomination_table
from progress.templatetags.progress_tags import (
    bar_chart,
    nomination_charts,
    nomination_matrix,
    progress_charts,
    progress_stats,
    report_items,
    unit_rows,
    unit_table,
)

# The loop that ``{% unit_rows %}`` replaced (templates/progress/progress_index.html).
LOOP = Template(
    "{% load progress_tags %}{% for unit in units %}\n"
    "        <tr>\n"
    """          <th scope="row"><a href="{% url 'progress:unit' slug=unit.slug %}">{{ unit.name }}</a></th>\n"""
    '          <td class="nd-table__num">{{ unit.report_count|nd_number }}</td>\n'
    '          <td class="nd-table__num">{{ unit.people_total|nd_number }}</td>\n'
    '          <td class="nd-table__num">{% if unit.last_held_on %}<time datetime="{{ unit.last_held_on|date:'
    """'Y-m-d' }}">{{ unit.last_held_on|date:"d/m/Y" }}</time>{% else %}—{% endif %}</td>\n"""
    "        </tr>\n"
    "        {% endfor %}"
)

UNITS = [
    UnitRow(1, "Tổ dân phố số 1", "to-dan-pho-so-1", 1, 12, 1_234_567, datetime.date(2026, 7, 3)),
    UnitRow(2, 'Chi hội <Cựu chiến binh> & "bạn"', "chi_hoi-2", 1, 0, 0, None),
    UnitRow(3, "Đơn vị lạ", "don-vi-la", 2, 1_000, 999, datetime.date(2025, 12, 31)),
    UnitRow(4, "Hội", "HOI-01", 2, 7, 10_000, datetime.date(2026, 1, 9)),
    UnitRow(5, "Năm xưa", "nam-xua", 2, 1, 1, datetime.date(999, 3, 4)),
]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_unit_rows_equal_the_template_loop(language):
    with translation.override(language):
        assert unit_rows(UNITS) == LOOP.render(Context({"units": UNITS}))


# ``{% unit_table %}`` (templates/progress/group_detail.html) writes what this template would.
TABLE_TEMPLATE = Template(
    "{% load i18n progress_tags %}{% if group.unit_list %}"
    '<div class="nd-table-wrap">\n'
    '    <table class="nd-table nd-table--units">\n'
    '      <caption class="nd-table__caption">{% blocktranslate trimmed with name=group.name '
    "done=group.reporting_units all=group.unit_list|length %}{{ name }}: {{ done }} trên {{ all }} "
    "đơn vị đã có báo cáo{% endblocktranslate %}</caption>\n"
    "      <thead>\n"
    "        <tr>\n"
    '          <th scope="col">{% translate "Đơn vị" %}</th>\n'
    '          <th scope="col" class="nd-table__num">{% translate "Hoạt động" %}</th>\n'
    '          <th scope="col" class="nd-table__num">{% translate "Số người" %}</th>\n'
    '          <th scope="col" class="nd-table__num">{% translate "Gần nhất" %}</th>\n'
    "        </tr>\n"
    "      </thead>\n"
    "      <tbody>\n"
    "        {% unit_rows group.unit_list %}\n"
    "      </tbody>\n"
    "    </table>\n"
    "    </div>"
    '{% else %}<p class="nd-empty">{% translate "Nhóm này chưa có đơn vị nào trên trang." %}</p>{% endif %}'
)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "group",
    [
        SimpleNamespace(name="Tổ dân phố", unit_list=UNITS[:2], reporting_units=1),
        SimpleNamespace(name='Hội <"đoàn thể"> & chi hội', unit_list=[], reporting_units=0),
        SimpleNamespace(name='Tổ chức <"thành viên"> & hội', unit_list=UNITS[2:], reporting_units=3_000),
    ],
    ids=["units", "none", "escaped"],
)
def test_unit_table_equals_the_template(language, group):
    with translation.override(language):
        html = unit_table(group)
        assert html == TABLE_TEMPLATE.render(Context({"group": group}))
        assert ("<table" in html) == bool(group.unit_list)
        assert '<"' not in html


# The template that ``{% bar_chart %}`` replaced (templates/progress/includes/bar_chart.html).
BAR_CHART = Template(
    "{% load i18n l10n progress_tags %}{% comment %}\n"
    "A bar chart drawn on the server, then the same figures as a table.\n"
    "Parameters: chart (selectors.Chart), caption, label_heading, count_heading, show_people (bool), "
    "show_total (bool), note.\n"
    "The bars are hidden from screen readers: the table that follows says the same.\n"
    "{% endcomment %}\n"
    '<div class="nd-chart" aria-hidden="true">\n'
    "  {% chart_bars chart %}\n"
    "</div>\n"
    '<div class="nd-table-wrap">\n'
    '<table class="nd-table">\n'
    '  <caption class="nd-table__caption">{{ caption }}</caption>\n'
    "  <thead>\n"
    "    <tr>\n"
    '      <th scope="col">{{ label_heading }}</th>\n'
    '      <th scope="col" class="nd-table__num">{% if count_heading %}{{ count_heading }}'
    '{% else %}{% translate "Số hoạt động" %}{% endif %}</th>\n'
    '      {% if show_people %}<th scope="col" class="nd-table__num">'
    '{% translate "Số người được tuyên truyền" %}</th>{% endif %}\n'
    "    </tr>\n"
    "  </thead>\n"
    "  <tbody>\n"
    "    {% chart_rows chart show_people %}\n"
    "  </tbody>\n"
    "  {% if show_total %}\n"
    "  <tfoot>\n"
    "    <tr>\n"
    '      <th scope="row">{% translate "Tổng cộng" %}</th>\n'
    '      <td class="nd-table__num">{{ chart.total|nd_number }}</td>\n'
    '      {% if show_people %}<td class="nd-table__num">{{ chart.people|nd_number }}</td>{% endif %}\n'
    "    </tr>\n"
    "  </tfoot>\n"
    "  {% endif %}\n"
    "</table>\n"
    "</div>\n"
    '{% if note %}<p class="nd-chart__note">{{ note }}</p>{% endif %}\n'
)


def charts():
    return [
        Chart([Bar(label="Tổ dân phố", key="tdp", count=1_234, people=56_789), Bar(label='<b>&"x"', count=0)]),
        Chart([Bar(label="Mục 1, ý 2", detail="Tuyên truyền <sâu> & rộng", count=7, people=3)]),
        Chart([]),
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("show_people", [True, False])
@pytest.mark.parametrize("show_total", [True, False])
@pytest.mark.parametrize(("note", "count_heading"), [("", ""), ("Ghi chú <không> cộng dồn", "Số tác giả & tác phẩm")])
def test_bar_chart_equals_the_included_template(language, show_people, show_total, note, count_heading):
    with translation.override(language):
        for chart in charts():
            options = {
                "caption": "Số hoạt động theo <nhóm>",
                "label_heading": "Nhóm & đơn vị",
                "show_people": show_people,
                "show_total": show_total,
                "note": note,
            }
            if count_heading:
                options["count_heading"] = count_heading
            expected = BAR_CHART.render(Context({"chart": chart, **options}))
            assert bar_chart(chart, **options) == expected


# The part of templates/progress/progress_index.html that ``{% progress_charts %}`` replaced.
CHARTS = Template(
    "{% load i18n progress_tags %}"
    '<nav class="nd-progress__toc" aria-label="{% translate \'Trên trang này\' %}">\n'
    "    <ul>\n"
    '      <li><a href="#theo-nhom">{% translate "Theo nhóm đơn vị" %}</a></li>\n'
    '      <li><a href="#theo-hinh-thuc">{% translate "Theo hình thức tuyên truyền" %}</a></li>\n'
    '      <li><a href="#theo-nhiem-vu">{% translate "Theo nhiệm vụ" %}</a></li>\n'
    '      <li><a href="#theo-thang">{% translate "Theo tháng" %}</a></li>\n'
    '      <li><a href="#gioi-thieu-tac-gia">{% translate "Giới thiệu tác giả, tác phẩm" %}</a></li>\n'
    '      <li><a href="#tung-don-vi">{% translate "Từng đơn vị" %}</a></li>\n'
    "    </ul>\n"
    "  </nav>\n"
    "\n"
    '  <section class="nd-progress__section" id="theo-nhom" aria-labelledby="theo-nhom-h">\n'
    '    <h2 id="theo-nhom-h">{% translate "Theo nhóm đơn vị" %}</h2>\n'
    '    {% translate "Số hoạt động và số người được tuyên truyền theo nhóm đơn vị" as caption %}'
    '{% translate "Nhóm đơn vị" as heading %}\n'
    "    {% bar_chart chart=group_chart caption=caption label_heading=heading"
    ' show_people=True show_total=True note="" %}\n'
    "  </section>\n"
    "\n"
    '  <section class="nd-progress__section" id="theo-hinh-thuc" aria-labelledby="theo-hinh-thuc-h">\n'
    '    <h2 id="theo-hinh-thuc-h">{% translate "Theo hình thức tuyên truyền" %}</h2>\n'
    '    {% translate "Số hoạt động và số người được tuyên truyền theo hình thức nêu trong công văn" as caption %}'
    '{% translate "Hình thức" as heading %}\n'
    "    {% bar_chart chart=channel_chart caption=caption label_heading=heading"
    ' show_people=True show_total=True note="" %}\n'
    "  </section>\n"
    "\n"
    '  <section class="nd-progress__section" id="theo-nhiem-vu" aria-labelledby="theo-nhiem-vu-h">\n'
    '    <h2 id="theo-nhiem-vu-h">{% translate "Theo nhiệm vụ trong công văn" %}</h2>\n'
    '    {% translate "Số hoạt động thực hiện từng nhiệm vụ" as caption %}{% translate "Nhiệm vụ" as heading %}'
    '{% translate "Một hoạt động có thể thực hiện nhiều nhiệm vụ, nên không cộng dồn các dòng." as note %}\n'
    "    {% bar_chart chart=item_chart caption=caption label_heading=heading"
    " show_people=True show_total=False note=note %}\n"
    "  </section>\n"
    "\n"
    '  <section class="nd-progress__section" id="theo-thang" aria-labelledby="theo-thang-h">\n'
    '    <h2 id="theo-thang-h">{% translate "Theo tháng" %}</h2>\n'
    '    {% translate "Số hoạt động và số người được tuyên truyền theo tháng thực hiện" as caption %}'
    '{% translate "Tháng" as heading %}\n'
    "    {% bar_chart chart=month_chart caption=caption label_heading=heading"
    ' show_people=True show_total=True note="" %}\n'
    "  </section>"
)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_progress_charts_equal_the_template(language):
    with translation.override(language):
        first, second, third = charts()
        names = {"group_chart": first, "channel_chart": second, "item_chart": third, "month_chart": Chart([])}
        assert progress_charts(*names.values()) == CHARTS.render(Context(names))


# The loops that ``{% nomination_matrix %}`` replaced (templates/progress/progress_index.html).
MATRIX = Template(
    "{% load i18n %}"
    '<div class="nd-table-wrap">\n'
    '    <table class="nd-table nd-table--matrix">\n'
    '      <caption class="nd-table__caption">'
    '{% translate "Số tác giả, tác phẩm theo thể loại và tình trạng" %}</caption>\n'
    "      <thead>\n"
    "        <tr>\n"
    '          <th scope="col">{% translate "Thể loại" %}</th>\n'
    "          {% for state in nominations.states %}"
    '<th scope="col" class="nd-table__num">{{ state }}</th>{% endfor %}\n'
    '          <th scope="col" class="nd-table__num">{% translate "Tổng" %}</th>\n'
    "        </tr>\n"
    "      </thead>\n"
    "      <tbody>\n"
    "        {% for category in nominations.categories %}\n"
    "        <tr>\n"
    '          <th scope="row">{{ category.name }}</th>\n'
    '          {% for cell in category.cells %}<td class="nd-table__num">{{ cell }}</td>{% endfor %}\n'
    '          <td class="nd-table__num">{{ category.total }}</td>\n'
    "        </tr>\n"
    "        {% endfor %}\n"
    "      </tbody>\n"
    "      <tfoot>\n"
    "        <tr>\n"
    '          <th scope="row">{% translate "Tổng cộng" %}</th>\n'
    '          {% for cell in nominations.state_totals %}<td class="nd-table__num">{{ cell }}</td>{% endfor %}\n'
    '          <td class="nd-table__num">{{ nominations.total }}</td>\n'
    "        </tr>\n"
    "      </tfoot>\n"
    "    </table>\n"
    "    </div>"
)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_nomination_matrix_equals_the_template_loops(language):
    State = Nomination.State
    rows = [
        {"state": State.PROPOSED, "category_id": 3, "category__name": 'Báo <in> & "điện tử"', "n": 2},
        {"state": State.AWARDED, "category_id": 3, "category__name": 'Báo <in> & "điện tử"', "n": 1_200},
        {"state": State.SUBMITTED, "category_id": None, "category__name": None, "n": 5},
        {"state": State.DEVELOPING, "category_id": 1, "category__name": "Ảnh", "n": 1},
    ]
    with translation.override(language):
        for table in (_nomination_table(rows), _nomination_table([])):
            assert nomination_matrix(table) == MATRIX.render(Context({"nominations": table}))


# The parts of templates/progress/progress_index.html that ``{% progress_stats %}`` and
# ``{% nomination_charts %}`` replaced.
STATS = Template(
    "{% load i18n progress_tags %}"
    '<dl class="nd-stats">\n'
    '    <div class="nd-stats__item"><dt class="nd-stats__label">{% translate "Hoạt động đã báo cáo" %}</dt>'
    '<dd class="nd-stats__value" data-stat="reports">{{ totals.reports|nd_number }}</dd></div>\n'
    '    <div class="nd-stats__item"><dt class="nd-stats__label">{% translate "Lượt người được tuyên truyền" %}</dt>'
    '<dd class="nd-stats__value" data-stat="people">{{ totals.people|nd_number }}</dd></div>\n'
    '    <div class="nd-stats__item"><dt class="nd-stats__label">{% translate "Đơn vị đã có báo cáo" %}</dt>'
    '<dd class="nd-stats__value" data-stat="units">'
    "{% blocktranslate trimmed with done=totals.reporting_units all=totals.units %}"
    "{{ done }} / {{ all }}{% endblocktranslate %}</dd></div>\n"
    '    <div class="nd-stats__item"><dt class="nd-stats__label">'
    '{% translate "Tác giả, tác phẩm được giới thiệu" %}</dt>'
    '<dd class="nd-stats__value" data-stat="nominations">{{ totals.nominations|nd_number }}</dd></div>\n'
    "  </dl>"
)
NOMINATION_CHARTS = Template(
    "{% load i18n progress_tags %}"
    '    {% translate "Số tác giả, tác phẩm được giới thiệu theo tình trạng" as caption %}'
    '{% translate "Tình trạng" as heading %}{% translate "Số tác giả, tác phẩm" as count_heading %}\n'
    "    {% bar_chart chart=nominations.state_chart caption=caption label_heading=heading count_heading=count_heading"
    ' show_people=False show_total=True note="" %}\n'
    "    {% nomination_matrix nominations %}\n"
)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_stats_and_nomination_charts_equal_the_template(language):
    rows = [
        {"state": Nomination.State.PROPOSED, "category_id": 3, "category__name": "Báo <in> & bạn", "n": 1_002},
        {"state": Nomination.State.AWARDED, "category_id": None, "category__name": None, "n": 5},
    ]
    with translation.override(language):
        for totals in (
            {"reports": 12_345, "people": 1_234_567, "units": 300, "reporting_units": 1_250, "nominations": 7},
            {"reports": 0, "people": 0, "units": 0, "reporting_units": 0, "nominations": 0},
        ):
            assert progress_stats(totals) == STATS.render(Context({"totals": totals}))
        for table in (_nomination_table(rows), _nomination_table([])):
            # The template part ends with the line's newline, which stays in the template.
            expected = NOMINATION_CHARTS.render(Context({"nominations": table}))
            assert "    " + nomination_charts(table) + "\n" == expected


# The loop that ``{% report_items %}`` replaced (templates/progress/includes/unit_reports.html).
REPORT_LOOP = Template(
    "{% load progress_tags %}"
    "{% for report in reports %}\n"
    '    <li class="nd-report" id="bao-cao-{{ report.pk }}">\n'
    '      <h{{ sublevel }} class="nd-report__title">{{ report.title }}</h{{ sublevel }}>\n'
    '      <p class="nd-report__meta">\n'
    '        <time datetime="{{ report.held_on|date:\'Y-m-d\' }}">{{ report.held_on|date:"d/m/Y" }}</time>\n'
    '        <span class="nd-report__channel">{{ report.channel.name }}</span>\n'
    '        <span class="nd-report__people">{{ report.people_reached|people_reached }}</span>\n'
    "      </p>\n"
    '      {% if report.description %}<div class="nd-report__text">'
    "{{ report.description|linebreaks }}</div>{% endif %}\n"
    "      {% with photos=report.photos.all %}{% if photos %}\n"
    '      <ul class="nd-report__photos">\n'
    "        {% for photo in photos %}\n"
    '        <li class="nd-report__photo">\n'
    '          <img src="{{ photo.src }}"{% if photo.srcset %} srcset="{{ photo.srcset }}"'
    ' sizes="(min-width: 40rem) 20rem, 100vw"{% endif %}'
    ' alt="{{ photo.alt_text }}"{% if photo.width %}'
    ' width="{{ photo.width }}" height="{{ photo.height }}"{% endif %} loading="lazy" decoding="async">\n'
    "        </li>\n"
    "        {% endfor %}\n"
    "      </ul>\n"
    "      {% endif %}{% endwith %}\n"
    "    </li>\n"
    "    {% endfor %}"
)


class Photos(list):
    def all(self):
        return self


def photo(src, srcset="", alt="", width=None, height=None):
    return SimpleNamespace(src=src, srcset=srcset, alt_text=alt, width=width, height=height)


REPORTS = [
    SimpleNamespace(
        pk=12,
        title='Hội nghị <tuyên truyền> & "đối ngoại"',
        held_on=datetime.date(2026, 7, 3),
        channel=SimpleNamespace(name="Hội nghị & sinh hoạt"),
        people_reached=1_234,
        description="Dòng một <b>\nDòng hai\n\nĐoạn hai & ba",
        photos=Photos(
            [
                photo("/media/a.jpg?x=1&y=2", "/media/a-320.jpg 320w, /media/a-640.jpg 640w", 'Ảnh "một"', 640, 480),
                photo("/media/b.jpg", alt=""),
            ]
        ),
    ),
    SimpleNamespace(
        pk=7,
        title="Không mô tả",
        held_on=datetime.date(999, 1, 2),
        channel=SimpleNamespace(name="Loa"),
        people_reached=1,
        description="",
        photos=Photos(),
    ),
]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("sublevel", [3, 4])
def test_report_items_equal_the_template_loop(language, sublevel):
    with translation.override(language):
        expected = REPORT_LOOP.render(Context({"reports": REPORTS, "sublevel": sublevel}))
        assert report_items(REPORTS, sublevel) == expected
