"""News (tin tức): what the ward's Front committee publishes about the campaign.

An article is written by staff in the admin, kept as a draft, scheduled or
published. It may concern parts of the campaign: a directive, a task section or
task item of it, and the target units involved. Text fields store NFC; the
body is HTML cleaned on the server (``sanitize.py``) before it is stored, and
``body_text`` is its plain text for search and feeds.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaign.fields import NFCCharField, NFCTextField
from campaign.images import CheckedImageField, rendition_name, rendition_widths, renditions_srcset
from namdong_site.urls_cached import cached_reverse

# Paths under /tin-tuc/ that are not articles (see urls.py).
RESERVED_SLUGS = {"rss", "atom", "xem-truoc", "tai-anh-len"}
# What templates/news/article_list.html (and its picture) read of an article.
CARD_FIELDS = (
    "title", "slug", "summary", "cover", "cover_width", "cover_height", "cover_alt", "published_at", "pinned",
)  # fmt: skip


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public sees: published or scheduled, with a publication time already past.

        A scheduled article appears by itself when its time comes, with no job to run.
        ``now``: a time or a ``namdong_site.prepared.Param``.
        """
        return self.filter(
            status__in=[Article.Status.SCHEDULED, Article.Status.PUBLISHED], published_at__lte=now or timezone.now()
        )

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def upcoming(self):
        """Scheduled (or published with a future time): waiting for their time to come."""
        return self.filter(
            status__in=[Article.Status.SCHEDULED, Article.Status.PUBLISHED], published_at__gt=timezone.now()
        )

    def for_listing(self):
        """Leave the body (and its folded copy for search) out of list queries: lists show
        title, summary and cover only."""
        return self.defer("body", "body_text", "search_text")

    def for_cards(self):
        """Only what a news card on the public list shows (fewer columns to read and convert)."""
        return self.only(*CARD_FIELDS)


def next_scheduled_publication():
    """When the next scheduled article appears by itself (for the page cache), or None."""
    return Article.objects.upcoming().order_by("published_at").values_list("published_at", flat=True).first()


class Article(models.Model):
    """Tin tức: a news article of the ward's Front committee, with a cover
    picture, a rich-text body, a publication state and links to the campaign's
    directives, task sections and items, and target units it concerns."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SCHEDULED = "scheduled", _("Hẹn giờ đăng")
        PUBLISHED = "published", _("Đã đăng")

    title = NFCCharField(_("tiêu đề"), max_length=200)
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("Chữ không dấu, nối bằng gạch ngang. Để trống để tạo từ tiêu đề."),
    )
    summary = NFCTextField(
        _("tóm tắt"),
        max_length=500,
        blank=True,
        help_text=_("Một hai câu, hiện trong danh sách tin, nguồn tin RSS và khi chia sẻ liên kết."),
    )
    body = NFCTextField(_("nội dung"), blank=True)
    body_text = NFCTextField(_("nội dung dạng chữ"), blank=True, editable=False)
    # Title, summary and body text folded for search (lower case, no diacritics), kept by
    # the service on every save: folding 1,000 bodies for each search was the slow part.
    search_text = models.TextField(_("chữ để tìm kiếm"), blank=True, default="", editable=False)
    cover = CheckedImageField(
        _("ảnh bìa"),
        upload_to="tin-tuc/anh-bia/",
        width_field="cover_width",
        height_field="cover_height",
        blank=True,
        help_text=_("Ảnh JPEG, PNG hoặc WebP, tối đa 10 MB. Thông tin vị trí trong ảnh chụp điện thoại được xoá."),
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_alt = NFCCharField(
        _("mô tả ảnh bìa"),
        max_length=255,
        blank=True,
        help_text=_(
            "Tả ngắn gọn nội dung ảnh cho người không xem được ảnh, ví dụ “Hội nghị triển khai tại tổ dân phố 5”."
        ),
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("thời điểm đăng"),
        null=True,
        blank=True,
        help_text=_("Với “Hẹn giờ đăng”, tin tự hiện trên trang vào thời điểm này. Để trống khi đăng ngay."),
    )
    pinned = models.BooleanField(_("ghim lên đầu"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người viết"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    directives = models.ManyToManyField(
        "campaign.Directive", verbose_name=_("văn bản liên quan"), blank=True, related_name="articles"
    )
    task_sections = models.ManyToManyField(
        "campaign.TaskSection", verbose_name=_("mục nội dung liên quan"), blank=True, related_name="articles"
    )
    task_items = models.ManyToManyField(
        "campaign.TaskItem", verbose_name=_("nhiệm vụ liên quan"), blank=True, related_name="articles"
    )
    units = models.ManyToManyField(
        "campaign.TargetUnit", verbose_name=_("đơn vị liên quan"), blank=True, related_name="articles"
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)

    history = HistoricalRecords(
        verbose_name=_("lịch sử tin tức"),
        verbose_name_plural=_("lịch sử tin tức"),
        excluded_fields=["search_text"],
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-published_at", "-id"]
        verbose_name = _("tin tức")
        verbose_name_plural = _("tin tức")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_scheduled_or_published_has_time",
                violation_error_message=_("Tin hẹn giờ hoặc đã đăng cần có thời điểm đăng."),
            ),
        ]
        indexes = [
            # The public list's order, with status for the filter: the first page reads ten
            # entries instead of sorting every published row. Nothing may lead with status,
            # or SQLite (with no statistics) prefers that index and sorts again.
            models.Index(fields=["-pinned", "-published_at", "-id", "status"], name="article_list_order"),
            # The latest news, the pages' count and the next scheduled article (range on time).
            models.Index(fields=["published_at", "status"], name="article_time_status"),
            # The admin dashboard's drafts, newest edit first.
            models.Index(fields=["-updated_at"], condition=Q(status="draft"), name="article_drafts"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("news:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()  # "Đã đăng" with no time: now
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("Đường dẫn “%(slug)s” đã dành cho trang khác; hãy chọn đường dẫn khác.") % {
                "slug": self.slug
            }
        if self.cover and not self.cover_alt.strip():
            errors["cover_alt"] = _("Hãy mô tả ảnh bìa cho người đọc không xem được ảnh.")
        if self.status == self.Status.SCHEDULED and not self.published_at:
            errors["published_at"] = _("Hãy chọn ngày giờ đăng cho tin hẹn giờ.")
        if self.status == self.Status.PUBLISHED and self.published_at and self.published_at > timezone.now():
            errors["status"] = _(
                "Thời điểm đăng còn ở tương lai. Chọn “Hẹn giờ đăng” để tin tự hiện vào lúc đó, "
                "hoặc xoá thời điểm để đăng ngay."
            )
        if errors:
            raise ValidationError(errors)

    def folded_search_text(self):
        """What ``search_text`` holds: the searchable fields, folded as search folds them."""
        from campaign.search import sql_fold

        return sql_fold("\n".join([self.title, self.summary, self.body_text]))

    @property
    def is_published(self):
        return (
            self.status in {self.Status.SCHEDULED, self.Status.PUBLISHED}
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def cover_srcset(self):
        """``srcset`` of the cover's WebP copies (made by the service when the cover is saved)."""
        if not self.cover or not self.cover_width:
            return ""
        return renditions_srcset(self.cover.name, self.cover_width)

    @property
    def cover_fallback_url(self):
        """The largest WebP copy, for feeds and link previews that take one picture."""
        if not self.cover or not self.cover_width:
            return ""
        width = rendition_widths(self.cover_width)[-1]
        return self.cover.storage.url(rendition_name(self.cover.name, width))
