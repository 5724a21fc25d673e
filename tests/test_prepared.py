"""namdong_site.prepared: SQL built once, rows read on every call, same results as the ORM."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.db.models import DateTimeField, Prefetch, SlugField
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaign.models import Directive, TargetUnit, TaskSection, UnitGroup
from namdong_site.prepared import Param, prepared
from news.models import Article

pytestmark = pytest.mark.django_db


def _article(slug, minutes_ago, status=Article.Status.PUBLISHED):
    return Article.objects.create(
        title=f"Tin {slug}",
        slug=slug,
        summary="Tóm tắt",
        body="<p>Nội dung</p>",
        status=status,
        published_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


LATEST = prepared(
    lambda: Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__lte=Param("now", DateTimeField())
    ).order_by("-published_at")[:3]
)


def test_rows_are_read_on_every_call_with_the_values_of_that_call():
    _article("a", 30)
    _article("b", 20)
    later = _article("c", -20)  # published in 20 minutes
    _article("d", 10, status=Article.Status.DRAFT)
    now = timezone.now()
    assert [a.slug for a in LATEST(now=now)] == ["b", "a"]
    # The same compiled SQL with another value gives what the ORM gives for that value.
    then = now + datetime.timedelta(minutes=30)
    assert [a.slug for a in LATEST(now=then)] == ["c", "b", "a"]
    expected = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__lte=then).order_by(
        "-published_at"
    )[:3]
    assert [a.slug for a in LATEST(now=then)] == [a.slug for a in expected]
    # A row written after the first call shows at once: rows are never kept.
    _article("e", 1)
    assert [a.slug for a in LATEST(now=then)] == ["c", "e", "b"]
    later.delete()
    assert [a.slug for a in LATEST(now=then)] == ["e", "b", "a"]


def test_instances_equal_the_orms_field_for_field():
    _article("a", 30)
    orm = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("-published_at")[:3]
    ours = LATEST(now=timezone.now())
    assert len(ours) == 1
    fields = [f.attname for f in Article._meta.concrete_fields]
    assert [getattr(ours[0], f) for f in fields] == [getattr(orm[0], f) for f in fields]
    assert ours[0].published_at.tzinfo is not None  # converters applied, as the ORM does
    assert ours[0]._state.adding is False and ours[0]._state.db == "default"


def test_the_sql_is_built_once_and_each_call_is_one_query():
    _article("a", 30)
    query = prepared(lambda: Article.objects.filter(slug=Param("slug", SlugField())).only("title"))
    built = []
    original_build = query.build
    query.build = lambda: built.append(1) or original_build()
    with CaptureQueriesContext(connection) as queries:
        assert [a.title for a in query(slug="a")] == ["Tin a"]
        assert query(slug="khong-co") == []
        assert [a.title for a in query(slug="a")] == ["Tin a"]
    assert len(built) == 1
    assert len(queries) == 3
    assert queries[0]["sql"].replace("'a'", "?") == queries[2]["sql"].replace("'a'", "?")


def test_select_related_only_prefetch_and_values_list_work_as_in_the_orm(letter):
    group = UnitGroup.objects.order_by("order").first()
    for order, name in enumerate(["Tổ dân phố số 2", "Tổ dân phố số 1", "Tổ dân phố số 3"]):
        TargetUnit.objects.create(group=group, name=name, slug=f"to-{order}", order=order % 2)
    sections = prepared(
        lambda: (
            Directive.objects.filter(slug=Param("slug", SlugField()))
            .select_related("issuer")
            .only("number", "slug", "issuer__name")
            .prefetch_related(Prefetch("sections", queryset=TaskSection.objects.order_by("number")))
        )
    )
    with CaptureQueriesContext(connection) as queries:
        (directive,) = sections(slug=letter.slug)
        titles = [s.title for s in directive.sections.all()]
        issuer = directive.issuer.name
    assert len(queries) == 2  # the directive with its issuer, then the sections
    assert issuer == letter.issuer.name
    assert titles == [s.title for s in TaskSection.objects.filter(directive=letter).order_by("number")]
    names = prepared(
        lambda: (
            TargetUnit.objects.filter(group__slug=Param("group", SlugField()))
            .order_by("order", "name")
            .values_list("name", flat=True)
        )
    )
    expected = list(TargetUnit.objects.filter(group=group).order_by("order", "name").values_list("name", flat=True))
    assert expected
    assert names(group=group.slug) == expected


def test_a_prepared_query_refuses_to_be_changed_and_to_run_without_its_values():
    _article("a", 30)
    queryset = LATEST.queryset(now=timezone.now())
    with pytest.raises(TypeError):
        queryset.filter(slug="a")
    for change in (queryset.count, queryset.exists, queryset.first, lambda: queryset[0], lambda: queryset.get()):
        with pytest.raises(TypeError):
            change()
    with pytest.raises(TypeError, match="now"):
        LATEST()
    with pytest.raises(ValueError, match="None"):
        LATEST(now=None)


def test_an_always_empty_query_runs_no_sql():
    empty = prepared(lambda: Article.objects.filter(pk__in=[]))
    with CaptureQueriesContext(connection) as queries:
        assert empty() == []
    assert len(queries) == 0


def test_each_thread_runs_the_sql_on_its_own_connection():
    _article("a", 30)
    assert [a.slug for a in LATEST(now=timezone.now())] == ["a"]  # compiled in this thread
    seen = {}

    def other_thread():
        compiler = LATEST.queryset(now=timezone.now()).query.get_compiler(using="default")
        seen["theirs"], seen["own"] = compiler.connection, connections["default"]

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert seen["theirs"] is seen["own"]
    assert seen["own"] is not connection
