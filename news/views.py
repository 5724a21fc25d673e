"""Public views of news, the staff preview and the editor's image upload.

Every public view reads through ``Article.objects.published()``.
"""

from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import DateTimeField, Exists, Func, IntegerField, OuterRef, SlugField
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from campaign.models import Directive, TargetUnit, TaskItem, TaskSection, directive_published_q
from namdong_site.prepared import Param, prepared

from .models import Article
from .services import editor_image_store

PAGE_SIZE = 10


def article_list(request):
    # get_page() turns a malformed or out-of-range ?page= into the first or last page.
    page = Paginator(_PublishedCards(timezone.now()), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "news/article_list.html", {"page": page, "articles": page.object_list})


class _PublishedCards:
    """The published news, newest first, for ``Paginator``: its count and its page slices are
    prepared queries (namdong_site/prepared.py). The index on the list's order
    (article_list_order) lets the database read a page's rows without sorting every
    published article."""

    def __init__(self, now):
        self.now = now

    def count(self):
        return _published_count(now=self.now)[0]

    def __getitem__(self, page):
        return _published_cards(page.start, page.stop)(now=self.now)


# COUNT(id) written as a plain function: the ORM's Count() would make it an aggregate, which
# a prepared query (a list of rows) cannot run. No ORDER BY, so no GROUP BY is needed.
_published_count = prepared(
    lambda: (
        Article.objects.published(now=Param("now", DateTimeField()))
        .order_by()
        .values_list(Func("id", function="COUNT", output_field=IntegerField()), flat=True)
    )
)


@lru_cache(maxsize=64)
def _published_cards(start, stop):
    # One prepared query per page (LIMIT and OFFSET are written into the SQL). Holds SQL only:
    # the rows are read at each call. 64 pages of 10 cover the lists read most.
    return prepared(lambda: Article.objects.published(now=Param("now", DateTimeField())).for_cards()[start:stop])


# The many-to-many fields to the campaign objects an article may concern.
LINK_FIELDS = ("directives", "task_sections", "task_items", "units")


def _visible(field):
    """The campaign objects of link field ``field`` that the public may see."""
    if field == "directives":
        return Directive.objects.published()
    if field == "task_sections":
        return TaskSection.objects.filter(directive_published_q("directive__")).select_related("directive")
    if field == "task_items":
        return TaskItem.objects.filter(directive_published_q("section__directive__")).select_related("section")
    return TargetUnit.objects.published()


def _with_link_flags(queryset):
    """Say in the article's own query which kinds of campaign objects it is linked to, so that
    a kind it has none of costs no query (a query here costs 1–2 ms, mostly building its SQL)."""
    return queryset.annotate(
        **{
            f"has_{name}": Exists(
                Article._meta.get_field(name).remote_field.through.objects.filter(article=OuterRef("pk"))
            )
            for name in LINK_FIELDS
        }
    )


def _links(article):
    """The campaign objects ``article`` (from ``_with_link_flags``) concerns, by field, in their usual order."""
    return {
        name: list(_visible(name).filter(articles=article)) if getattr(article, f"has_{name}") else []
        for name in LINK_FIELDS
    }


_published_article = prepared(
    lambda: _with_link_flags(
        Article.objects.published(now=Param("now", DateTimeField())).filter(slug=Param("slug", SlugField()))
    )
)


def article_detail(request, slug):
    article = next(iter(_published_article(now=timezone.now(), slug=slug)), None)
    if article is None:
        raise Http404
    article_ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary,
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.updated_at.isoformat(),
        "inLanguage": "vi",
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
        "publisher": {"@type": "Organization", "name": "Ủy ban MTTQ Việt Nam phường Nam Đồng"},
    }
    if article.cover:
        article_ld["image"] = request.build_absolute_uri(article.cover.url)
    return render(
        request, "news/article_detail.html", {"article": article, "links": _links(article), "article_ld": article_ld}
    )


def _may_preview(user):
    return user.is_active and user.is_staff and user.has_perm("news.view_article")


@never_cache
def article_preview(request, pk):
    """A draft as it will look, for staff only; everyone else gets the same 404 as a missing page."""
    if not _may_preview(request.user):
        raise Http404
    article = get_object_or_404(_with_link_flags(Article.objects.all()), pk=pk)
    response = render(
        request, "news/article_detail.html", {"article": article, "links": _links(article), "preview": True}
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _may_upload(user):
    return (
        user.is_active and user.is_staff and (user.has_perm("news.add_article") or user.has_perm("news.change_article"))
    )


@require_POST
def editor_image_upload(request):
    """The editor's image upload (CKEditor 5 simple upload adapter), for staff who write news.

    CSRF-protected like every POST (the editor sends the token in X-CSRFToken).
    Answers in the JSON the editor reads: ``{"urls": {...}}`` or ``{"error": {"message": ...}}``,
    which the editor shows to the writer.
    """
    if not _may_upload(request.user):
        return JsonResponse(
            {"error": {"message": _("Bạn cần đăng nhập bằng tài khoản biên tập tin tức để tải ảnh lên.")}},
            status=403,
        )
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": _("Không nhận được tệp ảnh. Hãy chọn lại ảnh.")}}, status=400)
    try:
        urls = editor_image_store(upload=upload)
    except ValidationError as error:
        return JsonResponse({"error": {"message": " ".join(error.messages)}}, status=400)
    return JsonResponse({"urls": urls})
