"""Search that finds Vietnamese text with or without diacritics.

Both sides are folded to lower-case ASCII before comparing: the reader's query
in Python (``text.fold``) and the stored text in SQL (``Fold``), so "tuyen
truyen", "TUYÊN TRUYỀN" and "tuyên truyền" find the same rows and "Dong" finds
"Đồng". On PostgreSQL, ``Fold`` decomposes the text (``normalize(…, NFD)``,
PostgreSQL 13+ with a UTF8 database), drops the combining marks and lower-cases
(no extension to install); on SQLite it calls the same Python function as the
query, registered on each connection. A source's fields are folded once per row
for all the terms (``FoldedContainsAll``). News keeps its text folded in a column
(``Article.search_text``), so a search does not fold 1,000 bodies.

Every source reads through the models' ``published()`` querysets.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from django.db.models import DateTimeField, Func, Lookup, TextField, Value
from django.utils.safestring import mark_safe

from namdong_site.prepared import Param, prepared
from namdong_site.urls_cached import cached_reverse, slug_reverser

from .text import fold, strip_diacritics

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
RESULTS_PER_SOURCE = 20


# Combining marks that NFD splits off Latin letters (U+0300–U+036F), for PostgreSQL.
COMBINING_MARKS = "[\u0300-\u036f]"


def sql_fold(value):
    """The SQLite side of ``Fold``: the same folding as the query gets."""
    if value is None:
        return None
    if len(value) <= 2000:
        return _sql_fold_short(value)
    return strip_diacritics(unicodedata.normalize("NFC", value)).lower()


@lru_cache(maxsize=4096)
def _sql_fold_short(value):
    # SQLite folds the same unit and task texts on every search.
    return strip_diacritics(unicodedata.normalize("NFC", value)).lower()


class Fold(Func):
    """Lower-case, diacritic-free form of a text column, in PostgreSQL's SQL (SQLite folds in
    Python inside ``ND_MATCH``)."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        # lower(regexp_replace(normalize(translate(x, 'đĐ', 'dD'), NFD), marks, '', 'g')): the same
        # steps as ``strip_diacritics``. (translate() with a table of every accented letter was
        # 6 times slower: PostgreSQL scans the table for each character.)
        text = Func(self.source_expressions[0], Value("đĐ"), Value("dD"), function="TRANSLATE")
        decomposed = Func(text, template="NORMALIZE(%(expressions)s, NFD)", output_field=TextField())
        stripped = Func(decomposed, Value(COMBINING_MARKS), Value(""), Value("g"), function="REGEXP_REPLACE")
        return Func(stripped, function="LOWER", output_field=TextField()).as_sql(compiler, connection)


def register_sqlite_fold(sender, connection, **kwargs):
    """``connection_created`` receiver: teach SQLite the ND_MATCH function (``FoldedContainsAll``)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("ND_MATCH", 2, sql_match, deterministic=True)


@dataclass
class Query:
    """A reader's query, cleaned: what was typed, the folded terms, and what was cut."""

    text: str
    terms: list
    truncated: bool = False

    @classmethod
    def parse(cls, raw):
        raw = raw or ""
        # Control characters (NUL included) can only come from a hostile or broken client.
        cleaned = "".join(ch if ch.isprintable() else " " for ch in unicodedata.normalize("NFC", raw))
        cleaned = " ".join(cleaned.split())
        truncated = len(cleaned) > MAX_QUERY_LENGTH
        cleaned = cleaned[:MAX_QUERY_LENGTH]
        words = [word for word in re.split(r"[\W_]+", fold(cleaned)) if word]
        terms = list(dict.fromkeys(words))
        if len(terms) > MAX_TERMS:
            terms, truncated = terms[:MAX_TERMS], True
        return cls(text=cleaned, terms=terms, truncated=truncated)

    def __bool__(self):
        return bool(self.terms)


class Lines(Func):
    """Text fields joined by line breaks, a NULL as empty text.

    One flat SQL expression, where ``Concat`` nests a pair per field.
    """

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for index, expression in enumerate(self.get_source_expressions()):
            sql, expression_params = compiler.compile(expression)
            if index:
                parts.append("%s")
                params.append("\n")
            parts.append(f"COALESCE({sql}, '')")
            params.extend(expression_params)
        return "(" + " || ".join(parts) + ")", params


class FoldedContainsAll(Lookup):
    """True where the folded ``lhs`` holds every one of the terms ``rhs`` (already folded).

    The text is folded once per row, whatever the number of terms, and the ORM
    compiles it once: SQLite calls ``ND_MATCH(text, terms)`` (``sql_match``),
    PostgreSQL compares the folded text with ``LIKE ALL`` an array of patterns.
    """

    lookup_name = "folded_contains_all"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(Fold(self.lhs))

        def patterns(terms):
            return [f"%{connection.ops.prep_for_like_query(term)}%" for term in terms]

        return f"{sql} LIKE ALL (%s)", [*params, self._terms(patterns)]

    def as_sqlite(self, compiler, connection):
        sql, params = compiler.compile(self.lhs)
        return f"ND_MATCH({sql}, %s)", [*params, self._terms("\n".join)]

    def _terms(self, convert):
        # The terms as given, or a prepared query's Param (namdong_site/prepared.py) filled in
        # with the terms of each search.
        if isinstance(self.rhs, Param):
            return self.rhs.slot(convert)
        return convert(self.rhs)


