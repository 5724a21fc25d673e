"""Search finds Vietnamese text whether or not the reader types diacritics."""

import re

import pytest
from django.template import Context, Template

from campaign import search
from campaign.models import Directive, TargetUnit, UnitGroup
from campaign.search import Query, highlight, matching


def titles(client, q):
    response = client.get("/tim-kiem/", {"q": q})
    assert response.status_code == 200
    return [(r.kind, str(r.title)) for r in response.context["results"]]


class TestDiacritics:
    """ "tuyen truyen", "TUYÊN TRUYỀN" and "tuyên truyền" find the same things; "Dong" finds "Đồng"."""

    def test_same_results_with_or_without_marks(self, client, letter):
        plain = titles(client, "tuyen truyen")
        assert plain
        assert titles(client, "TUYÊN TRUYỀN") == plain
        assert titles(client, "tuyên truyền") == plain
        assert any("Đẩy mạnh công tác" in title for _, title in plain)

    def test_d_matches_dj(self, client, letter):
        group = UnitGroup.objects.get(kind=UnitGroup.Kind.RESIDENTIAL)
        TargetUnit.objects.create(group=group, name="Tổ dân phố Đồng Hòa (dữ liệu thử)", slug="dong-hoa")
        results = titles(client, "Dong Hoa")
        assert any("<mark>Đồng</mark> <mark>Hòa</mark>" in title for _, title in results)

    def test_every_term_must_match(self, client, letter):
        assert titles(client, "tuyen truyen xyzzy") == []

    def test_number_of_the_letter(self, client, letter):
        results = client.get("/tim-kiem/", {"q": "31/MTTQ-BTT"}).context["results"]
        assert results[0].url == "/van-ban/31-mttq-btt/"
        assert str(results[0].title).startswith("Công văn số <mark>31</mark>/<mark>MTTQ</mark>-<mark>BTT</mark>")

    def test_finds_task_items_and_contest(self, client, letter):
        kinds = {kind for kind, _ in titles(client, "giai thuong")}
        assert {"Văn bản", "Nhiệm vụ", "Giải thưởng"} <= kinds


class TestHighlight:
    """Matches are highlighted in the original spelling, and everything else is escaped."""

    def test_marks_original_text(self):
        assert highlight("Đẩy mạnh tuyên truyền", ["tuyen"]) == "Đẩy mạnh <mark>tuyên</mark> truyền"

    def test_escapes(self):
        assert highlight("<b>tuyên</b>", ["tuyen"]) == "&lt;b&gt;<mark>tuyên</mark>&lt;/b&gt;"

    def test_excerpt(self):
        text = "mở đầu " * 50 + "tuyên truyền" + " kết thúc" * 50
        excerpt = highlight(text, ["tuyen"], width=80)
        assert excerpt.startswith("… ") and excerpt.endswith(" …")
        assert "<mark>tuyên</mark>" in excerpt and len(excerpt) < 140


class TestHostileQueries:
    """Empty, very long and hostile queries get a calm answer."""

    @pytest.mark.parametrize("raw", ["", "   ", "%%%", "___", "\x00\x01", "''''", "!!!"])
    def test_empty_after_cleaning(self, raw):
        assert not Query.parse(raw)

    def test_long_query_is_cut(self, client, letter):
        query = Query.parse("tuyên truyền " * 100)
        assert query.truncated and len(query.text) <= 200 and query.terms == ["tuyen", "truyen"]
        html = client.get("/tim-kiem/", {"q": "tuyên truyền " * 100}).content.decode()
        assert "quá dài" in html

    def test_like_wildcards_are_literal(self, client, letter):
        assert titles(client, "%") == []
        assert matching(Directive.objects.all(), ["subject"], ["%"]).count() == 0
        assert matching(Directive.objects.all(), ["subject"], ["t_yen"]).count() == 0
        assert matching(Directive.objects.all(), ["subject"], ["tuyen"]).count() == 1

    def test_script_is_escaped(self, client, letter):
        html = client.get("/tim-kiem/", {"q": "<script>alert(1)</script>"}).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;" in html


