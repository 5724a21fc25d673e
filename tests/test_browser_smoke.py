"""The served letter opens in a real Chromium."""

import pytest

pytestmark = pytest.mark.browser


class TestLetterInBrowser:
    """A resident's phone shows the letter's number from the live server."""

    def test_home_links_to_letter(self, live_server, phone, letter):
        phone.goto(live_server.url + "/")
        phone.get_by_role("link", name="Công văn số 31/MTTQ-BTT").first.click()
        phone.wait_for_url("**/van-ban/31-mttq-btt/")
        assert "31/MTTQ-BTT" in phone.locator("h1").inner_text()
