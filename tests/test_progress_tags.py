"""The tags that write /tien-do/'s tables in Python give the HTML of the template loops they replace."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from progress.selectors import UnitRow
from progress.templatetags.progress_tags import unit_rows

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
]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_unit_rows_equal_the_template_loop(language):
    with translation.override(language):
        assert unit_rows(UNITS) == LOOP.render(Context({"units": UNITS}))
