"""The admin of events: ward staff manage every event and publish them; a unit
representative enters and changes only their own units' events, which then
wait for the ward's approval.

A representative reaches no other unit's event and no ward-wide event by any
admin URL (404 on change, delete and history; another unit's id in a POST is
not a valid choice). The rules are those of progress (``progress.admin.UnitScopedAdmin``
and ``progress.permissions``); publishing needs ``events.publish_event``.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from progress.admin import TaskItemsChecklist, UnitScopedAdmin

from . import permissions
from .models import Event
from .services import event_review, event_submit


class EventAdminForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Event.Status.NEEDS_MORE and not cleaned.get("review_note"):
            self.add_error("review_note", _("Hãy ghi rõ đơn vị cần bổ sung gì khi trả lại sự kiện."))
        return cleaned


@admin.register(Event)
class EventAdmin(TaskItemsChecklist, UnitScopedAdmin):
    form = EventAdminForm
    list_display = ["title", "status_label", "start_display", "place", "unit", "channel"]
    list_filter = ["status", ("unit", admin.RelatedOnlyFieldListFilter), "channel"]
    list_select_related = ["unit", "unit__group", "channel"]
    search_fields = ["title", "place", "description", "unit__name"]
    date_hierarchy = "start"
    actions = ["publish_selected"]
    fieldsets = [
        (None, {"fields": ["title", "start", "end", "place", "unit", "channel", "task_items", "description", "slug"]}),
        (_("Duyệt và đăng"), {"fields": ["status", "review_note", "created_by", "reviewed_by", "reviewed_at"]}),
    ]

    @admin.display(description=_("trạng thái"), ordering="status")
    def status_label(self, obj):
        return format_html('<span class="nd-status nd-status--{}">{}</span>', obj.status, obj.get_status_display())

    @admin.display(description=_("bắt đầu"), ordering="start")
    def start_display(self, obj):
        return f"{obj.start_local:%d/%m/%Y %H:%M}"

    def get_readonly_fields(self, request, obj=None):
        fields = ["created_by", "reviewed_by", "reviewed_at"]
        if not permissions.may_publish(request.user, obj):
            fields += ["status", "review_note"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "unit" in form.base_fields and not permissions.sees_all_units(request.user):
            # Only the ward holds ward-wide events: a representative picks one of their units.
            form.base_fields["unit"].required = True
            form.base_fields["unit"].empty_label = None
        return form

    def has_publish_permission(self, request):
        return permissions.may_publish(request.user)

    def save_model(self, request, obj, form, change):
        publisher = permissions.may_publish(request.user, obj)
        if not change:
            obj.created_by = request.user
        if not publisher:
            # The state is read-only here, so ``obj.status`` is still the stored one.
            obj._was_published = obj.status == Event.Status.PUBLISHED
            if not change:
                obj.status = Event.Status.PENDING
            super().save_model(request, obj, form, change)
            return
        new_status, note = obj.status, obj.review_note
        # Save the content under the old state; the review service moves the state.
        obj.status = form.initial.get("status", Event.Status.DRAFT) if change else Event.Status.DRAFT
        super().save_model(request, obj, form, change)
        if new_status != obj.status or {"status", "review_note"} & set(form.changed_data):
            event_review(event=obj, by=request.user, status=new_status, note=note)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event = form.instance
        if change and form.has_changed() and not permissions.may_publish(request.user, event):
            event_submit(event=event, by=request.user)
            if getattr(event, "_was_published", False):
                messages.info(request, gettext("Sự kiện đã sửa được gửi lại để phường duyệt."))

    @admin.action(description=_("Đăng các sự kiện đã chọn"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        published = 0
        for event in queryset.exclude(status=Event.Status.PUBLISHED):
            if permissions.may_publish(request.user, event):
                event_review(event=event, by=request.user, status=Event.Status.PUBLISHED)
                published += 1
        self.message_user(request, gettext("Đã đăng %(n)d sự kiện.") % {"n": published}, messages.SUCCESS)
