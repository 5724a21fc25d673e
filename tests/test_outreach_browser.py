"""Printed material in a real Chromium: each sheet prints on exactly one A4 or
A5 page, and the QR codes the page shows (and the SVG files it serves) decode
to the right addresses."""

import datetime
import io

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from campaign.models import ContestPhase, Directive

pytestmark = pytest.mark.browser

MM_PER_POINT = 25.4 / 72
SHEETS = {"/an-pham/ap-phich/": (210, 297), "/an-pham/to-roi/": (148, 210)}


def printed_pages(page):
    """The page printed to PDF as Chromium prints it, with the page size its CSS asks for."""
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    return [(float(p.mediabox.width) * MM_PER_POINT, float(p.mediabox.height) * MM_PER_POINT) for p in reader.pages]


def decode(png):
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    return [result.text for result in results if result.format == zxingcpp.BarcodeFormat.QRCode]


class TestOnePage:
    """The poster prints on one A4 sheet, the flyer on one A5 sheet."""

    @pytest.mark.parametrize("path", SHEETS)
    def test_one_sheet_of_the_right_size(self, live_server, desktop, letter, path):
        desktop.goto(live_server.url + path)
        pages = printed_pages(desktop)
        assert len(pages) == 1, pages
        width, height = SHEETS[path]
        assert abs(pages[0][0] - width) < 1 and abs(pages[0][1] - height) < 1, pages

    @pytest.mark.parametrize("path", SHEETS)
    def test_still_one_sheet_with_deadline_and_long_summary(self, live_server, desktop, letter, path):
        Directive.objects.filter(pk=letter.pk).update(summary=" ".join(["Bà con hãy cùng tham gia Giải thưởng."] * 60))
        ContestPhase.objects.create(
            contest=letter.contest, name="Nhận tác phẩm", is_deadline=True, ends_on=datetime.date(2026, 9, 15)
        )
        desktop.goto(live_server.url + path)
        assert "15/9/2026" in desktop.locator(".nd-poster__deadline").inner_text()
        assert len(printed_pages(desktop)) == 1

    def test_the_count_is_real(self, live_server, desktop, letter):
        """The letter's bulletin in large type runs over several A4 pages: the counter does count."""
        desktop.goto(live_server.url + "/an-pham/ban-tin/van-ban/31-mttq-btt/")
        pages = printed_pages(desktop)
        assert len(pages) > 1
        assert all(abs(width - 210) < 1 for width, _ in pages)


class TestQrCodes:
    """The QR codes drawn on the page and the SVG files served decode to the contest site and the campaign page."""

    @pytest.mark.parametrize("path", SHEETS)
    @pytest.mark.parametrize("media", ["screen", "print"])
    def test_codes_on_the_sheet(self, live_server, desktop, letter, path, media):
        desktop.emulate_media(media=media)
        desktop.goto(live_server.url + path)
        expected = {"giai-thuong": "https://giaithuong.ttdn.vn", "trang-chien-dich": live_server.url + "/"}
        for name, url in expected.items():
            png = desktop.locator(f"#ma-qr-{name} svg").screenshot()
            assert decode(png) == [url], name

    @pytest.mark.parametrize(
        ("name", "expected"), [("giai-thuong", "https://giaithuong.ttdn.vn"), ("trang-chien-dich", None)]
    )
    def test_served_svg(self, live_server, desktop, letter, name, expected):
        desktop.goto(live_server.url + f"/an-pham/qr/{name}.svg")
        assert decode(desktop.locator("svg").screenshot()) == [expected or live_server.url + "/"]


class TestSharing:
    """Without JavaScript the link can be selected; with it, one button copies it."""

    def test_copy_button(self, live_server, chromium, letter):
        context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
        page = context.new_page()
        page.goto(live_server.url + "/van-ban/31-mttq-btt/")
        page.get_by_role("button", name="Sao chép liên kết").click()
        expect(page.locator("#nd-share-status")).to_have_text("Đã sao chép liên kết.")
        assert page.evaluate("navigator.clipboard.readText()") == live_server.url + "/van-ban/31-mttq-btt/"
        context.close()

    def test_without_javascript(self, live_server, chromium, letter):
        context = chromium.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(live_server.url + "/van-ban/31-mttq-btt/")
        assert page.get_by_label("Liên kết của trang").input_value() == live_server.url + "/van-ban/31-mttq-btt/"
        assert not page.get_by_role("button", name="Sao chép liên kết").is_visible()
        assert page.get_by_role("link", name="Chia sẻ lên Facebook").is_visible()
        context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/an-pham/",
        "/an-pham/ap-phich/",
        "/an-pham/to-roi/",
        "/an-pham/ban-tin/van-ban/31-mttq-btt/",
        "/van-ban/31-mttq-btt/",
    ],
)
def test_phone_no_sideways_scroll_no_console_error(live_server, phone, letter, path):
    """Nothing the Content Security Policy blocks (inline style or script), no error, no sideways scroll."""
    errors = []
    phone.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(live_server.url + path)
    phone.wait_for_load_state("load")
    assert errors == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
