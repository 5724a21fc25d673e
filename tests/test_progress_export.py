"""Exports for the ward's summary report open in Excel, hold only the exporter's
units, and carry nominees' contact details only for ward staff."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from progress.models import ActivityReport

from .factories import nomination_create, report_create, representative_create, unit_create, ward_staff_create

URL = "/quan-tri/progress/activityreport/xuat/"


@pytest.fixture
def units(letter):
    return unit_create(name="Tổ dân phố Đông"), unit_create(name="Tổ dân phố Tây")


@pytest.fixture
def data(units):
    east, west = units
    report_create(unit=east, title="Hội nghị tuyên truyền ở tổ Đông", people=40, held_on=datetime.date(2026, 6, 25))
    report_create(unit=east, title="Phát thanh tháng Bảy", people=500, held_on=datetime.date(2026, 7, 10))
    report_create(unit=west, title="Sinh hoạt chi hội tổ Tây", people=25, held_on=datetime.date(2026, 6, 28))
    report_create(unit=east, title="Chờ duyệt ở tổ Đông", status=ActivityReport.Status.PENDING)
    nomination_create(
        unit=east, title='=HYPERLINK("http://x")', author_name="Nguyễn Văn Ảnh", contact_phone="0912 345 678"
    )
    nomination_create(unit=west, title="Bút ký phố biển", author_name="Trần Thị Bút", contact_phone="0987 654 321")


def post(client, **fields):
    data = {"kind": "reports", "fmt": "csv", "date_from": "", "date_to": "", "unit": "", "approved_only": "on"}
    data.update(fields)
    return client.post(URL, data)


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response):
    assert response["Content-Disposition"].endswith('.xlsx"')
    return load_workbook(io.BytesIO(response.content)).active


class TestWardStaffExport:
    """Ward staff export every unit, filtered by date range and unit, as CSV or XLSX."""

    def test_csv_with_bom(self, client, data):
        client.force_login(ward_staff_create())
        rows = read_csv(post(client))
        assert rows[0][:3] == ["Mã", "Nhóm đơn vị", "Đơn vị"]
        titles = [row[6] for row in rows[1:]]
        assert titles == ["Hội nghị tuyên truyền ở tổ Đông", "Sinh hoạt chi hội tổ Tây", "Phát thanh tháng Bảy"]
        assert rows[1][3] == "25/06/2026"

    def test_xlsx_read_back(self, client, data):
        client.force_login(ward_staff_create())
        sheet = read_xlsx(post(client, fmt="xlsx", date_from="2026-06-01", date_to="2026-06-30"))
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][6] == "Tên hoạt động"
        assert [row[6] for row in rows[1:]] == ["Hội nghị tuyên truyền ở tổ Đông", "Sinh hoạt chi hội tổ Tây"]
        assert rows[1][3] == datetime.datetime(2026, 6, 25)
        assert rows[1][8] == 40

    def test_unit_filter_and_pending(self, client, data, units):
        client.force_login(ward_staff_create())
        rows = read_csv(post(client, unit=units[0].pk, approved_only=""))
        assert {row[2] for row in rows[1:]} == {"Tổ dân phố Đông"}
        assert "Chờ duyệt ở tổ Đông" in [row[6] for row in rows[1:]]

    def test_nominations_with_contacts(self, client, data):
        client.force_login(ward_staff_create())
        sheet = read_xlsx(post(client, kind="nominations", fmt="xlsx"))
        rows = list(sheet.iter_rows(values_only=True))
        assert "Điện thoại liên hệ" in rows[0]
        assert {"0912 345 678", "0987 654 321"} <= {value for row in rows for value in row}

    def test_formulas_stay_text(self, client, data):
        client.force_login(ward_staff_create())
        sheet = read_xlsx(post(client, kind="nominations", fmt="xlsx"))
        cell = next(cell for row in sheet.iter_rows() for cell in row if str(cell.value).startswith("=HYPERLINK"))
        assert cell.data_type == "s"
        rows = read_csv(post(client, kind="nominations"))
        assert any(row[4] == '\'=HYPERLINK("http://x")' for row in rows)


class TestRepresentativeExport:
    """A representative exports only their own units, never nominees' contacts, and cannot name another unit."""

    @pytest.fixture
    def rep_client(self, client, units):
        client.force_login(representative_create(units[0]))
        return client

    def test_form_offers_own_units(self, rep_client, units):
        html = rep_client.get(URL).content.decode()
        assert "Tổ dân phố Đông" in html and "Tổ dân phố Tây" not in html

    def test_only_own_rows(self, rep_client, data):
        rows = read_csv(post(rep_client, approved_only=""))
        assert {row[2] for row in rows[1:]} == {"Tổ dân phố Đông"}

    def test_other_unit_refused(self, rep_client, data, units):
        response = post(rep_client, unit=units[1].pk)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert "Sinh hoạt chi hội tổ Tây" not in response.content.decode()

    def test_no_contacts(self, rep_client, data):
        for fmt in ["csv", "xlsx"]:
            response = post(rep_client, kind="nominations", fmt=fmt)
            body = (
                response.content.decode("utf-8-sig")
                if fmt == "csv"
                else str(list(read_xlsx(response).iter_rows(values_only=True)))
            )
            assert "Nguyễn Văn Ảnh" in body
            assert "Trần Thị Bút" not in body
            assert "0912 345 678" not in body and "Điện thoại" not in body


class TestExportRefused:
    """Visitors are sent to the login page; staff without progress permissions are refused."""

    def test_anonymous(self, client, data):
        response = post(client)
        assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]

    def test_staff_without_permission(self, client, data, django_user_model):
        client.force_login(django_user_model.objects.create_user("nv", password="x-mat-khau-dai", is_staff=True))
        assert client.get(URL).status_code == 403
        assert post(client).status_code == 403

    def test_bad_dates_get_a_message(self, client, data):
        client.force_login(ward_staff_create())
        response = post(client, date_from="2026-07-01", date_to="2026-06-01")
        assert response.status_code == 200
        assert "Ngày kết thúc phải sau" in response.content.decode()
