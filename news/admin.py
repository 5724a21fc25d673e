"""The admin of news: writing in CKEditor 5, drafts, scheduling, preview and history.

Saving goes through ``services.article_save`` (sanitised body, slug, cover
copies). "Xem trước" shows a draft with the public template; "Xem trên trang"
appears only once an article is on the site. Every change is kept in the
history (django-simple-history), from which an earlier version can be restored.
"""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import admin, messages
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .forms import ArticleAdminForm
from .models import Article
from .services import article_publish, article_save, article_unpublish


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    list_display = ["title", "status", "published_at", "pinned", "author", "updated_at"]
    list_filter = ["status", "pinned", "directives"]
    search_fields = ["title", "summary", "body_text"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["directives", "units"]
    filter_horizontal = ["task_sections", "task_items"]
    readonly_fields = ["author", "created_at", "updated_at"]
    list_select_related = ["author"]
    actions = ["publish_now", "back_to_draft"]
    history_list_display = ["status"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Ảnh bìa"), {"fields": ["cover", "cover_alt"]}),
        (_("Đăng tin"), {"fields": ["status", "published_at", "pinned"]}),
        (
            _("Liên quan tới chiến dịch"),
            {"fields": ["directives", "task_sections", "task_items", "units"], "classes": ["collapse"]},
        ),
        (_("Thông tin"), {"fields": ["author", "created_at", "updated_at"]}),
    ]

    # CKEditor 5 draws an upload's progress bar with a style attribute (style="width:40%"),
    # the only inline style in the admin. Allowed on the article form alone, and for
    # style attributes alone (style-src-attr): <style> elements and every kind of inline
    # script stay blocked. (Replaced, not added to: next to a hash, 'unsafe-inline' is ignored.)
    # See docs/security.md.
    @method_decorator(csp_replace({"style-src-attr": [UNSAFE_INLINE]}))
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(request, object_id, form_url, extra_context)

    @method_decorator(csp_replace({"style-src-attr": [UNSAFE_INLINE]}))
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return super().history_form_view(request, object_id, version_id, extra_context)

    def view_on_site(self, obj):
        # Only an article the public can already see gets "Xem trên trang"; drafts have "Xem trước".
        return obj.get_absolute_url() if obj.is_published else None

    def save_model(self, request, obj, form, change):
        article_save(article=obj, user=request.user, cover_changed="cover" in form.changed_data)

    @admin.action(description=_("Đăng ngay các tin đã chọn"), permissions=["change"])
    def publish_now(self, request, queryset):
        for article in queryset:
            article_publish(article=article, user=request.user)
        count = len(queryset)
        self.message_user(
            request, ngettext("Đã đăng %(count)d tin.", "Đã đăng %(count)d tin.", count) % {"count": count}
        )

    @admin.action(description=_("Gỡ khỏi trang, chuyển về bản nháp"), permissions=["change"])
    def back_to_draft(self, request, queryset):
        for article in queryset:
            article_unpublish(article=article, user=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("Đã chuyển %(count)d tin về bản nháp.", "Đã chuyển %(count)d tin về bản nháp.", count)
            % {"count": count},
            messages.WARNING,
        )
