"""The admin of campaign progress, where unit representatives report and ward staff review.

A representative (group "Đại diện đơn vị") reaches only their own units'
records: the lists are filtered, an object of another unit is not found (404)
by any admin URL (change, delete, history), the unit choices in forms and in
the export are their units only, and they cannot approve reports. The rules
live in ``permissions.py``; the writes with side effects in ``services.py``.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaign.models import Directive, TaskItem

from . import permissions
from .exports import export_response
from .forms import ActivityReportAdminForm, ExportForm
from .models import ActivityReport, Nomination, ReportPhoto, UnitRepresentative
from .services import (
    activity_report_approve,
    activity_report_review,
    activity_report_submit,
    report_photo_renditions_create,
    unit_representative_assign,
)


class TaskItemsChecklist:
    """Admin mixin: a model's ``task_items`` as a checklist of the published letters' items,
    each with its place in the letter and its whole text (not the 80-character ``__str__``)."""

    class Media:
        css = {"all": ["css/admin.css"]}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "task_items":
            kwargs["queryset"] = (
                TaskItem.objects.filter(section__directive__in=Directive.objects.published())
                .select_related("section")
                .order_by("section__directive__issued_on", "section__number", "order")
            )
            kwargs["widget"] = forms.CheckboxSelectMultiple(attrs={"class": "nd-checkbox-list"})
            field = super().formfield_for_manytomany(db_field, request, **kwargs)
            field.label_from_instance = lambda item: f"{item.section.number}.{item.order}. {item.text}"
            return field
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class UnitScopedAdmin(admin.ModelAdmin):
    """Records with a ``unit``, reachable only by ward staff and the unit's representatives."""

    list_select_related = ["unit", "unit__group"]

    def get_queryset(self, request):
        return permissions.scope(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        # Another unit's record is simply not found: a 404, not Django's redirect
        # to the admin index, and nothing that tells it exists.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(gettext("Không tìm thấy mục này."))
        return obj

    def _reachable(self, request, obj):
        return obj is None or permissions.may_reach(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._reachable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._reachable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._reachable(request, obj)

    def has_add_permission(self, request):
        user = request.user
        return super().has_add_permission(request) and (
            permissions.sees_all_units(user) or bool(permissions.represented_unit_ids(user))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = permissions.units_for(request.user).select_related("group")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        units = permissions.represented_unit_ids(request.user)
        if len(units) == 1 and not permissions.sees_all_units(request.user):
            initial.setdefault("unit", next(iter(units)))
        return initial

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "progress_export_url": reverse("admin:progress_export")}
        return super().changelist_view(request, extra_context)


class ReportPhotoInline(admin.StackedInline):
    model = ReportPhoto
    extra = 1
    max_num = 10
    fields = ["image", "preview", "alt_text", "order"]
    readonly_fields = ["preview"]
    verbose_name = _("ảnh")
    verbose_name_plural = _("ảnh hoạt động (tối đa 10)")

    @admin.display(description=_("xem trước"))
    def preview(self, obj):
        if not obj.pk or not obj.image:
            return "—"
        return format_html('<img src="{}" alt="{}" width="160" loading="lazy">', obj.src, obj.alt_text)


@admin.register(ActivityReport)
class ActivityReportAdmin(TaskItemsChecklist, UnitScopedAdmin):
    form = ActivityReportAdminForm
    # The state first: it is what a representative comes back to the list for.
    list_display = ["title", "status_label", "held_on", "unit", "people_reached", "photo_count", "channel"]
    list_filter = ["status", ("unit", admin.RelatedOnlyFieldListFilter), "channel", "unit__group"]
    list_select_related = ["unit", "unit__group", "channel"]
    search_fields = ["title", "description", "unit__name"]
    date_hierarchy = "held_on"
    inlines = [ReportPhotoInline]
    actions = ["approve_selected"]
    fieldsets = [
        (
            None,
            {"fields": ["unit", "event", "held_on", "channel", "task_items", "title", "description", "people_reached"]},
        ),
        (
            _("Duyệt"),
            {"fields": ["status", "review_note", "created_by", "reviewed_by", "reviewed_at"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(photo_total=Count("photos"))

    @admin.display(description=_("trạng thái"), ordering="status")
    def status_label(self, obj):
        return format_html('<span class="nd-status nd-status--{}">{}</span>', obj.status, obj.get_status_display())

    @admin.display(description=_("số ảnh"), ordering="photo_total")
    def photo_count(self, obj):
        return obj.photo_total

    def get_fieldsets(self, request, obj=None):
        # A new report has no review yet: the review block would be only dashes.
        return self.fieldsets if obj is not None else self.fieldsets[:1]

    def get_readonly_fields(self, request, obj=None):
        fields = ["created_by", "reviewed_by", "reviewed_at"]
        if obj is None or not permissions.may_review(request.user, obj):
            fields += ["status", "review_note"]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "event":
            from events.models import Event

            # The events of the units one reports for, that have begun: a report tells what was done.
            kwargs["queryset"] = (
                permissions.scope(Event.objects.all(), request.user)
                .filter(start__lte=timezone.now())
                .select_related("unit")
                .order_by("-start")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_approve_permission(self, request):
        return permissions.may_review(request.user, None)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.status = ActivityReport.Status.PENDING
        reviewing = change and {"status", "review_note"} & set(form.changed_data)
        if reviewing:
            # Save the content under the old state; the review service moves the state.
            new_status, note = obj.status, obj.review_note
            obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        if reviewing:
            activity_report_review(report=obj, by=request.user, status=new_status, note=note)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is ReportPhoto:
            changed = [photo for photo, fields in formset.changed_objects if "image" in fields]
            for photo in [*formset.new_objects, *changed]:
                report_photo_renditions_create(photo=photo)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        report = form.instance
        edited = form.has_changed() or any(formset.has_changed() for formset in formsets)
        if change and edited and not permissions.may_review(request.user, report):
            activity_report_submit(report=report, by=request.user)
            if form.initial.get("status") == ActivityReport.Status.APPROVED:
                messages.info(request, gettext("Báo cáo đã sửa được gửi lại để phường duyệt."))

    @admin.action(description=_("Duyệt các kết quả đã chọn"), permissions=["approve"])
    def approve_selected(self, request, queryset):
        approved = skipped = 0
        for report in queryset.exclude(status=ActivityReport.Status.APPROVED):
            if permissions.may_review(request.user, report):
                activity_report_approve(report=report, by=request.user)
                approved += 1
            else:
                skipped += 1
        if approved:
            self.message_user(
                request,
                gettext("Đã duyệt %(n)d kết quả.") % {"n": approved},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                gettext("Bỏ qua %(n)d kết quả do chính bạn báo cáo: cần một cán bộ khác duyệt.") % {"n": skipped},
                messages.WARNING,
            )

    def get_urls(self):
        return [
            path("xuat/", self.admin_site.admin_view(self.export_view), name="progress_export"),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The ward's summary export: reports or nominations, by date range and unit."""
        nomination_admin = self.admin_site._registry[Nomination]
        allowed = {
            "reports": self.has_view_permission(request),
            "nominations": nomination_admin.has_view_permission(request),
        }
        if not any(allowed.values()):
            raise PermissionDenied
        form = ExportForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            kind = form.cleaned_data["kind"]
            if not allowed[kind]:
                raise PermissionDenied
            return self._export(request, form.cleaned_data)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Xuất số liệu cho báo cáo tổng hợp"),
            "form": form,
            "opts": self.opts,
            "sees_all_units": permissions.sees_all_units(request.user),
        }
        return TemplateResponse(request, "admin/progress/export.html", context)

    def _export(self, request, data):
        kind = data["kind"]
        if kind == "reports":
            queryset = permissions.scope(ActivityReport.objects.all(), request.user)
            date_field = "held_on"
            if data["approved_only"]:
                queryset = queryset.filter(status=ActivityReport.Status.APPROVED)
        else:
            queryset = permissions.scope(Nomination.objects.all(), request.user)
            date_field = "nominated_on"
        if data["date_from"]:
            queryset = queryset.filter(**{f"{date_field}__gte": data["date_from"]})
        if data["date_to"]:
            queryset = queryset.filter(**{f"{date_field}__lte": data["date_to"]})
        if data["unit"]:
            queryset = queryset.filter(unit=data["unit"])
        stamp = "-".join(
            day.isoformat() for day in (data["date_from"], data["date_to"]) if isinstance(day, datetime.date)
        )
        name = "ket-qua-trien-khai" if kind == "reports" else "gioi-thieu-tac-gia"
        if data["unit"]:
            name += f"-{data['unit'].slug}"
        return export_response(
            kind=kind,
            fmt=data["fmt"],
            queryset=queryset,
            include_contacts=permissions.sees_all_units(request.user),
            filename=f"{name}-{stamp}" if stamp else name,
        )


@admin.register(Nomination)
class NominationAdmin(UnitScopedAdmin):
    list_display = ["title", "state", "author_name", "name_public", "unit", "category", "nominated_on"]
    list_filter = ["state", ("unit", admin.RelatedOnlyFieldListFilter), "category", "name_public", "unit__group"]
    list_select_related = ["unit", "unit__group", "category"]
    search_fields = ["title", "author_name", "unit__name"]
    date_hierarchy = "nominated_on"
    fieldsets = [
        (None, {"fields": ["unit", "nominated_on", "title", "category", "state", "note"]}),
        (_("Tác giả"), {"fields": ["author_name", "name_public"]}),
        (
            _("Liên hệ (không bao giờ công khai)"),
            {"fields": ["contact_phone", "contact_note"]},
        ),
        (_("Ghi nhận"), {"fields": ["created_by"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = ["created_by"]
        awarded = obj is not None and obj.state == Nomination.State.AWARDED
        if awarded and not permissions.may_confirm_award(request.user):
            fields.append("state")
        return fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "state" and not permissions.may_confirm_award(request.user):
            kwargs["choices"] = [choice for choice in Nomination.State.choices if choice[0] != Nomination.State.AWARDED]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(UnitRepresentative)
class UnitRepresentativeAdmin(admin.ModelAdmin):
    """Ward staff tie accounts to units; saving also gives the account admin access
    and the group "Đại diện đơn vị"."""

    list_display = ["user", "user_full_name", "unit", "unit_group", "created_at"]
    list_filter = ["unit__group"]
    list_select_related = ["user", "unit", "unit__group"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    fields = ["user", "unit"]

    @admin.display(description=_("họ tên"))
    def user_full_name(self, obj):
        return obj.user.get_full_name()

    @admin.display(description=_("nhóm đơn vị"), ordering="unit__group__order")
    def unit_group(self, obj):
        return obj.unit.group

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = get_user_model().objects.filter(is_active=True).order_by("username")
            kwargs["help_text"] = _("Tài khoản sẽ được cấp quyền vào trang quản trị và nhóm “Đại diện đơn vị”.")
        if db_field.name == "unit":
            kwargs["queryset"] = db_field.related_model.objects.select_related("group")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        unit_representative_assign(user=obj.user, unit=obj.unit)
