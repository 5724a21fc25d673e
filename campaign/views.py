"""Public views. Every view reads through ``published()`` querysets, and fetches
what its template shows in a fixed number of queries (tests count them)."""

from django.db.models import BigIntegerField, DateTimeField, F, Prefetch, SlugField, Subquery
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
    LegalBasis,
    Organization,
    OutreachChannel,
    Recipient,
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


# What campaign/directive_list.html shows of each directive and its issuer (a deferred field the
# template read would cost a query per directive: tests/test_queries.py counts them).
_directive_list = prepared(
    lambda: (
        Directive.objects.published(now=Param("now", DateTimeField()))
        .select_related("issuer")
        .only("doc_type", "number", "slug", "issued_on", "subject", "issuer__name")
    )
)


@require_GET
def directive_list(request):
    return render(request, "campaign/directive_list.html", {"directives": _directive_list(now=timezone.now())})


def _directive_for_letter(slug):
    return get_object_or_404(directive_for_display(_published_directives()), slug=slug)


# The letter page's queries (namdong_site/prepared.py): what directive_for_display() fetches,
# each part read by its directive's id and ordered without a join (see there).
_DIRECTIVE_ID = "directive"
_letter_directive = prepared(
    lambda: (
        Directive.objects.published(now=Param("now", DateTimeField()))
        .filter(slug=Param("slug", SlugField()))
        .select_related("issuer__parent", "contest")
        .order_by()[:1]
    )
)


def _directive_part(model, *ordering, related=None):
    def build():
        queryset = model.objects.filter(directive_id=Param(_DIRECTIVE_ID, BigIntegerField())).order_by(*ordering)
        # (select_related() with no field would follow every foreign key)
        return queryset if related is None else queryset.select_related(*related)

    return prepared(build)


_letter_addressees = _directive_part(Addressee, "order", "id")
_letter_legal_bases = _directive_part(LegalBasis, "order", "id", related=("document__issuer",))
_letter_sections = _directive_part(TaskSection, "number")
# The letter's sections with their items' HTML in one read: a row per item, or one with no
# item for a section that has none (a LEFT JOIN).
_letter_section_rows = prepared(
    lambda: (
        TaskSection.objects.filter(directive_id=Param(_DIRECTIVE_ID, BigIntegerField()))
        .order_by("number", "items__order", "items__id")
        .values_list("number", "title", "title_punctuation", "items__id", "items__text_html")
    )
)
_letter_recipients = _directive_part(Recipient, "order", "id")
# Every item of the directive, in their order within a section (grouped by section in Python).
_letter_items = prepared(
    lambda: TaskItem.objects.filter(section__directive_id=Param(_DIRECTIVE_ID, BigIntegerField())).order_by(
        "order", "id"
    )
)


def _letter_section_list(rows):
    """``[(number, title, title punctuation, [item HTML])]`` from ``_letter_section_rows``."""
    sections = []
    for number, title, punctuation, item, html in rows:
        if not sections or sections[-1][0] != number:
            sections.append((number, title, punctuation, []))
        if item is not None:
            sections[-1][3].append(html)
    return sections


def _sections_with_items(sections, items):
    """``[(section, [its items])]``, the items in the order read."""
    by_section = {section.pk: [] for section in sections}
    for item in items:
        by_section[item.section_id].append(item)
    return [(section, by_section[section.pk]) for section in sections]


@require_GET
def directive_detail(request, slug):
    directive = next(iter(_letter_directive(now=timezone.now(), slug=slug)), None)
    if directive is None:
        raise Http404("No Directive matches the given query.")
    parts = {_DIRECTIVE_ID: directive.pk}
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
        {
            "directive": directive,
            "addressees": _letter_addressees(**parts),
            "legal_paragraphs": legal_basis_paragraphs(directive, _letter_legal_bases(**parts)),
            "sections": _letter_section_list(_letter_section_rows(**parts)),
            "recipients": _letter_recipients(**parts),
            "letter_ld": letter_ld,
        },
    )


