"""A resident's path through the site in a real Chromium, at phone and desktop widths."""

import pytest

pytestmark = pytest.mark.browser


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


class TestResidentPath:
    """Home → letter → contest link works on a 390 px phone, without sideways scrolling."""

    def test_home_letter_contest(self, live_server, phone, letter):
        errors = []
        phone.on("console", lambda message: message.type == "error" and errors.append(message.text))
        phone.goto(live_server.url + "/")
        assert no_horizontal_scroll(phone)
        assert phone.locator("h1").count() == 1
        body_size = phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert body_size >= 18
        phone.get_by_role("link", name="Công văn số 31/MTTQ-BTT").click()
        phone.wait_for_url("**/van-ban/31-mttq-btt/")
        assert no_horizontal_scroll(phone)
        letter_text = phone.locator("article.nd-letter").inner_text()
        assert "Số: 31/MTTQ-BTT" in letter_text and "Đoàn Trung Thu" in letter_text
        phone.get_by_role("link", name="Giải thưởng", exact=True).click()
        phone.wait_for_url("**/giai-thuong/")
        assert no_horizontal_scroll(phone)
        link = phone.get_by_role("link", name="Trang chính thức: giaithuong.ttdn.vn (trang ngoài)")
        assert link.get_attribute("href") == "https://giaithuong.ttdn.vn"
        assert errors == []  # no resource refused by the Content Security Policy, nothing broken

    @pytest.mark.parametrize(
        "path", ["/", "/van-ban/31-mttq-btt/", "/nhiem-vu/", "/don-vi/", "/giai-thuong/", "/tim-kiem/?q=tuyen+truyen"]
    )
    def test_no_horizontal_scrolling_at_390(self, live_server, phone, letter, path):
        phone.goto(live_server.url + path)
        assert no_horizontal_scroll(phone), path

    def test_works_without_javascript(self, live_server, chromium, letter):
        context = chromium.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.get_by_label("Tìm trên trang").fill("phan dau")
        page.get_by_role("button", name="Tìm").click()
        page.wait_for_url("**/tim-kiem/?q=phan+dau")
        assert "Phân đấu" in page.locator(".nd-results").inner_text()
        context.close()


class TestSearchInBrowser:
    """A reader who types without diacritics finds the letter's words, highlighted."""

    def test_search_without_diacritics(self, live_server, desktop, letter):
        desktop.goto(live_server.url + "/nhiem-vu/")
        desktop.get_by_label("Tìm trên trang").fill("truyen thanh co so")
        desktop.keyboard.press("Enter")
        desktop.wait_for_url("**/tim-kiem/**")
        marks = desktop.locator(".nd-results mark").all_inner_texts()
        assert {"truyền", "thanh", "cơ", "sở"} <= set(marks)


class TestLanguageSwitch:
    """The language switch leads to the English page and back, with hreflang links."""

    def test_switch(self, live_server, desktop, letter):
        desktop.goto(live_server.url + "/van-ban/31-mttq-btt/")
        desktop.get_by_role("link", name="English").click()
        desktop.wait_for_url("**/en/van-ban/31-mttq-btt/")
        assert desktop.locator("html").get_attribute("lang") == "en"
        assert desktop.locator("article.nd-letter").get_attribute("lang") == "vi"
        desktop.get_by_role("link", name="Tiếng Việt").click()
        desktop.wait_for_url(live_server.url + "/van-ban/31-mttq-btt/")
        assert desktop.locator("html").get_attribute("lang") == "vi"
