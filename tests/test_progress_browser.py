"""From a unit's report to the public figures, in a real Chromium."""

import re

import pytest

from progress.models import ActivityReport, ReportPhoto

from .factories import PASSWORD, jpeg_bytes, report_create, representative_create, unit_create, ward_staff_create

pytestmark = pytest.mark.browser


def log_in(page, base, username):
    page.goto(base + "/quan-tri/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/quan-tri/")


def stat(page, name):
    return page.locator(f'[data-stat="{name}"]').inner_text().strip()


class TestReportToPublicPage:
    """A representative files a report with a photo and cannot open another unit's report by URL;
    once ward staff approve it, it appears on the progress page and the unit's page, and the totals change."""

    def test_report_approve_publish(self, live_server, phone, desktop, letter, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        base = live_server.url
        own = unit_create(name="Tổ dân phố số 4")
        other = unit_create(name="Tổ dân phố số 9")
        representative_create(own, username="daidien4")
        ward_staff_create("canbophuong")
        theirs = report_create(unit=other, title="Việc riêng của tổ 9", status=ActivityReport.Status.PENDING)

        desktop.goto(base + "/tien-do/")
        assert stat(desktop, "reports") == "0"
        assert "Chưa có kết quả triển khai nào được duyệt" in desktop.inner_text("main")

        # The representative, on a phone, files a report with a photo.
        log_in(phone, base, "daidien4")
        phone.goto(base + "/quan-tri/progress/activityreport/add/")
        unit_options = phone.locator("#id_unit option").all_inner_texts()
        assert "Tổ dân phố số 4" in unit_options and "Tổ dân phố số 9" not in unit_options
        phone.select_option("#id_unit", label="Tổ dân phố số 4")
        phone.select_option("#id_channel", label="Hệ thống truyền thanh cơ sở")
        phone.locator("input[name=task_items]").first.check()
        phone.fill("#id_title", "Phát thanh giới thiệu Giải thưởng")
        phone.fill("#id_description", "Hai buổi phát thanh trên loa tổ dân phố.")
        phone.fill("#id_people_reached", "1250")
        phone.set_input_files(
            "input[name='photos-0-image']",
            files=[{"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(gps=True)}],
        )
        phone.fill("input[name='photos-0-alt_text']", "Loa phát thanh ở đầu ngõ")
        phone.click("input[name=_save]")
        phone.wait_for_url(re.compile(r".*/quan-tri/progress/activityreport/$"))
        row = phone.locator("#result_list tbody tr", has_text="Phát thanh giới thiệu Giải thưởng")
        assert "Chờ duyệt" in row.inner_text()
        report = ActivityReport.objects.get(title="Phát thanh giới thiệu Giải thưởng")
        assert ReportPhoto.objects.get(report=report).has_renditions

        # Another unit's report is out of reach, by list and by URL.
        assert "Việc riêng của tổ 9" not in phone.inner_text("#result_list")
        for view in ["change", "delete", "history"]:
            response = phone.goto(f"{base}/quan-tri/progress/activityreport/{theirs.pk}/{view}/")
            assert response.status == 404

        desktop.goto(base + "/tien-do/")
        assert stat(desktop, "reports") == "0"  # not public before approval

        # Ward staff approve it from the list.
        log_in(desktop, base, "canbophuong")
        desktop.goto(base + "/quan-tri/progress/activityreport/?status__exact=cho-duyet")
        desktop.locator("#result_list tbody tr", has_text="Phát thanh giới thiệu Giải thưởng").locator(
            "input.action-select"
        ).check()
        desktop.select_option("select[name=action]", "approve_selected")
        desktop.click("button[name=index]")
        assert "Đã duyệt 1 kết quả" in desktop.inner_text(".messagelist")

        # The public figures change.
        desktop.goto(base + "/tien-do/")
        assert stat(desktop, "reports") == "1"
        assert stat(desktop, "people") == "1.250"
        assert stat(desktop, "units") == "1 / 2"
        channel_row = desktop.locator("#theo-hinh-thuc tbody tr", has_text="Hệ thống truyền thanh cơ sở")
        assert channel_row.locator("td").all_inner_texts() == ["1", "1.250"]

        # The unit's figures are on its group's page, linked from /tien-do/.
        desktop.click(f"#tung-don-vi >> text={own.group.name}")
        desktop.wait_for_url(f"{base}/tien-do/nhom/{own.group.slug}/")
        unit_row = desktop.locator("tbody tr", has_text="Tổ dân phố số 4")
        assert unit_row.locator("td").all_inner_texts()[:2] == ["1", "1.250"]
        desktop.click("text=Tổ dân phố số 4")
        desktop.wait_for_url(f"{base}/tien-do/don-vi/{own.slug}/")
        assert "Phát thanh giới thiệu Giải thưởng" in desktop.inner_text("main")
        assert "Việc riêng của tổ 9" not in desktop.inner_text("main")
        photo = desktop.get_by_alt_text("Loa phát thanh ở đầu ngõ")
        photo.scroll_into_view_if_needed()
        desktop.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())

        # The unit's own page in the unit directory shows it too.
        desktop.goto(f"{base}/don-vi/{own.slug}/")
        assert "Phát thanh giới thiệu Giải thưởng" in desktop.inner_text("main")
        assert "Việc riêng của tổ 9" not in desktop.inner_text("main")

        # Readable on a phone without sideways scrolling, and no table squeezes its labels to a letter a line.
        phone.goto(base + "/tien-do/")
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        label_widths = phone.eval_on_selector_all("tbody th", "cells => cells.map(cell => cell.offsetWidth)")
        assert len(label_widths) > 10 and min(label_widths) >= 100
        for path in (f"/tien-do/nhom/{own.group.slug}/", f"/tien-do/don-vi/{own.slug}/"):
            phone.goto(base + path)
            assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
