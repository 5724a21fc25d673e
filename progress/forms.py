"""Admin forms of campaign progress: the report form with its review rule, and
the export form whose unit choices are limited to the exporter's units."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActivityReport
from .permissions import sees_all_units, units_for


class ActivityReportAdminForm(forms.ModelForm):
    class Meta:
        model = ActivityReport
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == ActivityReport.Status.NEEDS_MORE and not cleaned.get("review_note"):
            self.add_error("review_note", _("Hãy ghi rõ đơn vị cần bổ sung gì khi trả lại báo cáo."))
        event, unit = cleaned.get("event"), cleaned.get("unit")
        if event is not None and unit is not None and event.unit_id not in (None, unit.pk):
            self.add_error("event", _("Sự kiện này do đơn vị khác tổ chức. Hãy chọn sự kiện của đơn vị đã báo cáo."))
        return cleaned


class ExportForm(forms.Form):
    """What to export: reports or nominations, a date range, one unit or all the exporter's units."""

    KIND_CHOICES = [("reports", _("Kết quả triển khai")), ("nominations", _("Tác giả, tác phẩm được giới thiệu"))]
    FORMAT_CHOICES = [("xlsx", _("Excel (.xlsx)")), ("csv", _("CSV (UTF-8, mở được bằng Excel)"))]

    kind = forms.ChoiceField(label=_("Nội dung"), choices=KIND_CHOICES, widget=forms.RadioSelect, initial="reports")
    fmt = forms.ChoiceField(label=_("Định dạng tệp"), choices=FORMAT_CHOICES, widget=forms.RadioSelect, initial="xlsx")
    date_from = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=None, required=False, empty_label=_("Tất cả đơn vị của tôi")
    )
    approved_only = forms.BooleanField(
        label=_("Chỉ kết quả đã duyệt"),
        required=False,
        initial=True,
        help_text=_("Chỉ áp dụng cho kết quả triển khai."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user).select_related("group")
        if sees_all_units(user):
            self.fields["unit"].empty_label = _("Tất cả đơn vị")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."))
        return cleaned