class TestMatchingAndExcerpts:
    """Each row is folded once for all terms; an excerpt folds only the start of a long text."""

    def test_terms_may_match_different_fields(self, letter):
        group = UnitGroup.objects.get(kind=UnitGroup.Kind.RESIDENTIAL)
        TargetUnit.objects.create(group=group, name="Tổ dân phố Đồng Hòa", slug="dong-hoa", meeting_place="Nhà văn hóa")
        units = TargetUnit.objects.filter(slug="dong-hoa")
        fields = ["name", "meeting_place"]
        assert matching(units, fields, ["dong", "van"]).count() == 1
        assert matching(units, fields, ["HOA".lower(), "nha", "van"]).count() == 1
        assert matching(units, fields, ["dong", "xyzzy"]).count() == 0
        # The fields are joined by a line break: a term never spans two of them.
        assert matching(units, fields, ["hoanha"]).count() == 0

    @staticmethod
    def reference(text, terms, width):
        """The excerpt as the plain algorithm makes it: fold all the text, find every match."""
        folded = "".join(search._fold_char(char) for char in text)
        spans = sorted((m.start(), m.end()) for term in terms for m in re.finditer(re.escape(term), folded))
        anchor = spans[0][0] if spans else 0
        begin = max(0, anchor - width // 3)
        if begin:
            space = text.find(" ", begin)
            begin = space + 1 if 0 <= space < anchor else begin
        finish = min(len(text), begin + width)
        if finish < len(text):
            space = text.rfind(" ", begin, finish)
            finish = space if space > begin else finish
        return begin, finish, [(s, e) for s, e in spans if e > begin and s < finish]

    @pytest.mark.parametrize("position", [0, 100, 505, 509, 510, 2040, 2046, 5000])
    def test_excerpt_of_a_long_text(self, position):
        text = ("Đẩy mạnh " * 1000)[:position] + "tuyên truyền" + " kết thúc" * 300
        excerpt = highlight(text, ["tuyen", "truyen"], width=220)
        begin, finish, spans = self.reference(text, ["tuyen", "truyen"], 220)
        assert len(spans) == 2 and "<mark>tuyên</mark> <mark>truyền</mark>" in excerpt
        plain = excerpt.replace("<mark>", "").replace("</mark>", "").removeprefix("… ").removesuffix(" …")
        assert plain == text[begin:finish]

    def test_no_match_in_a_long_text(self):
        text = "Đẩy mạnh " * 500
        assert highlight(text, ["tuyen"], width=220) == text[: text.rfind(" ", 0, 220)] + " …"

    def test_fold_keeps_positions(self):
        text = "ĐỒNG İstanbul ﬁ Σ"
        folded = search._fold_chars(text)
        assert len(folded) == len(text) and folded.startswith("dong istanbul")


SEARCH_RESULTS_LOOP = Template(
    """{% for result in results %}
  <li class="nd-results__item">
    <p class="nd-results__kind">{{ result.kind }}</p>
    <h2 class="nd-results__title"><a href="{{ result.url }}">{{ result.title }}</a></h2>
    {% if result.excerpt %}<p class="nd-results__excerpt">{{ result.excerpt }}</p>{% endif %}
  </li>
  {% endfor %}"""
)


def test_search_results_tag_writes_what_the_template_loop_wrote():
    from campaign.search import Result, highlight
    from campaign.templatetags.campaign import search_results

    terms = ["to", "dan"]
    results = [
        Result("Đơn vị", highlight('Tổ dân phố <số 1> & "A"', terms), "/don-vi/to-1/?a=1&b='2'", highlight("x", terms)),
        Result("Tin <tức>", highlight("Dân & tổ", terms), "/tin-tuc/a/", ""),
        Result("Nhiệm vụ", highlight("", terms), "/nhiem-vu/#muc-1", highlight("tổ " * 80, terms, width=220)),
    ]
    assert str(search_results(results)) == SEARCH_RESULTS_LOOP.render(Context({"results": results}))
    assert str(search_results([])) == SEARCH_RESULTS_LOOP.render(Context({"results": []})) == ""
