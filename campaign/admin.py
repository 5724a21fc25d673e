"""The Django admin for the campaign: the only place where content is edited.

A directive is edited on one screen: its legal bases, addressees, task sections
(with their items nested inside) and distribution list are inlines, in order.
Directives and contests keep a history of every change (who and when), from
which an earlier version of their own fields can be restored.
"""

import nested_admin
from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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
    ReferencedDocument,
    TargetUnit,
    TaskItem,
    TaskSection,
    UnitGroup,
)

admin.site.site_header = _("Quản trị trang Mặt trận phường Nam Đồng")
admin.site.site_title = _("Quản trị MTTQ Nam Đồng")
admin.site.index_title = _("Nội dung trang")


# Addresses typed without a scheme are taken as https (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "short_name", "parent"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]


@admin.register(ReferencedDocument)
class ReferencedDocumentAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["__str__", "issuer", "subject"]
    list_filter = ["doc_type", "issuer"]
    search_fields = ["number", "subject", "issuer__name"]
    date_hierarchy = "issued_on"
    autocomplete_fields = ["issuer"]


class LegalBasisInline(nested_admin.NestedTabularInline):
    model = LegalBasis
    extra = 0
    sortable_field_name = "order"
    autocomplete_fields = ["document"]
    fields = ["order", "relation", "relation_wording", "document", "joins_previous"]


class AddresseeInline(nested_admin.NestedTabularInline):
    model = Addressee
    extra = 0
    sortable_field_name = "order"
    fields = ["order", "name", "group"]


class TaskItemInline(nested_admin.NestedStackedInline):
    model = TaskItem
    extra = 0
    sortable_field_name = "order"
    fields = ["order", "text", "text_en", "channels"]
    # Short boxes and ticks keep a letter's eight items on a screen ward staff can scroll.
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})},
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
    }


class TaskSectionInline(nested_admin.NestedStackedInline):
    model = TaskSection
    extra = 0
    fields = ["number", "title", "title_punctuation", "slug", "title_en"]
    inlines = [TaskItemInline]


class RecipientInline(nested_admin.NestedTabularInline):
    model = Recipient
    extra = 0
    sortable_field_name = "order"
    fields = ["order", "name"]


@admin.register(Directive)
class DirectiveAdmin(SimpleHistoryAdmin, nested_admin.NestedModelAdmin):
    list_display = ["__str__", "subject", "issued_on", "status", "published_at"]
    list_filter = ["status", "doc_type", "issuer"]
    search_fields = ["number", "subject", "summary", "signer_name"]
    date_hierarchy = "issued_on"
    autocomplete_fields = ["issuer", "contest"]
    inlines = [AddresseeInline, LegalBasisInline, TaskSectionInline, RecipientInline]
    fieldsets = [
        (
            _("Văn bản"),
            {"fields": ["doc_type", "number", "slug", "issuer", "place", "issued_on", "subject", "summary", "contest"]},
        ),
        (_("Nội dung"), {"fields": ["opening_text", "purpose_text", "request_text"]}),
        (_("Ký"), {"fields": ["signing_authority", "signer_title", "signer_name"]}),
        (_("Bản gốc và đăng tải"), {"fields": ["original_file", "status", "published_at"]}),
        (
            _("Tiếng Anh (cho khách nước ngoài, không bắt buộc)"),
            {"fields": ["subject_en", "summary_en"], "classes": ["collapse"]},
        ),
    ]

    def view_on_site(self, obj):
        """ "Xem trên trang" only for a directive the public can see."""
        return obj.get_absolute_url() if Directive.objects.published().filter(pk=obj.pk).exists() else None


class ContestPhaseInline(admin.TabularInline):
    model = ContestPhase
    extra = 1
    fields = ["order", "name", "starts_on", "ends_on", "is_deadline", "note"]


class ContestCategoryInline(admin.TabularInline):
    model = ContestCategory
    extra = 1
    fields = ["order", "name", "description"]


@admin.register(Contest)
class ContestAdmin(SimpleHistoryAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["full_name", "website", "rules_url"]
    search_fields = ["name", "edition", "description"]
    filter_horizontal = ["organizers"]
    inlines = [ContestPhaseInline, ContestCategoryInline]


class TargetUnitInline(admin.TabularInline):
    model = TargetUnit
    extra = 0
    fields = ["order", "name", "slug", "contact_name", "contact_phone", "is_active"]
    show_change_link = True


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    inlines = [TargetUnitInline]


@admin.register(TargetUnit)
class TargetUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "contact_name", "contact_phone", "is_active"]
    list_filter = ["group", "is_active"]
    search_fields = ["name", "description", "contact_name", "meeting_place"]
    list_select_related = ["group"]

    def view_on_site(self, obj):
        """ "Xem trên trang" only for a unit the public can see."""
        return obj.get_absolute_url() if obj.is_active else None


@admin.register(OutreachChannel)
class OutreachChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    search_fields = ["name", "description"]
