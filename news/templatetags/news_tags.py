"""Template helpers of news: the cover picture, safe public links and the admin dashboard."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaign.models import Contest, Directive

from ..models import Article

register = template.Library()


@register.inclusion_tag("news/includes/picture.html")
def article_picture(article, sizes="100vw", lazy=True, css_class="nd-picture"):
    """The cover as <picture>: resized WebP copies in srcset, the re-encoded original as fallback."""
    return {
        "article": article,
        "srcset": article.cover_srcset,
        "sizes": sizes,
        "lazy": lazy,
        "css_class": css_class,
    }


DASHBOARD_SIZE = 8
CHANGE_KINDS = {"+": _("Tạo mới"), "~": _("Sửa"), "-": _("Xoá")}


@register.inclusion_tag("admin/includes/news_dashboard.html", takes_context=True)
def news_dashboard(context):
    """Drafts, scheduled news and the latest changes to news, directives and contests."""
    user = context["request"].user
    data = {"can_see_news": user.has_perm("news.view_article")}
    if data["can_see_news"]:
        data["drafts"] = Article.objects.drafts().for_listing().order_by("-updated_at")[:DASHBOARD_SIZE]
        data["upcoming"] = Article.objects.upcoming().for_listing().order_by("published_at")[:DASHBOARD_SIZE]
    changes = []
    for model, perm in [(Article, "news.view_article"), (Directive, "campaign.view_directive"),
                        (Contest, "campaign.view_contest")]:  # fmt: skip
        if not user.has_perm(perm):
            continue
        opts = model._meta
        for record in model.history.select_related("history_user").order_by("-history_date")[:DASHBOARD_SIZE]:
            changes.append(
                {
                    "date": record.history_date,
                    "kind": CHANGE_KINDS.get(record.history_type, record.history_type),
                    "model": opts.verbose_name,
                    "title": str(record.instance),
                    "user": record.history_user,
                    "url": ""
                    if record.history_type == "-"
                    else reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.id]),
                }
            )
    data["changes"] = sorted(changes, key=lambda change: change["date"], reverse=True)[:DASHBOARD_SIZE]
    return data
