"""An editor writes news in the real CKEditor 5 and publishes it; no payload runs on the public page."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from PIL import Image

from news.models import Article
from news.services import article_save

from .conftest import PASSWORD, phone_photo
from .xss_payloads import PAYLOADS

pytestmark = pytest.mark.browser

TITLE = "Tổ dân phố 5 hưởng ứng Giải thưởng thông tin đối ngoại"


def log_in(page, base_url, username):
    page.goto(base_url + "/quan-tri/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/quan-tri/")


def toolbar_button(page, label):
    return page.locator(f'.ck-toolbar button[data-cke-tooltip-text^="{label}"]').first


class TestEditorPublishes:
    """An editor writes a heading, a list and an uploaded photo, schedules the article, then publishes it;
    the public sees it only then, with the photo resized to WebP and without EXIF."""

    def test_write_schedule_publish(self, live_server, desktop, phone, editor):
        page = desktop
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        log_in(page, live_server.url, editor.username)
        page.goto(live_server.url + "/quan-tri/news/article/add/")
        page.fill("#id_title", TITLE)
        page.fill("#id_summary", "Ban Công tác Mặt trận tổ dân phố 5 triển khai Công văn 31/MTTQ-BTT.")

        editable = page.locator(".ck-editor__editable")
        editable.click()
        page.locator(".ck-heading-dropdown button").first.click()
        page.locator(".ck-heading-dropdown .ck-list__item button", has_text="Tiêu đề mục").click()
        page.keyboard.type("Kết quả tuần đầu")
        page.keyboard.press("Enter")
        page.keyboard.type("Hội nghị triển khai tại nhà văn hoá tổ dân phố.")
        page.keyboard.press("Enter")

        upload_input = page.locator('.ck-toolbar .ck-file-dialog-button input[type="file"]').first
        # A file that is not an image: the editor shows our Vietnamese refusal.
        upload_input.set_input_files(
            files=[{"name": "anh.jpg", "mimeType": "image/jpeg", "buffer": b"<html><script>x</script></html>"}]
        )
        page.wait_for_function("() => !document.querySelector('.ck-editor__editable .ck-image-upload-placeholder')")
        page.wait_for_timeout(300)
        assert any("không phải ảnh" in message for message in dialogs), dialogs

        upload_input.set_input_files(
            files=[{"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": phone_photo(1600, 1200)}]
        )
        page.wait_for_selector('.ck-editor__editable img[src^="/media/tin-tuc/noi-dung/"][srcset]')
        page.keyboard.press("Enter")  # on the selected picture: a new paragraph after it
        page.keyboard.type("Các hộ gia đình đã:")
        page.keyboard.press("Enter")
        toolbar_button(page, "Danh sách đánh ký hiệu").click()
        page.keyboard.type("Nghe hệ thống truyền thanh cơ sở")
        page.keyboard.press("Enter")
        page.keyboard.type("Chia sẻ trang giải thưởng trong nhóm Zalo")
        page.wait_for_function("() => document.querySelector('#id_body').value.includes('nhóm Zalo')")
        assert "srcset" in page.locator("#id_body").input_value()

        page.select_option("#id_status", "scheduled")
        future = timezone.localtime() + datetime.timedelta(days=7)
        page.fill("#id_published_at_0", future.strftime("%d/%m/%Y"))
        page.fill("#id_published_at_1", "08:00")
        page.click('input[name="_save"]')
        page.wait_for_load_state()
        assert page.locator(".errorlist").count() == 0, page.locator(".errors, .errorlist").all_inner_texts()
        page.wait_for_selector(".messagelist .success")

        article = Article.objects.get(title=TITLE)
        assert article.status == Article.Status.SCHEDULED and article.author == editor
        assert "<h2>Kết quả tuần đầu</h2>" in article.body
        assert (
            "<ul><li>Nghe hệ thống truyền thanh cơ sở</li><li>Chia sẻ trang giải thưởng trong nhóm Zalo</li></ul>"
            in (article.body)
        )
        assert re.search(r'<img [^>]*src="/media/tin-tuc/noi-dung/[0-9a-f]{32}\.jpg"', article.body)
        assert "Nghe hệ thống truyền thanh cơ sở" in article.body_text

        # Scheduled for next week: nowhere on the public site yet.
        page.goto(live_server.url + "/tin-tuc/")
        assert TITLE not in page.content()
        page.goto(live_server.url + "/")
        assert TITLE not in page.content()
        assert page.goto(live_server.url + article.get_absolute_url()).status == 404
        assert TITLE not in page.goto(live_server.url + "/tin-tuc/rss/").text()

        # Publish it now from the list of news.
        page.goto(live_server.url + "/quan-tri/news/article/")
        page.check(f'input[name="_selected_action"][value="{article.pk}"]')
        page.select_option('select[name="action"]', "publish_now")
        page.click('button[name="index"]')
        page.locator(".messagelist li", has_text="Đã đăng 1 tin.").wait_for()

        assert TITLE in page.goto(live_server.url + "/tin-tuc/rss/").text()
        assert article.get_absolute_url() in page.goto(live_server.url + "/sitemap.xml").text()

        # A resident finds it on the home page and in the news list, on a phone.
        phone.goto(live_server.url + "/")
        assert phone.get_by_role("link", name=TITLE).count() == 1
        phone.goto(live_server.url + "/tin-tuc/")
        phone.get_by_role("link", name=TITLE).click()
        phone.wait_for_url("**" + article.get_absolute_url())
        assert phone.locator("h1").inner_text() == TITLE
        assert phone.locator(".nd-article__body h2").inner_text() == "Kết quả tuần đầu"
        assert phone.locator(".nd-article__body ul li").count() == 2
        image = phone.locator(".nd-article__body img").first
        image.scroll_into_view_if_needed()
        phone.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        current = image.evaluate("img => img.currentSrc")
        assert current.endswith(".webp") and "-w" in current, current
        served = phone.request.get(current)
        with Image.open(io.BytesIO(served.body())) as picture:
            assert picture.format == "WEBP"
            assert picture.width < 1600  # a resized copy, not the original
            assert not picture.getexif()
        original = phone.request.get(image.evaluate("img => img.src"))
        with Image.open(io.BytesIO(original.body())) as picture:
            assert picture.format == "JPEG" and not picture.getexif()  # the print original has no GPS either


class TestNoPayloadRuns:
    """None of the XSS corpus runs on the public page or in the preview, in a real browser."""

    def test_public_page_and_preview(self, live_server, desktop, editor, client):
        client.force_login(editor)
        response = client.post(
            "/quan-tri/news/article/add/",
            {"title": '<img src=x onerror="window.__xss=100">Tin thử', "slug": "tin-thu-ma-doc",
             "summary": "<script>window.__xss=101</script>", "body": "\n".join(PAYLOADS), "cover_alt": "",
             "status": "published", "published_at_0": "", "published_at_1": ""},
        )  # fmt: skip
        assert response.status_code == 302, response.context["adminform"].form.errors
        article = Article.objects.get(slug="tin-thu-ma-doc")
        draft = article_save(article=Article(title="Bản nháp thử", body="\n".join(PAYLOADS)))

        dialogs = []
        desktop.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for url in ["/tin-tuc/", article.get_absolute_url(), "/tin-tuc/rss/"]:
            desktop.goto(live_server.url + url)
            desktop.wait_for_load_state("networkidle")
            desktop.mouse.move(200, 300)
            desktop.mouse.move(400, 500)
            assert desktop.evaluate("() => window.__xss") is None, url
            if url == article.get_absolute_url():
                assert desktop.locator("h1").inner_text().endswith("Tin thử")  # the title shown as text
        log_in(desktop, live_server.url, editor.username)
        desktop.goto(live_server.url + f"/tin-tuc/xem-truoc/{draft.pk}/")
        desktop.wait_for_load_state("networkidle")
        assert desktop.evaluate("() => window.__xss") is None
        assert desktop.locator("h1").inner_text() == "Bản nháp thử"
        assert dialogs == []
