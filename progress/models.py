"""The progress of the campaign as the units report it.

A unit representative (đại diện đơn vị) is a staff account tied to one or more
target units. For their units they file activity reports (kết quả triển khai),
which the public sees only once ward staff approve them, and nominations
(giới thiệu tác giả, tác phẩm dự thi), whose author's name the public sees only
with the author's consent. Contact details of nominees are never public.

Who may see and change which unit's records is decided in ``permissions.py``;
state changes with side effects live in ``services.py``.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign.fields import NFCCharField, NFCTextField
from campaign.images import CheckedImageField, rendition_name, rendition_widths, renditions_srcset


class UnitRepresentative(models.Model):
    """Đại diện đơn vị: ties a staff account to a target unit it reports for.

    One person may represent several units (say, a residential group and an
    association), and a unit may have several representatives.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="represented_units",
    )
    unit = models.ForeignKey(
        "campaign.TargetUnit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="representatives"
    )
    created_at = models.DateTimeField(_("ngày giao"), auto_now_add=True)

    class Meta:
        ordering = ["unit__group__order", "unit__order", "unit__name", "user__username"]
        verbose_name = _("đại diện đơn vị")
        verbose_name_plural = _("đại diện đơn vị")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="unique_representative_per_unit")]

    def __str__(self):
        return f"{self.user} — {self.unit}"


class ActivityReportQuerySet(models.QuerySet):
    def published(self):
        """What the public sees: reports ward staff approved, of units the public sees."""
        return self.filter(status=ActivityReport.Status.APPROVED, unit__is_active=True)


