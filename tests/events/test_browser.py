"""A resident on a 390 px phone finds an event from the home page, reads it without
sideways scrolling, and downloads its .ics, which parses as a calendar at 19:30 Nam Đồng time."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from events.models import WARD_TZ
from tests.factories import event_create, unit_create

pytestmark = pytest.mark.browser


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def in_days(days, hour, minute):
    day = timezone.localtime(timezone.now(), WARD_TZ).date() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=WARD_TZ)


class TestEventOnPhone:
    """Home → event page → .ics download, at 390 px, with no console errors (CSP included)."""

    def test_find_read_download(self, live_server, phone, letter):
        unit = unit_create(name="Tổ dân phố Đồng Tâm")
        event = event_create(
            title="Hội nghị giới thiệu Giải thưởng toàn quốc về thông tin đối ngoại lần thứ XII",
            start=in_days(2, 19, 30),
            end=in_days(2, 21, 0),
            # A long unbroken run, as pasted from a map link, must not push the page sideways.
            place="Nhà văn hóa tổ dân phố Đồng Tâm, https://maps.example.invalid/" + "x" * 80,
            unit=unit,
            description="Mời bà con tới dự.\nMang theo sổ ghi chép.",
        )
        errors = []
        phone.on("console", lambda message: message.type == "error" and errors.append(message.text))

        phone.goto(live_server.url + "/")
        assert phone.get_by_role("heading", name="Sự kiện sắp tới").is_visible()
        phone.get_by_role("link", name=event.title).click()
        phone.wait_for_url(f"**/su-kien/{event.slug}/")
        assert no_horizontal_scroll(phone)
        assert phone.locator("h1").inner_text() == event.title
        facts = phone.locator(".nd-event__facts").inner_text()
        assert "19:30–21:00" in facts and "giờ Việt Nam, UTC+7" in facts and "Tổ dân phố Đồng Tâm" in facts

        with phone.expect_download() as download_info:
            phone.get_by_role("link", name="Thêm vào lịch điện thoại (.ics)").click()
        download = download_info.value
        assert download.suggested_filename == f"{event.slug}.ics"
        with open(download.path(), "rb") as handle:
            calendar = Calendar.from_ical(handle.read())
        (vevent,) = calendar.walk("VEVENT")
        start = vevent.decoded("DTSTART")
        assert (str(start.tzinfo), start.hour, start.minute) == ("Asia/Ho_Chi_Minh", 19, 30)
        assert str(vevent["SUMMARY"]) == event.title
        assert errors == []

    @pytest.mark.parametrize("path", ["/su-kien/", "/en/su-kien/", "/"])
    def test_lists_without_sideways_scroll(self, live_server, phone, letter, path):
        unit = unit_create(name="Chi hội Cựu chiến binh khu dân cư số 7 phường Nam Đồng")
        for number in range(3):
            event_create(title=f"Sinh hoạt chi hội lần {number}", start=in_days(number + 1, 8, 0), unit=unit)
        event_create(title="Hội nghị đã họp", start=in_days(-5, 8, 0), unit=unit)
        phone.goto(live_server.url + path)
        assert no_horizontal_scroll(phone), path
