"""Export of reports and nominations for the ward's summary report (báo cáo tổng hợp).

CSV is written in UTF-8 with a byte order mark, which is how Excel recognises
UTF-8 and shows Vietnamese correctly; XLSX is written with openpyxl.

Who gets what: the rows are those the exporter may reach (``permissions.scope``).
Nominees' contact details are personal data given to the unit and the ward for
one purpose; they go into a file only when the exporter is ward staff
(``permissions.sees_all_units``), never for a unit representative, whose file
may be passed around the unit.

Text cells that a spreadsheet would read as a formula (starting with =, +, -, @)
are written as text: the values come from many hands.
"""

import csv
import datetime
import io
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.http import HttpResponse
from django.utils.translation import gettext as _

from .models import ActivityReport, Nomination

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_columns():
    return [
        _("Mã"),
        _("Nhóm đơn vị"),
        _("Đơn vị"),
        _("Ngày thực hiện"),
        _("Hình thức tuyên truyền"),
        _("Nhiệm vụ thực hiện"),
        _("Tên hoạt động"),
        _("Nội dung"),
        _("Số người được tuyên truyền"),
        _("Số ảnh"),
        _("Trạng thái"),
        _("Người báo cáo"),
        _("Người duyệt"),
    ]


def report_rows(queryset):
    """One row per report, from plain values: a few queries and no model instances, for 10,000 rows."""
    user_field = f"__{get_user_model().USERNAME_FIELD}"
    status_labels = {value: str(label) for value, label in ActivityReport.Status.choices}
    items = defaultdict(list)
    through = ActivityReport.task_items.through.objects.filter(activityreport_id__in=queryset.values("id"))
    for report_id, section, order in through.order_by("taskitem__section__number", "taskitem__order").values_list(
        "activityreport_id", "taskitem__section__number", "taskitem__order"
    ):
        items[report_id].append(f"{section}.{order}")
    rows = (
        queryset.annotate(photo_total=Count("photos"))
        .order_by("held_on", "id")
        .values_list(
            "id",
            "unit__group__name",
            "unit__name",
            "held_on",
            "channel__name",
            "title",
            "description",
            "people_reached",
            "photo_total",
            "status",
            "created_by" + user_field,
            "reviewed_by" + user_field,
        )
    )
    for pk, group, unit, held_on, channel, title, text, people, photos, status, author, reviewer in rows:
        yield [
            pk,
            group,
            unit,
            held_on,
            channel,
            "; ".join(items[pk]),
            title,
            text,
            people,
            photos,
            status_labels[status],
            author or "",
            reviewer or "",
        ]


def nomination_columns(*, include_contacts):
    columns = [
        _("Mã"),
        _("Nhóm đơn vị"),
        _("Đơn vị"),
        _("Ngày giới thiệu"),
        _("Tên tác phẩm (dự kiến)"),
        _("Thể loại"),
        _("Tác giả hoặc nhóm tác giả"),
        _("Đồng ý công khai tên"),
        _("Tình trạng"),
        _("Ghi chú"),
    ]
    if include_contacts:
        columns += [_("Điện thoại liên hệ"), _("Thông tin liên hệ khác")]
    return columns


def nomination_rows(queryset, *, include_contacts):
    state_labels = {value: str(label) for value, label in Nomination.State.choices}
    yes, no = _("Có"), _("Không")
    fields = [
        "id",
        "unit__group__name",
        "unit__name",
        "nominated_on",
        "title",
        "category__name",
        "author_name",
        "name_public",
        "state",
        "note",
    ]
    if include_contacts:
        # Contact details are selected only when they are to be written.
        fields += ["contact_phone", "contact_note"]
    for values in queryset.order_by("nominated_on", "id").values_list(*fields):
        row = list(values)
        row[5] = row[5] or ""
        row[7] = yes if row[7] else no
        row[8] = state_labels[row[8]]
        yield row


def table_for(kind, queryset, *, include_contacts):
    """(sheet title, columns, rows) for ``kind`` "reports" or "nominations"."""
    if kind == "reports":
        return _("Kết quả triển khai"), report_columns(), report_rows(queryset)
    return (
        _("Giới thiệu tác giả"),
        nomination_columns(include_contacts=include_contacts),
        nomination_rows(queryset, include_contacts=include_contacts),
    )


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def csv_bytes(columns, rows):
    """UTF-8 with BOM, comma-separated, CRLF line ends, as Excel expects."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(title, columns, rows):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_index, row in enumerate(rows, start=2):
        for column_index, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_index, column=column_index, value=value)
            if isinstance(value, str):
                # openpyxl would store "=…" as a formula; keep every text a text.
                cell.data_type = "s"
            elif isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    for column_cells in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column_cells[:200])
        sheet.column_dimensions[column_cells[0].column_letter].width = min(max(10, width + 2), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(*, kind, fmt, queryset, include_contacts, filename):
    title, columns, rows = table_for(kind, queryset, include_contacts=include_contacts)
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(title, columns, rows), content_type=XLSX_TYPE)
        filename += ".xlsx"
    else:
        response = HttpResponse(csv_bytes(columns, rows), content_type="text/csv; charset=utf-8")
        filename += ".csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