class ActivityReport(models.Model):
    """Kết quả triển khai: one activity a unit carried out under the letter, such
    as a residential group's meeting that introduced the award, with the outreach
    channel it used, the task items it carries out and how many people it reached.

    Filed by the unit's representative, it waits for ward staff (chờ duyệt) who
    approve it (đã duyệt) or send it back for more (cần bổ sung).
    """

    class Status(models.TextChoices):
        PENDING = "cho-duyet", _("Chờ duyệt")
        APPROVED = "da-duyet", _("Đã duyệt")
        NEEDS_MORE = "can-bo-sung", _("Cần bổ sung")

    unit = models.ForeignKey(
        "campaign.TargetUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="activity_reports"
    )
    held_on = models.DateField(_("ngày thực hiện"), default=timezone.localdate)
    channel = models.ForeignKey(
        "campaign.OutreachChannel",
        verbose_name=_("hình thức tuyên truyền"),
        on_delete=models.PROTECT,
        related_name="activity_reports",
    )
    task_items = models.ManyToManyField(
        "campaign.TaskItem",
        verbose_name=_("nhiệm vụ thực hiện"),
        related_name="activity_reports",
        help_text=_("Chọn các nhiệm vụ trong công văn mà hoạt động này thực hiện."),
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("sự kiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity_reports",
        help_text=_("Sự kiện đã đăng trước mà hoạt động này báo cáo, nếu có."),
    )
    title = NFCCharField(_("tên hoạt động"), max_length=255)
    description = NFCTextField(_("nội dung"), blank=True)
    people_reached = models.PositiveIntegerField(
        _("số người được tuyên truyền"), default=0, help_text=_("Ước tính số người tham dự hoặc được thông tin tới.")
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING)
    review_note = NFCTextField(
        _("ý kiến của phường"), blank=True, help_text=_("Ghi rõ cần bổ sung gì khi trả lại báo cáo.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo cáo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("thời điểm duyệt"), null=True, blank=True)
    created_at = models.DateTimeField(_("ngày gửi"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)

    objects = ActivityReportQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("kết quả triển khai")
        verbose_name_plural = _("kết quả triển khai")
        permissions = [
            ("approve_activityreport", _("Duyệt kết quả triển khai của đơn vị")),
            ("manage_all_units", _("Xem và quản lý kết quả của mọi đơn vị (cán bộ phường)")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(people_reached__gte=0), name="report_people_reached_not_negative"),
            models.CheckConstraint(
                condition=Q(status__in=["cho-duyet", "da-duyet", "can-bo-sung"]), name="report_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="da-duyet") | Q(reviewed_at__isnull=False), name="approved_report_has_review_time"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "held_on"], name="report_status_held_on"),
            # A unit's approved reports, newest first (its progress page), without scanning
            # every approved report of the ward in date order.
            models.Index(fields=["unit", "status", "held_on", "id"], name="report_unit_status_held_on"),
            # An event's approved reports in date order (the event's page). Without it SQLite
            # walks every approved report of the ward by the index above to skip the sort.
            models.Index(fields=["event", "status", "held_on", "id"], name="report_event_status_held_on"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.held_on and self.held_on > timezone.localdate() + datetime.timedelta(days=1):
            raise ValidationError({"held_on": _("Ngày thực hiện không thể ở tương lai.")})

    @property
    def is_public(self):
        return self.status == self.Status.APPROVED


def report_photo_path(instance, filename):
    # ``image_clean`` already gave the file a random name; keep it, under a dated folder.
    today = timezone.localdate()
    return f"tien-do/{today:%Y/%m}/{filename or uuid.uuid4().hex}"


class ReportPhoto(models.Model):
    """Ảnh hoạt động: a photo of a reported activity, checked and re-encoded on
    upload (no EXIF, random name), with its alternative text for people who
    cannot see it, and resized WebP copies for the public pages."""

    report = models.ForeignKey(
        ActivityReport, verbose_name=_("kết quả triển khai"), on_delete=models.CASCADE, related_name="photos"
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    image = CheckedImageField(
        _("ảnh"),
        upload_to=report_photo_path,
        help_text=_("Ảnh JPEG, PNG, WebP hoặc GIF, tối đa 10 MB. Thông tin vị trí trong ảnh được xóa khi tải lên."),
    )
    # Filled by ``services.report_photo_renditions_create``, not by ImageField's
    # width_field, which would open the file each time a row is loaded.
    width = models.PositiveIntegerField(_("chiều rộng"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("chiều cao"), null=True, blank=True, editable=False)
    alt_text = NFCCharField(
        _("mô tả ảnh"),
        max_length=250,
        help_text=_("Một câu tả nội dung ảnh cho người không xem được ảnh, ví dụ “Hội nghị tổ dân phố số 3”."),
    )
    has_renditions = models.BooleanField(_("đã tạo bản thu nhỏ"), default=False, editable=False)

    class Meta:
        ordering = ["report", "order", "id"]
        verbose_name = _("ảnh hoạt động")
        verbose_name_plural = _("ảnh hoạt động")

    def __str__(self):
        return self.alt_text

    @property
    def src(self):
        """The smallest WebP copy when the copies exist, else the stored image."""
        if self.has_renditions and self.width:
            return self.image.storage.url(rendition_name(self.image.name, rendition_widths(self.width)[0]))
        return self.image.url

    @property
    def srcset(self):
        if self.has_renditions and self.width:
            return renditions_srcset(self.image.name, self.width, storage=self.image.storage)
        return ""


class NominationQuerySet(models.QuerySet):
    def published(self):
        """Nominations the public may count: those of units the public sees.

        Only the author's name with consent is ever shown (``public_author``);
        contact details never leave the admin.
        """
        return self.filter(unit__is_active=True)


class Nomination(models.Model):
    """Giới thiệu tác giả, tác phẩm dự thi: a person or group a unit found and put
    forward to enter the award, with the work's working title, its category once
    staff have entered the categories, and how far it has got."""

    class State(models.TextChoices):
        PROPOSED = "de-xuat", _("Đề xuất")
        DEVELOPING = "dang-xay-dung", _("Đang xây dựng")
        SUBMITTED = "da-gui-du-thi", _("Đã gửi dự thi")
        AWARDED = "dat-giai", _("Đạt giải")

    unit = models.ForeignKey(
        "campaign.TargetUnit", verbose_name=_("đơn vị giới thiệu"), on_delete=models.PROTECT, related_name="nominations"
    )
    nominated_on = models.DateField(_("ngày giới thiệu"), default=timezone.localdate)
    title = NFCCharField(_("tên tác phẩm (dự kiến)"), max_length=255)
    category = models.ForeignKey(
        "campaign.ContestCategory",
        verbose_name=_("thể loại dự thi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
        help_text=_("Để trống nếu Ban Tổ chức chưa công bố thể loại."),
    )
    author_name = NFCCharField(_("tác giả hoặc nhóm tác giả"), max_length=255)
    name_public = models.BooleanField(
        _("tác giả đồng ý công khai tên"),
        default=False,
        help_text=_("Chỉ đánh dấu khi tác giả đã đồng ý. Nếu không, trang công khai chỉ hiện số lượng."),
    )
    contact_phone = NFCCharField(_("điện thoại liên hệ (không công khai)"), max_length=30, blank=True)
    contact_note = NFCTextField(
        _("thông tin liên hệ khác (không công khai)"),
        blank=True,
        help_text=_(
            "Địa chỉ, email… Chỉ cán bộ phường và đại diện đơn vị xem được; không bao giờ hiện trên trang web."
        ),
    )
    state = models.CharField(_("tình trạng"), max_length=20, choices=State.choices, default=State.PROPOSED)
    note = NFCTextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["-nominated_on", "-id"]
        verbose_name = _("tác giả, tác phẩm được giới thiệu")
        verbose_name_plural = _("tác giả, tác phẩm được giới thiệu")
        permissions = [("confirm_award", _("Xác nhận tác phẩm đạt giải"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["de-xuat", "dang-xay-dung", "da-gui-du-thi", "dat-giai"]),
                name="nomination_state_valid",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def public_author(self):
        """The author's name as the public may see it: only with consent."""
        return self.author_name if self.name_public else ""


class UnitTally(models.Model):
    """Tổng hợp: all of a unit's approved reports (count, people reached, last date), one row
    per unit that has any, kept by ``tallies.tally_refresh`` with the other tallies.

    The progress page lists every unit with these three figures: reading them with
    the units (a join on the primary key) costs less than summing the unit's
    channel tallies on each render. Counts whatever the unit's ``is_active``, like
    the other tallies.
    """

    unit = models.OneToOneField("campaign.TargetUnit", on_delete=models.CASCADE, primary_key=True, related_name="tally")
    report_count = models.PositiveIntegerField()
    people_total = models.PositiveBigIntegerField()
    last_held_on = models.DateField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(report_count__gt=0), name="unit_tally_not_empty")]

    def __str__(self):
        return f"{self.unit_id}: {self.report_count}"


class UnitChannelTally(models.Model):
    """Tổng hợp: a unit's approved reports through one outreach channel, kept by
    ``tallies.tally_refresh`` whenever reports change, so the public progress page
    reads a few thousand rows at most instead of aggregating every report.

    Counts approved reports whatever the unit's ``is_active``: the page filters
    units the public sees when it reads.
    """

    unit = models.ForeignKey("campaign.TargetUnit", on_delete=models.CASCADE, related_name="channel_tallies")
    channel = models.ForeignKey("campaign.OutreachChannel", on_delete=models.CASCADE, related_name="unit_tallies")
    report_count = models.PositiveIntegerField()
    people_total = models.PositiveBigIntegerField()
    last_held_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "channel"], name="unique_channel_tally"),
            models.CheckConstraint(condition=Q(report_count__gt=0), name="channel_tally_not_empty"),
        ]
        # The page's sums by channel read from the index alone (with the unit, to leave out hidden ones).
        indexes = [models.Index(fields=["channel", "unit", "report_count", "people_total"], name="channel_tally_sums")]

    def __str__(self):
        return f"{self.unit_id} × {self.channel_id}: {self.report_count}"


class UnitItemTally(models.Model):
    """Tổng hợp: a unit's approved reports that carry out one task item (see ``UnitChannelTally``)."""

    unit = models.ForeignKey("campaign.TargetUnit", on_delete=models.CASCADE, related_name="item_tallies")
    item = models.ForeignKey("campaign.TaskItem", on_delete=models.CASCADE, related_name="unit_tallies")
    report_count = models.PositiveIntegerField()
    people_total = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "item"], name="unique_item_tally"),
            models.CheckConstraint(condition=Q(report_count__gt=0), name="item_tally_not_empty"),
        ]
        # The page's sums by item read from the index alone (with the unit, to leave out hidden ones).
        indexes = [models.Index(fields=["item", "unit", "report_count", "people_total"], name="item_tally_sums")]

    def __str__(self):
        return f"{self.unit_id} × {self.item_id}: {self.report_count}"


class UnitMonthTally(models.Model):
    """Tổng hợp: a unit's approved reports held in one month (``month`` is its first day)."""

    unit = models.ForeignKey("campaign.TargetUnit", on_delete=models.CASCADE, related_name="month_tallies")
    month = models.DateField()
    report_count = models.PositiveIntegerField()
    people_total = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="unique_month_tally"),
            models.CheckConstraint(condition=Q(report_count__gt=0), name="month_tally_not_empty"),
        ]
        # The page's sums by month read from the index alone (with the unit, to leave out hidden ones).
        indexes = [models.Index(fields=["month", "unit", "report_count", "people_total"], name="month_tally_sums")]

    def __str__(self):
        return f"{self.unit_id} × {self.month:%Y-%m}: {self.report_count}"
