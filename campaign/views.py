"""Public views. Every view reads through ``published()`` querysets, and fetches
what its template shows in a fixed number of queries (tests count them)."""

from django.db.models import BigIntegerField, DateTimeField, Prefetch, SlugField, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from namdong_site.prepared import Param, prepared
from news.models import Article

from .letter import directive_for_display, directive_plain_text, legal_basis_paragraphs
from .models import (
    Addressee,
    Contest,
    ContestCategory,
    ContestPhase,
    Directive,
    TargetUnit,
    TaskItem,
    TaskSection,
    UnitGroup,
)
from .search import Query, search

HOME_UNITS_SHOWN = 12
HOME_NEWS_SHOWN = 3
# What campaign/home.html shows of the directive, its issuer and its contest (a deferred field
# that the template reads would cost a query: tests/test_queries.py counts them).
HOME_DIRECTIVE_FIELDS = (
    "doc_type",
    "number",
    "slug",
    "issued_on",
    "subject",
    "summary",
    "summary_en",
    "issuer__name",
    "contest__name",
    "contest__name_en",
    "contest__edition",
    "contest__website",
)


def _published_directives():
    return Directive.objects.published().select_related("issuer__parent")


def _current_directive(*prefetch):
    """The directive the campaign is about: the newest published one, or None."""
    return _published_directives().prefetch_related(*prefetch).first()


def _contest_status(contest, today, phases=None):
    if contest is None:
        return {}
    deadline = contest.deadline(phases)
    return {
        "current_phase": contest.current_phase(today, phases),
        "deadline": deadline,
        "days_left": (deadline - today).days if deadline and deadline >= today else None,
        "deadline_passed": bool(deadline and deadline < today),
    }


# The home page's queries, their SQL built once per process (namdong_site/prepared.py).
# The contest comes with the directive (a join); only the columns the page shows.
_home_directive = prepared(
    lambda: (
        Directive.objects.published(now=Param("now", DateTimeField()))
        .select_related("issuer", "contest")
        .only(*HOME_DIRECTIVE_FIELDS)[:1]
    )
)
# Ordered without the directive (a join): see directive_for_display(). Each section's
# item_count is a column kept on write (no GROUP BY here).
_home_sections = prepared(
    lambda: TaskSection.objects.filter(directive_id=Param("directive", BigIntegerField())).order_by("number")
)
_contest_phases = prepared(
    lambda: ContestPhase.objects.filter(contest_id=Param("contest", BigIntegerField())).order_by("order", "starts_on")
)
# Only the units shown, of the first residential group (the ward has hundreds). One group, so
# Meta.ordering's "group__order" (a join) would sort by a constant; only the columns
# includes/unit_cards.html shows.
_home_units = prepared(
    lambda: (
        TargetUnit.objects.published()
        .filter(group=Subquery(UnitGroup.objects.filter(kind=UnitGroup.Kind.RESIDENTIAL).values("pk")[:1]))
        .order_by("order", "name")
        .only("name", "slug", "contact_name", "contact_phone")[:HOME_UNITS_SHOWN]
    )
)
_home_news = prepared(
    lambda: (
        Article.objects.published(now=Param("now", DateTimeField()))
        .for_listing()
        .order_by("-published_at")[:HOME_NEWS_SHOWN]
    )
)


@require_GET
def home(request):
    now = timezone.now()
    directive = next(iter(_home_directive(now=now)), None)
    sections, phases = [], None
    if directive:
        sections = _home_sections(directive=directive.pk)
    if directive and directive.contest_id:
        contest = directive.contest
        phases = _contest_phases(contest=contest.pk)
    else:
        contest = Contest.objects.prefetch_related("phases").order_by("-id").first()
    today = timezone.localdate(now)
    context = {
        "directive": directive,
        "sections": sections,
        "latest_news": _home_news(now=now),
        "contest": contest,
        "home_units": _home_units(),
        **_contest_status(contest, today, phases),
    }
    return render(request, "campaign/home.html", context)


@require_GET
def directive_list(request):
    directives = _published_directives()
    return render(request, "campaign/directive_list.html", {"directives": directives})


def _directive_for_letter(slug):
    return get_object_or_404(directive_for_display(_published_directives()), slug=slug)


@require_GET
def directive_detail(request, slug):
    directive = _directive_for_letter(slug)
    letter_ld = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": f"{directive}: {directive.subject_line}",
        "identifier": directive.number,
        "dateCreated": directive.issued_on.isoformat(),
        "datePublished": directive.published_at.isoformat(),
        "dateModified": directive.updated_at.isoformat(),
        "inLanguage": "vi",
        "author": {"@type": "Organization", "name": directive.issuer.name},
        "locationCreated": {"@type": "Place", "name": directive.place},
        "url": request.build_absolute_uri(directive.get_absolute_url()),
    }
    if directive.contest_id:
        letter_ld["about"] = {"@type": "Thing", "name": directive.contest.full_name, "url": directive.contest.website}
    return render(
        request,
        "campaign/directive_detail.html",
        {"directive": directive, "legal_paragraphs": legal_basis_paragraphs(directive), "letter_ld": letter_ld},
    )


