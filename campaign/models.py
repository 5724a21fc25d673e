"""The domain of the campaign: official letters (văn bản), the bodies that issue
them, the units they address, the tasks they set and the contest they promote.

Every part of an official letter is its own data, so that the public pages,
search and the admin can use each part, and the same models hold the next
directive the ward issues. Text fields store NFC (see ``fields.py``).
"""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from namdong_site.urls_cached import cached_reverse

from .fields import NFCCharField, NFCTextField
from .text import vn_long_date, vn_numeric_date, vn_slugify
from .validators import validate_document_number, validate_original_file

SLUG_HELP = _("Chữ không dấu, nối bằng gạch ngang. Để trống để tự tạo từ tên.")


class SlugFromName:
    """Models whose slug staff may leave empty: ``clean()`` makes it from
    ``slug_source`` with ``vn_slugify`` ("Đồng" -> "dong"), unique within
    ``slug_scope()``. (The admin's own slug script turns "đ" into "dj" and drops
    other Vietnamese letters, so slugs are made on the server instead.)"""

    slug_source = ("name",)

    def slug_scope(self):
        return type(self)._default_manager.all()

    def clean(self):
        super().clean()
        if not self.slug:
            base = vn_slugify(" ".join(str(getattr(self, name) or "") for name in self.slug_source)) or "muc"
            taken = set(
                self.slug_scope().exclude(pk=self.pk).filter(slug__startswith=base).values_list("slug", flat=True)
            )
            slug, number = base, 2
            while slug in taken:
                slug, number = f"{base}-{number}", number + 1
            self.slug = slug


class Bilingual:
    """Models with ``<field>_en`` counterparts: ``localized("name")`` gives the text in
    the reader's language, falling back to Vietnamese (see ``LocalizedText``)."""

    def localized(self, field):
        if get_language() == "en":
            english = getattr(self, f"{field}_en", "")
            if english:
                return LocalizedText(english, "en")
        return LocalizedText(getattr(self, field), "vi")


class LocalizedText(str):
    """A string that knows its language, so templates can mark Vietnamese
    fallback inside an English page with ``lang="vi"``."""

    def __new__(cls, value, lang):
        instance = super().__new__(cls, value or "")
        instance.lang = lang
        return instance


class DocumentType(models.TextChoices):
    """Loại văn bản, with the names used in a document's references."""

    CONG_VAN = "cong-van", _("Công văn")
    KE_HOACH = "ke-hoach", _("Kế hoạch")
    THONG_BAO = "thong-bao", _("Thông báo")
    HUONG_DAN = "huong-dan", _("Hướng dẫn")
    QUYET_DINH = "quyet-dinh", _("Quyết định")
    CHI_THI = "chi-thi", _("Chỉ thị")
    KET_LUAN = "ket-luan", _("Kết luận")
    NGHI_QUYET = "nghi-quyet", _("Nghị quyết")
    NGHI_DINH = "nghi-dinh", _("Nghị định")
    THONG_TU = "thong-tu", _("Thông tư")
    LUAT = "luat", _("Luật")


# The names are written in Vietnamese inside the letter's own text whatever the
# reader's language, so the official wording does not go through translation.
DOCUMENT_TYPE_WORDING = {
    DocumentType.CONG_VAN: "Công văn",
    DocumentType.KE_HOACH: "Kế hoạch",
    DocumentType.THONG_BAO: "Thông báo",
    DocumentType.HUONG_DAN: "Hướng dẫn",
    DocumentType.QUYET_DINH: "Quyết định",
    DocumentType.CHI_THI: "Chỉ thị",
    DocumentType.KET_LUAN: "Kết luận",
    DocumentType.NGHI_QUYET: "Nghị quyết",
    DocumentType.NGHI_DINH: "Nghị định",
    DocumentType.THONG_TU: "Thông tư",
    DocumentType.LUAT: "Luật",
}


def subject_phrase(doc_type, subject):
    """The "về việc …" phrase after a document's number: a công văn's subject is
    introduced by "về việc" (its trích yếu reads "V/v …"); other types by "về"."""
    if not subject:
        return ""
    lead = "về việc" if doc_type == DocumentType.CONG_VAN else "về"
    return f"{lead} {subject}"