def sql_match(value, terms):
    """The SQLite side of ``FoldedContainsAll``: ``terms`` joined by line breaks (a term has none)."""
    if value is None:
        return False
    folded = sql_fold(value)
    for term in _split_terms(terms):
        if term not in folded:
            return False
    return True


@lru_cache(maxsize=64)
def _split_terms(terms):
    return terms.split("\n")


def matching(queryset, fields, terms):
    """Rows of ``queryset`` where every term appears in at least one of ``fields``.

    The fields are joined with line breaks (a term never holds one) and folded
    as one text, so the database folds each row once rather than once per field
    and term.
    """
    if isinstance(terms, Param):  # a prepared query's terms, given at each call
        return queryset.filter(FoldedContainsAll(Lines(*fields), terms))
    if not terms:
        return queryset
    return queryset.filter(FoldedContainsAll(Lines(*fields), tuple(terms)))


def _fold_char(char):
    folded = strip_diacritics(char).lower()
    return folded if len(folded) == 1 else char.lower()[:1] or " "


class _FoldTable(dict):
    """``str.translate`` table: each character's one-character fold, worked out on first sight."""

    def __missing__(self, code):
        folded = _fold_char(chr(code))
        if len(self) < 65536:
            self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def _fold_chars(text):
    """Fold ``text`` one character at a time, so positions map back to the original."""
    return text.translate(_FOLD_TABLE)


def _first_match(text, terms):
    """Where the first match of ``terms`` starts in ``text`` (None if none), and the folded
    start of ``text`` it was found in.

    Folds a growing start of the text rather than all of it: an excerpt needs only the
    text up to a little past the first match. A match found at ``m`` in a start of
    length ``n`` is the first in the whole text when ``m + longest term <= n``: a match
    starting earlier would end before ``n``, so it would have been found.
    """
    longest = max(map(len, terms), default=0)
    size = 512
    while True:
        folded = _fold_chars(text[:size])
        found = [position for position in (folded.find(term) for term in terms) if position >= 0]
        if size >= len(text) or (found and min(found) + longest <= size):
            return (min(found) if found else None), folded
        size *= 4


def _spans(folded, terms):
    """Every match of ``terms`` in ``folded``, overlapping ones merged, in order."""
    spans = []
    for term in terms:
        if not term:
            spans.extend((m.start(), m.end()) for m in re.finditer("", folded))
            continue
        # What ``re.finditer`` finds for a plain string, without the regular expression.
        start = folded.find(term)
        while start >= 0:
            end = start + len(term)
            spans.append((start, end))
            start = folded.find(term, end)
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text, terms, *, width=None):
    """Escape ``text`` and wrap every match of ``terms`` in ``<mark>``.

    With ``width``, return only an excerpt of about that many characters around
    the first match, with an ellipsis where text was cut.
    """
    text = text or ""
    begin, finish = 0, len(text)
    if width and len(text) > width:
        anchor, folded = _first_match(text, terms)
        anchor = anchor or 0
        begin = max(0, anchor - width // 3)
        if begin:
            space = text.find(" ", begin)
            begin = space + 1 if 0 <= space < anchor else begin
        finish = min(len(text), begin + width)
        if finish < len(text):
            space = text.rfind(" ", begin, finish)
            finish = space if space > begin else finish
        # Matches that start before ``finish``: they end before ``finish + longest term``.
        # (Folding is one character for one, so a start of the text folds to the start of
        # the fold, and ``finditer`` finds the same matches there as in the whole text.)
        needed = min(len(text), finish + max(map(len, terms), default=0))
        if len(folded) < needed:
            folded += _fold_chars(text[len(folded) : needed])
    else:
        folded = _fold_chars(text)
    parts, cursor = [], begin
    if begin:
        parts.append("… ")
    for start, end in _spans(folded, terms):
        if end <= begin or start >= finish:
            continue
        start, end = max(start, begin), min(end, finish)
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:finish]))
    if finish < len(text):
        parts.append(" …")
    # ``html.escape`` is what Django's ``escape`` calls, without its lazy-string wrapper.
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


@dataclass
class Result:
    kind: str
    title: str
    url: str
    excerpt: str


def _terms_param():
    return Param("terms", TextField())


def _directives():
    from .models import Directive

    return matching(
        Directive.objects.published(now=Param("now", DateTimeField())),
        ["number", "subject", "summary", "opening_text", "purpose_text", "request_text", "signer_name"],
        _terms_param(),
    ).only("doc_type", "number", "slug", "subject", "summary", "purpose_text", "request_text")[:RESULTS_PER_SOURCE]