@require_GET
def directive_text(request, slug):
    directive = _directive_for_letter(slug)
    response = HttpResponse(directive_plain_text(directive), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{directive.slug}.txt"'
    return response


# The tasks page's queries (namdong_site/prepared.py). The page shows none of the issuer, and
# of the directive only these; parts are ordered without joining their parent (see
# directive_for_display()).
_tasks_directive = prepared(
    lambda: Directive.objects.published(now=Param("now", DateTimeField())).only("number", "slug", "issued_on")[:1]
)
_tasks_addressees = _directive_part(Addressee, "order", "id", related=("group",))
# Each channel of each item of the directive (a channel once per item naming it), in the
# channels' own order, with the item's id.
_tasks_channels = prepared(
    lambda: (
        OutreachChannel.objects.filter(task_items__section__directive_id=Param(_DIRECTIVE_ID, BigIntegerField()))
        .annotate(task_item_id=F("task_items__id"))
        .order_by("order", "name")
    )
)


@require_GET
def tasks(request):
    directive = next(iter(_tasks_directive(now=timezone.now())), None)
    if directive is None:
        return render(request, "campaign/tasks.html", {"directive": None})
    parts = {_DIRECTIVE_ID: directive.pk}
    sections = _letter_sections(**parts)
    item_channels, channels = {}, {}
    for channel in _tasks_channels(**parts):
        item_channels.setdefault(channel.task_item_id, []).append(channel)
        channels[channel.pk] = channel
    sections = [
        (section, [(item, item_channels.get(item.pk, [])) for item in items])
        for section, items in _sections_with_items(sections, _letter_items(**parts))
    ]
    return render(
        request,
        "campaign/tasks.html",
        {
            "directive": directive,
            "addressees": _tasks_addressees(**parts),
            "sections": sections,
            "channels": sorted(channels.values(), key=lambda c: (c.order, c.name)),
        },
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
    lambda: (
        TargetUnit.objects.published()
        .order_by("order", "name")
        .values_list("group_id", "name", "slug", "contact_name", "contact_phone")
    )
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


# The contest page's queries (namdong_site/prepared.py); parts ordered without joining their
# parent (see directive_for_display()).
_CONTEST_ID = "contest"
_contest_latest = prepared(lambda: Contest.objects.order_by("-id")[:1])
_contest_categories = prepared(
    lambda: ContestCategory.objects.filter(contest_id=Param(_CONTEST_ID, BigIntegerField())).order_by("order", "name")
)
_contest_organizers = prepared(lambda: Organization.objects.filter(contests__id=Param(_CONTEST_ID, BigIntegerField())))
# The page shows none of the issuer, and of the directive only these.
_contest_directive = prepared(
    lambda: (
        Directive.objects.published(now=Param("now", DateTimeField()))
        .filter(contest_id=Param(_CONTEST_ID, BigIntegerField()))
        .only("number", "slug", "purpose_text")[:1]
    )
)
# Section 2 of the letter: how the ward helps people take part.
HELP_SECTION_NUMBER = 2
_contest_help_section = prepared(
    lambda: TaskSection.objects.filter(
        directive_id=Param(_DIRECTIVE_ID, BigIntegerField()), number=HELP_SECTION_NUMBER
    ).order_by()[:1]
)
_contest_help_items = prepared(
    lambda: TaskItem.objects.filter(
        section__directive_id=Param(_DIRECTIVE_ID, BigIntegerField()), section__number=HELP_SECTION_NUMBER
    ).order_by("order", "id")
)


@require_GET
def contest_detail(request):
    contest = next(iter(_contest_latest()), None)
    if contest is None:
        return render(request, "campaign/contest_detail.html", {"contest": None})
    now = timezone.now()
    phases = _contest_phases(contest=contest.pk)
    directive = next(iter(_contest_directive(now=now, contest=contest.pk)), None)
    help_section, help_items = None, []
    if directive is not None:
        help_section = next(iter(_contest_help_section(directive=directive.pk)), None)
        if help_section is not None:
            help_items = _contest_help_items(directive=directive.pk)
    context = {
        "contest": contest,
        "phases": phases,
        "categories": _contest_categories(contest=contest.pk),
        "organizers": _contest_organizers(contest=contest.pk),
        "directive": directive,
        "help_section": help_section,
        "help_items": help_items,
        **_contest_status(contest, timezone.localdate(now), phases),
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