class Organization(models.Model):
    """Cơ quan, tổ chức: a body that issues or receives documents, such as the
    Standing Board of the ward's Front committee or the Politburo. A body may sit
    under a parent (the Standing Board under its Front committee), which the
    letterhead of its documents shows."""

    name = NFCCharField(_("tên đầy đủ"), max_length=255, unique=True)
    short_name = NFCCharField(
        _("tên ngắn"),
        max_length=120,
        blank=True,
        help_text=_("Tên dùng trong tiêu đề văn bản, ví dụ “Ban Thường trực”."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    website = models.URLField(_("trang web"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("cơ quan, tổ chức")
        verbose_name_plural = _("cơ quan, tổ chức")

    def __str__(self):
        return self.name


class ReferencedDocument(models.Model):
    """Văn bản được dẫn chiếu: a document that a directive implements or relies
    on (a city letter, a Central Committee letter, a Politburo conclusion), held
    as data: type, number and symbol, date and issuer."""

    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentType.choices)
    number = NFCCharField(
        _("số, ký hiệu"),
        max_length=60,
        validators=[validate_document_number],
        help_text=_("Như ghi trên văn bản, ví dụ 379/MTTW-BTT, 57-KL/TW hoặc chỉ số 783."),
    )
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.ForeignKey(
        Organization, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    subject = NFCTextField(
        _("trích yếu"),
        blank=True,
        help_text=_("Nội dung sau chữ “về việc” (công văn) hoặc “về” (văn bản khác), không có dấu chấm cuối."),
    )
    url = models.URLField(_("đường dẫn tới văn bản"), blank=True)

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("văn bản được dẫn chiếu")
        verbose_name_plural = _("văn bản được dẫn chiếu")
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "number", "issued_on", "issuer"], name="unique_referenced_document"
            )
        ]

    def __str__(self):
        return f"{self.type_wording} số {self.number} ngày {vn_numeric_date(self.issued_on)}"

    @property
    def type_wording(self):
        return DOCUMENT_TYPE_WORDING[self.doc_type]

    @property
    def citation(self):
        """As cited in a letter: "Công văn số 783 ngày 10/6/2026 của … về việc …"."""
        text = f"{self} của {self.issuer.name}"
        phrase = subject_phrase(self.doc_type, self.subject)
        return f"{text} {phrase}" if phrase else text


class Contest(SlugFromName, Bilingual, models.Model):
    """Giải thưởng: the award a directive promotes, such as the 12th National
    Award for External Information. Its phases and categories are entered by
    staff when the organisers announce them; nothing is filled in by guess."""

    name = NFCCharField(_("tên giải thưởng"), max_length=255)
    edition = NFCCharField(_("lần thứ"), max_length=20, blank=True, help_text=_("Số La Mã, ví dụ XII."))
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True, blank=True, help_text=SLUG_HELP)
    website = models.URLField(_("trang web chính thức"))
    description = NFCTextField(_("giới thiệu"), blank=True)
    eligibility = NFCTextField(_("đối tượng tham gia"), blank=True)
    how_to_enter = NFCTextField(_("cách tham gia"), blank=True)
    name_en = NFCCharField(_("tên giải thưởng (tiếng Anh)"), max_length=255, blank=True)
    description_en = NFCTextField(_("giới thiệu (tiếng Anh)"), blank=True)
    eligibility_en = NFCTextField(_("đối tượng tham gia (tiếng Anh)"), blank=True)
    how_to_enter_en = NFCTextField(_("cách tham gia (tiếng Anh)"), blank=True)
    organizers = models.ManyToManyField(
        Organization, verbose_name=_("cơ quan tổ chức"), blank=True, related_name="contests"
    )
    rules_url = models.URLField(_("đường dẫn thể lệ"), blank=True)

    slug_source = ("name", "edition")

    history = HistoricalRecords(verbose_name=_("lịch sử giải thưởng"), verbose_name_plural=_("lịch sử giải thưởng"))

    class Meta:
        ordering = ["name", "edition"]
        verbose_name = _("giải thưởng")
        verbose_name_plural = _("giải thưởng")

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return cached_reverse("campaign:contest")

    @property
    def full_name(self):
        return f"{self.name} lần thứ {self.edition}" if self.edition else self.name

    @property
    def full_name_en(self):
        if not self.name_en:
            return ""
        return f"{self.name_en} ({self.edition})" if self.edition else self.name_en

    def deadline(self, phases=None):
        """The submission deadline, when staff have entered one (uses prefetched phases, or
        ``phases`` when the caller read them)."""
        dates = [phase.ends_on for phase in (self.phases.all() if phases is None else phases)
                 if phase.is_deadline and phase.ends_on]  # fmt: skip
        return min(dates) if dates else None

    def current_phase(self, today, phases=None):
        """The phase under way on ``today``, if staff have entered its dates."""
        for phase in self.phases.all() if phases is None else phases:
            if phase.starts_on and phase.starts_on <= today and (phase.ends_on is None or today <= phase.ends_on):
                return phase
        return None