def _task_items():
    from .models import TaskItem, directive_published_q

    return matching(
        TaskItem.objects.filter(directive_published_q("section__directive__", now=Param("now", DateTimeField()))),
        ["text", "section__title"],
        _terms_param(),
    ).values_list("section__number", "section__title", "text")[:RESULTS_PER_SOURCE]


def _groups():
    from .models import UnitGroup

    return matching(UnitGroup.objects.all(), ["name", "description"], _terms_param()).values_list(
        "name", "slug", "description"
    )[:RESULTS_PER_SOURCE]


def _units():
    from .models import TargetUnit

    return matching(
        TargetUnit.objects.published(),
        ["name", "description", "meeting_place", "group__name"],
        _terms_param(),
    ).values_list("name", "slug", "description", "group__name")[:RESULTS_PER_SOURCE]


def _contests():
    from .models import Contest

    return matching(
        Contest.objects.all(), ["name", "edition", "description", "eligibility", "how_to_enter"], _terms_param()
    ).only("name", "edition", "description")[:RESULTS_PER_SOURCE]


def _articles(term_count):
    from news.models import Article

    # News keeps its text folded in a column (``Article.search_text``): no folding in SQL.
    articles = Article.objects.published(now=Param("now", DateTimeField())).order_by("-published_at")
    for index in range(term_count):
        articles = articles.filter(search_text__contains=Param(f"term{index}", TextField()))
    return articles.values_list("title", "slug", "summary", "body_text")[:RESULTS_PER_SOURCE]


# One query per source, its SQL built once per process (namdong_site/prepared.py); the terms
# and the time are parameters. News has one condition per term: one query per number of terms.
_SOURCES = {
    "directives": prepared(_directives),
    "task_items": prepared(_task_items),
    "groups": prepared(_groups),
    "units": prepared(_units),
    "contests": prepared(_contests),
}
_ARTICLES = [prepared(lambda count=count: _articles(count)) for count in range(MAX_TERMS + 1)]


def search(query):
    """Results for a parsed ``Query`` across the letter, its tasks, units and the contest.

    Each source costs one SQL query, which reads only the columns a result shows.
    Returns a list of ``Result``.
    """
    from django.utils import timezone
    from django.utils.translation import gettext as _

    if not query:
        return []
    terms = query.terms
    now = timezone.now()
    results = []
    # Each kind's label translated once, not once per result.
    directive_kind, task_kind, group_kind = _("Văn bản"), _("Nhiệm vụ"), _("Nhóm đơn vị")
    unit_kind, news_kind, contest_kind = _("Đơn vị"), _("Tin tức"), _("Giải thưởng")
    for directive in _SOURCES["directives"](now=now, terms=terms):
        body = " ".join(
            part
            for part in (directive.summary, directive.subject, directive.purpose_text, directive.request_text)
            if part
        )
        results.append(
            Result(
                directive_kind,
                highlight(f"{directive} – {directive.subject_line}", terms),
                directive.get_absolute_url(),
                highlight(body, terms, width=220),
            )
        )
    # The sources below with many rows are read as plain rows, not model instances; their
    # links are what ``get_absolute_url`` gives (TaskSection, UnitGroup, TargetUnit, Article).
    tasks_url = cached_reverse("campaign:tasks")
    for number, title, text in _SOURCES["task_items"](now=now, terms=terms):
        results.append(
            Result(
                task_kind,
                highlight(f"{number}. {title}", terms),
                f"{tasks_url}#muc-{number}",
                highlight(text, terms, width=220),
            )
        )
    group_url = slug_reverser("campaign:unit-group")
    for name, slug, description in _SOURCES["groups"](terms=terms):
        results.append(
            Result(
                group_kind,
                highlight(name, terms),
                group_url(slug),
                highlight(description, terms, width=220),
            )
        )
    unit_url = slug_reverser("campaign:unit")
    for name, slug, description, group_name in _SOURCES["units"](terms=terms):
        results.append(
            Result(
                unit_kind,
                highlight(name, terms),
                unit_url(slug),
                highlight(description or group_name, terms, width=220),
            )
        )
    article_url = slug_reverser("news:detail")
    term_values = {f"term{index}": term for index, term in enumerate(terms)}
    for title, slug, summary, body_text in _ARTICLES[len(terms)](now=now, **term_values):
        results.append(
            Result(
                news_kind,
                highlight(title, terms),
                article_url(slug),
                highlight(summary or body_text, terms, width=220),
            )
        )
    for contest in _SOURCES["contests"](terms=terms):
        results.append(
            Result(
                contest_kind,
                highlight(contest.full_name, terms),
                contest.get_absolute_url(),
                highlight(contest.description, terms, width=220),
            )
        )
    return results