@require_GET
def directive_text(request, slug):
    directive = _directive_for_letter(slug)
    response = HttpResponse(directive_plain_text(directive), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{directive.slug}.txt"'
    return response


@require_GET
def tasks(request):
    # The page shows none of the issuer; parts are ordered without joining their parent
    # (see directive_for_display()).
    directive = (
        Directive.objects.published()
        .prefetch_related(
            Prefetch("addressees", queryset=Addressee.objects.select_related("group").order_by("order", "id")),
            Prefetch("sections", queryset=TaskSection.objects.order_by("number")),
            Prefetch("sections__items", queryset=TaskItem.objects.order_by("order", "id").prefetch_related("channels")),
        )
        .first()
    )
    if directive is None:
        return render(request, "campaign/tasks.html", {"directive": None})
    channels = {}
    for section in directive.sections.all():
        for item in section.items.all():
            for channel in item.channels.all():
                channels[channel.pk] = channel
    return render(
        request,
        "campaign/tasks.html",
        {"directive": directive, "channels": sorted(channels.values(), key=lambda c: (c.order, c.name))},
    )


def _groups_with_units():
    # TargetUnit's Meta.ordering starts with its group's order (a join); within one group's
    # prefetch the rest of it gives the same order.
    units = TargetUnit.objects.published().order_by("order", "name")
    return UnitGroup.objects.prefetch_related(Prefetch("units", queryset=units))


# /don-vi/: the groups, and every published unit as a row of what unit_cards shows (the ward
# has hundreds: rows rather than model instances). SQL built once per process
# (namdong_site/prepared.py). Ordered within each group as _groups_with_units() orders them.
_unit_list_groups = prepared(lambda: UnitGroup.objects.only("name", "name_en", "slug"))
_unit_list_rows = prepared(
    lambda: TargetUnit.objects.published()
    .order_by("order", "name")
    .values_list("group_id", "name", "slug", "contact_name", "contact_phone")
)


@require_GET
def unit_list(request):
    by_group = {}
    for row in _unit_list_rows():
        by_group.setdefault(row[0], []).append(row[1:])
    groups = [(group, by_group.get(group.pk, ())) for group in _unit_list_groups()]
    return render(request, "campaign/unit_list.html", {"groups": groups})


@require_GET
def unit_group_detail(request, slug):
    group = get_object_or_404(_groups_with_units(), slug=slug)
    return render(request, "campaign/unitgroup_detail.html", {"group": group})


# A unit's page: the unit by its slug (unique), SQL built once per process.
_unit_by_slug = prepared(
    lambda: TargetUnit.objects.published().select_related("group").filter(slug=Param("slug", SlugField()))[:1]
)


@require_GET
def unit_detail(request, slug):
    unit = next(iter(_unit_by_slug(slug=slug)), None)
    if unit is None:
        raise Http404
    return render(request, "campaign/targetunit_detail.html", {"unit": unit})


@require_GET
def contest_detail(request):
    # Parts ordered without joining their parent (see directive_for_display()).
    contest = (
        Contest.objects.prefetch_related(
            Prefetch("phases", queryset=ContestPhase.objects.order_by("order", "starts_on")),
            Prefetch("categories", queryset=ContestCategory.objects.order_by("order", "name")),
            "organizers",
        )
        .order_by("-id")
        .first()
    )
    if contest is None:
        return render(request, "campaign/contest_detail.html", {"contest": None})
    directive = (
        Directive.objects.published()  # the page shows none of the issuer
        .filter(contest=contest)
        .prefetch_related(
            Prefetch("sections", queryset=TaskSection.objects.order_by("number")),
            Prefetch("sections__items", queryset=TaskItem.objects.order_by("order", "id")),
        )
        .first()
    )
    help_section = None
    if directive is not None:
        # Section 2 of the letter: how the ward helps people take part.
        help_section = next((section for section in directive.sections.all() if section.number == 2), None)
    context = {
        "contest": contest,
        "directive": directive,
        "help_section": help_section,
        **_contest_status(contest, timezone.localdate()),
    }
    return render(request, "campaign/contest_detail.html", context)


@require_GET
def search_view(request):
    query = Query.parse(request.GET.get("q", ""))
    results = search(query)
    return render(
        request,
        "campaign/search.html",
        {"query": query, "results": results, "searched": "q" in request.GET},
    )


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: " + reverse("admin:index"),
        "Disallow: " + reverse("campaign:search"),
        "",
        "Sitemap: " + request.build_absolute_uri(reverse("sitemap")),
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def manifest(request):
    from django.http import JsonResponse

    data = {
        "name": _("Mặt trận Tổ quốc phường Nam Đồng"),
        "short_name": _("MTTQ Nam Đồng"),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("campaign:home"),
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#a50f15",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json; charset=utf-8"
    return response