class ContestPhase(Bilingual, models.Model):
    """Giai đoạn của giải thưởng: launch, submission window, judging, ceremony.
    Dates stay empty until staff know them."""

    contest = models.ForeignKey(Contest, verbose_name=_("giải thưởng"), on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    name = NFCCharField(_("tên giai đoạn"), max_length=200)
    name_en = NFCCharField(_("tên giai đoạn (tiếng Anh)"), max_length=200, blank=True)
    starts_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    is_deadline = models.BooleanField(
        _("là hạn gửi tác phẩm"), default=False, help_text=_("Ngày kết thúc là hạn chót gửi tác phẩm dự thi.")
    )
    note = NFCTextField(_("ghi chú"), blank=True)

    history = HistoricalRecords(verbose_name=_("lịch sử giai đoạn"), verbose_name_plural=_("lịch sử giai đoạn"))

    class Meta:
        ordering = ["contest", "order", "starts_on"]
        verbose_name = _("giai đoạn")
        verbose_name_plural = _("các giai đoạn")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="phase_ends_after_start",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.")})


class ContestCategory(Bilingual, models.Model):
    """Thể loại dự thi, as announced by the organisers."""

    contest = models.ForeignKey(
        Contest, verbose_name=_("giải thưởng"), on_delete=models.CASCADE, related_name="categories"
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    name = NFCCharField(_("thể loại"), max_length=200)
    description = NFCTextField(_("mô tả"), blank=True)
    name_en = NFCCharField(_("thể loại (tiếng Anh)"), max_length=200, blank=True)

    history = HistoricalRecords(
        verbose_name=_("lịch sử thể loại dự thi"), verbose_name_plural=_("lịch sử thể loại dự thi")
    )

    class Meta:
        ordering = ["contest", "order", "name"]
        verbose_name = _("thể loại dự thi")
        verbose_name_plural = _("các thể loại dự thi")

    def __str__(self):
        return self.name


class UnitGroup(SlugFromName, Bilingual, models.Model):
    """Nhóm đơn vị: one of the groups a directive is addressed to, such as the
    Front work committees of the residential groups or the member organisations."""

    class Kind(models.TextChoices):
        RESIDENTIAL = "to-dan-pho", _("Ban Công tác Mặt trận tổ dân phố")
        MEMBER = "to-chuc-thanh-vien", _("Tổ chức thành viên")
        ASSOCIATION = "chi-hoi-doan-the", _("Chi hội, đoàn thể")
        OTHER = "khac", _("Khác")

    name = NFCCharField(_("tên nhóm"), max_length=255, unique=True)
    name_en = NFCCharField(_("tên nhóm (tiếng Anh)"), max_length=255, blank=True)
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True, blank=True, help_text=SLUG_HELP)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    description = NFCTextField(_("giới thiệu"), blank=True)
    description_en = NFCTextField(_("giới thiệu (tiếng Anh)"), blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("nhóm đơn vị")
        verbose_name_plural = _("nhóm đơn vị")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("campaign:unit-group", kwargs={"slug": self.slug})


class TargetUnitQuerySet(models.QuerySet):
    def published(self):
        """Units the public sees: the active ones."""
        return self.filter(is_active=True)


class TargetUnit(SlugFromName, models.Model):
    """Đơn vị: a concrete unit under an addressee group, such as one residential
    group's Front work committee, one member organisation or one association.
    Staff add them; contact details are what staff choose to publish."""

    group = models.ForeignKey(UnitGroup, verbose_name=_("nhóm"), on_delete=models.PROTECT, related_name="units")
    name = NFCCharField(_("tên đơn vị"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True, blank=True, help_text=SLUG_HELP)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    description = NFCTextField(_("giới thiệu"), blank=True)
    contact_name = NFCCharField(_("người liên hệ"), max_length=120, blank=True)
    contact_role = NFCCharField(_("chức vụ người liên hệ"), max_length=120, blank=True)
    contact_phone = NFCCharField(_("điện thoại liên hệ"), max_length=30, blank=True)
    meeting_place = NFCCharField(_("địa điểm sinh hoạt"), max_length=255, blank=True)
    is_active = models.BooleanField(_("đang hiển thị"), default=True)

    objects = TargetUnitQuerySet.as_manager()

    class Meta:
        ordering = ["group__order", "order", "name"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        constraints = [models.UniqueConstraint(fields=["group", "name"], name="unique_unit_name_in_group")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("campaign:unit", kwargs={"slug": self.slug})


class OutreachChannel(SlugFromName, Bilingual, models.Model):
    """Hình thức tuyên truyền: a channel the letter names for spreading the word
    (hội nghị, sinh hoạt chi hội, hệ thống truyền thanh cơ sở, …)."""

    name = NFCCharField(_("hình thức"), max_length=120, unique=True)
    name_en = NFCCharField(_("hình thức (tiếng Anh)"), max_length=120, blank=True)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True, blank=True, help_text=SLUG_HELP)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    description = NFCTextField(_("mô tả"), blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("hình thức tuyên truyền")
        verbose_name_plural = _("hình thức tuyên truyền")

    def __str__(self):
        return self.name


def directive_published_q(prefix="", now=None):
    """``published()`` as a condition on a directive reached through ``prefix`` (say
    ``"section__directive__"``): a join, where ``__in=Directive.objects.published()`` is a
    subquery the ORM builds again for every query that holds it. ``now`` may be a
    ``namdong_site.prepared.Param``."""
    return models.Q(
        **{f"{prefix}status": Directive.Status.PUBLISHED, f"{prefix}published_at__lte": now or timezone.now()}
    )


class DirectiveQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public sees: published, with a publication time already past (``now``: a
        time or a ``Param``)."""
        return self.filter(directive_published_q(now=now))


def original_file_path(instance, filename):
    # A random name: the uploaded name may carry personal data or odd characters.
    suffix = PurePath(filename).suffix.lower()
    return f"van-ban/{uuid.uuid4().hex}{suffix}"


class Directive(SlugFromName, Bilingual, models.Model):
    """Văn bản chỉ đạo: an official letter the ward's Front committee issues,
    such as Công văn 31/MTTQ-BTT. Its legal bases, addressees, task sections and
    distribution list are rows of their own, in the order the letter gives them."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã đăng")

    doc_type = models.CharField(
        _("loại văn bản"), max_length=20, choices=DocumentType.choices, default=DocumentType.CONG_VAN
    )
    number = NFCCharField(
        _("số, ký hiệu"),
        max_length=60,
        validators=[validate_document_number],
        help_text=_("Ví dụ 31/MTTQ-BTT."),
    )
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True, blank=True, help_text=SLUG_HELP)
    issuer = models.ForeignKey(
        Organization, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="directives"
    )
    place = NFCCharField(_("địa danh"), max_length=100, help_text=_("Ví dụ “Nam Đồng”."))
    issued_on = models.DateField(_("ngày ban hành"))
    subject = NFCTextField(_("trích yếu"), help_text=_("Nội dung sau “V/v”, không có dấu chấm cuối."))
    summary = NFCTextField(
        _("tóm tắt cho người dân"),
        blank=True,
        help_text=_("Một hai câu dễ hiểu, dùng trên trang chủ và khi chia sẻ liên kết."),
    )
    subject_en = NFCTextField(_("trích yếu (tiếng Anh)"), blank=True)
    summary_en = NFCTextField(_("tóm tắt (tiếng Anh)"), blank=True)
    opening_text = NFCTextField(
        _("câu dẫn"),
        blank=True,
        help_text=_(
            "Câu sau các căn cứ, ví dụ “Ban Thường trực … đề nghị các đơn vị triển khai thực hiện "
            "một số nội dung sau:”."
        ),
    )
    purpose_text = NFCTextField(_("đoạn mục đích, ý nghĩa"), blank=True)
    request_text = NFCTextField(_("đoạn đề nghị"), blank=True)
    signing_authority = NFCCharField(
        _("thẩm quyền ký"), max_length=120, blank=True, help_text=_("Ví dụ “TM. Ban Thường trực”.")
    )
    signer_title = NFCCharField(_("chức vụ người ký"), max_length=120, help_text=_("Ví dụ “Chủ tịch”."))
    signer_name = NFCCharField(_("người ký"), max_length=120)
    contest = models.ForeignKey(
        Contest,
        verbose_name=_("giải thưởng liên quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directives",
    )
    original_file = models.FileField(
        _("bản gốc (PDF hoặc ảnh chụp)"),
        upload_to=original_file_path,
        blank=True,
        validators=[validate_original_file],
        help_text=_("Bản đã ký, định dạng PDF, JPEG hoặc PNG."),
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("thời điểm đăng"), null=True, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)

    history = HistoricalRecords(
        verbose_name=_("lịch sử văn bản chỉ đạo"), verbose_name_plural=_("lịch sử văn bản chỉ đạo")
    )

    objects = DirectiveQuerySet.as_manager()
    slug_source = ("slug_number",)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number", "issued_on"], name="unique_directive_number"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_directive_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.type_wording} số {self.number}"

    def get_absolute_url(self):
        return cached_reverse("campaign:directive", kwargs={"slug": self.slug})

    @staticmethod
    def slug_for_number(number):
        return vn_slugify(number.replace("/", "-"))

    @property
    def slug_number(self):
        return (self.number or "").replace("/", "-")

    def clean(self):
        super().clean()
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()

    @property
    def type_wording(self):
        return DOCUMENT_TYPE_WORDING[self.doc_type]

    @property
    def place_and_date(self):
        """ "Nam Đồng, ngày 18 tháng 6 năm 2026"."""
        return f"{self.place}, {vn_long_date(self.issued_on)}"

    @property
    def subject_line(self):
        """The trích yếu as printed under the number: "V/v …" for a công văn."""
        if self.doc_type == DocumentType.CONG_VAN:
            return f"V/v {self.subject}"
        return self.subject


class LegalBasis(models.Model):
    """Căn cứ ban hành: one cited document, with the word that introduces it
    ("Thực hiện", "Căn cứ", "Nhằm góp phần thực hiện"). Consecutive rows marked
    "nối với dòng trên" share a paragraph, joined by "và"."""

    class Relation(models.TextChoices):
        IMPLEMENTS = "thuc-hien", _("Thực hiện")
        BASED_ON = "can-cu", _("Căn cứ")
        CONTRIBUTES = "nham-gop-phan", _("Nhằm góp phần thực hiện")

    directive = models.ForeignKey(
        Directive, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="legal_bases"
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    relation = models.CharField(_("quan hệ"), max_length=20, choices=Relation.choices)
    relation_wording = NFCCharField(
        _("cách viết trong văn bản"),
        max_length=120,
        blank=True,
        help_text=_("Để trống nếu văn bản viết đúng như “quan hệ”; ví dụ “Nhằm góp phần thực hiện hiệu quả”."),
    )
    document = models.ForeignKey(
        ReferencedDocument, verbose_name=_("văn bản dẫn chiếu"), on_delete=models.PROTECT, related_name="cited_by"
    )
    joins_previous = models.BooleanField(
        _("nối với dòng trên"),
        default=False,
        help_text=_("Đánh dấu khi văn bản này được nêu cùng đoạn với dòng trên, nối bằng “và”."),
    )

    history = HistoricalRecords(verbose_name=_("lịch sử căn cứ"), verbose_name_plural=_("lịch sử căn cứ"))

    class Meta:
        ordering = ["directive", "order", "id"]
        verbose_name = _("căn cứ")
        verbose_name_plural = _("căn cứ, văn bản thực hiện")

    def __str__(self):
        return f"{self.wording} {self.document}"

    @property
    def wording(self):
        return self.relation_wording or DIRECTIVE_RELATION_WORDING[self.relation]


DIRECTIVE_RELATION_WORDING = {
    LegalBasis.Relation.IMPLEMENTS: "Thực hiện",
    LegalBasis.Relation.BASED_ON: "Căn cứ",
    LegalBasis.Relation.CONTRIBUTES: "Nhằm góp phần thực hiện",
}


class Addressee(models.Model):
    """Kính gửi: one line of the addressee list, and the unit group behind it."""

    directive = models.ForeignKey(
        Directive, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="addressees"
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    name = NFCCharField(_("nơi gửi"), max_length=255, help_text=_("Như ghi trong văn bản, không có dấu câu cuối."))
    group = models.ForeignKey(
        UnitGroup,
        verbose_name=_("nhóm đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="addressed_by",
    )

    history = HistoricalRecords(verbose_name=_("lịch sử kính gửi"), verbose_name_plural=_("lịch sử kính gửi"))

    class Meta:
        ordering = ["directive", "order", "id"]
        verbose_name = _("nơi gửi (kính gửi)")
        verbose_name_plural = _("kính gửi")

    def __str__(self):
        return self.name


class TaskSection(SlugFromName, Bilingual, models.Model):
    """Nội dung: a numbered section of the tasks a directive sets ("1. Đẩy mạnh
    công tác tuyên truyền"), with its items in order."""

    directive = models.ForeignKey(
        Directive, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="sections"
    )
    number = models.PositiveSmallIntegerField(_("số mục"))
    title = NFCCharField(_("tiêu đề"), max_length=255)
    title_en = NFCCharField(_("tiêu đề (tiếng Anh)"), max_length=255, blank=True)
    title_punctuation = models.CharField(
        _("dấu sau tiêu đề"),
        max_length=1,
        blank=True,
        choices=[(":", _("dấu hai chấm (:)")), (".", _("dấu chấm (.)"))],
        help_text=_("Giữ đúng như văn bản gốc."),
    )
    slug = models.SlugField(_("đường dẫn"), max_length=100, blank=True, help_text=SLUG_HELP)
    # How many items the section has, for the home page (no GROUP BY per render). Kept on every
    # write of an item or a section by campaign.letter.section_item_counts_refresh (signals, see
    # apps.py); tests compare it with a fresh count.
    item_count = models.PositiveIntegerField(_("số việc"), default=0, editable=False)

    history = HistoricalRecords(
        verbose_name=_("lịch sử mục nội dung"),
        verbose_name_plural=_("lịch sử mục nội dung"),
        excluded_fields=["item_count"],
    )

    slug_source = ("title",)

    class Meta:
        ordering = ["directive", "number"]
        verbose_name = _("mục nội dung")
        verbose_name_plural = _("nội dung, nhiệm vụ")
        constraints = [
            models.UniqueConstraint(fields=["directive", "number"], name="unique_section_number"),
            models.UniqueConstraint(fields=["directive", "slug"], name="unique_section_slug"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return cached_reverse("campaign:tasks") + f"#muc-{self.number}"

    def slug_scope(self):
        return TaskSection.objects.filter(directive_id=self.directive_id)


class TaskItem(Bilingual, models.Model):
    """Nhiệm vụ: one bullet item of a task section, with the outreach channels
    it names."""

    section = models.ForeignKey(TaskSection, verbose_name=_("mục"), on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    text = NFCTextField(_("nội dung"))
    text_en = NFCTextField(_("nội dung (tiếng Anh)"), blank=True)
    # ``text`` as the letter shows it (``urlize``: links made clickable, the rest escaped), worked
    # out on every save by ``campaign.letter.task_item_text_html`` (a ``pre_save`` receiver, so
    # ``loaddata`` and restores keep it too): the letter page no longer runs ``urlize`` over every
    # item on each render. Bulk writes send no signal; none writes this model in bulk.
    text_html = models.TextField(editable=False, blank=True, default="")
    channels = models.ManyToManyField(
        OutreachChannel, verbose_name=_("hình thức tuyên truyền"), blank=True, related_name="task_items"
    )

    history = HistoricalRecords(
        verbose_name=_("lịch sử nhiệm vụ"), verbose_name_plural=_("lịch sử nhiệm vụ"), excluded_fields=["text_html"]
    )

    class Meta:
        ordering = ["section", "order", "id"]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("các nhiệm vụ")

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    def save(self, *args, **kwargs):
        # text_html follows text (see task_item_pre_save): a save of listed fields writes it too.
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "text" in update_fields:
            kwargs["update_fields"] = {*update_fields, "text_html"}
        super().save(*args, **kwargs)

    @property
    def letter_html(self):
        """``text`` as the letter's HTML (what ``{{ text|urlize }}`` gives), stored on save."""
        return mark_safe(self.text_html)


class Recipient(models.Model):
    """Nơi nhận: one line of the distribution list, in order ("Lưu: VT" last)."""

    directive = models.ForeignKey(
        Directive, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="recipients"
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    name = NFCCharField(_("nơi nhận"), max_length=255, help_text=_("Không có dấu câu cuối."))

    history = HistoricalRecords(verbose_name=_("lịch sử nơi nhận"), verbose_name_plural=_("lịch sử nơi nhận"))

    class Meta:
        ordering = ["directive", "order", "id"]
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")

    def __str__(self):
        return self.name
