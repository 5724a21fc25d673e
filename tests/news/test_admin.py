"""Staff publishing in the admin: the editor's uploads, roles, history, dashboard and links."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from campaign.models import Contest, Directive
from news.models import Article
from news.roles import ADMINISTRATORS, EDITORS, REPRESENTATIVE_PERMISSIONS, UNIT_REPRESENTATIVES

from .admin_forms import form_data
from .conftest import PASSWORD, phone_photo

UPLOAD_URL = "/tin-tuc/tai-anh-len/"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def photo_upload(name="IMG_2041.jpg", content=None):
    return SimpleUploadedFile(name, content or phone_photo(1200, 900), "image/jpeg")


class TestEditorUploadRefusals:
    """The editor's upload endpoint refuses anyone but staff who write news, and any request without CSRF."""

    def test_anonymous(self, client, media):
        response = client.post(UPLOAD_URL, {"upload": photo_upload()})
        assert response.status_code == 403
        assert "đăng nhập" in response.json()["error"]["message"]
        assert not any(media.rglob("*.*"))

    def test_non_staff(self, client, resident, media):
        client.force_login(resident)
        assert client.post(UPLOAD_URL, {"upload": photo_upload()}).status_code == 403
        assert not any(media.rglob("*.*"))

    def test_staff_without_news_permission(self, client, django_user_model, media):
        clerk = django_user_model.objects.create_user("vanthu", password=PASSWORD, is_staff=True)
        client.force_login(clerk)
        assert client.post(UPLOAD_URL, {"upload": photo_upload()}).status_code == 403

    def test_missing_csrf_token(self, editor, media):
        client = Client(enforce_csrf_checks=True)
        client.force_login(editor)
        response = client.post(UPLOAD_URL, {"upload": photo_upload()})
        assert response.status_code == 403
        assert not any(media.rglob("*.*"))

    def test_get_is_not_allowed(self, editor_client):
        assert editor_client.get(UPLOAD_URL).status_code == 405

    @pytest.mark.parametrize(
        "name, content",
        [
            ("anh.jpg", b"<html><script>alert(1)</script></html>"),
            ("anh.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
            ("anh.png", b""),
        ],
    )
    def test_not_an_image_gets_a_vietnamese_message(self, editor_client, media, name, content):
        response = editor_client.post(UPLOAD_URL, {"upload": SimpleUploadedFile(name, content)})
        assert response.status_code == 400
        message = response.json()["error"]["message"]
        assert "ảnh" in message.lower()
        assert not any(media.rglob("*.*"))


class TestEditorUpload:
    """A photo uploaded from the editor is stored re-encoded without EXIF, with WebP copies for srcset."""

    def test_photo(self, editor, media):
        client = Client(enforce_csrf_checks=True)
        client.force_login(editor)
        client.get("/quan-tri/news/article/add/")  # sets the CSRF cookie, as the admin page does
        token = client.cookies["csrftoken"].value
        response = client.post(UPLOAD_URL, {"upload": photo_upload()}, headers={"X-CSRFToken": token})
        assert response.status_code == 200, response.content
        urls = response.json()["urls"]
        assert set(urls) == {"default", "480", "960", "1200"}
        assert urls["default"].startswith("/media/tin-tuc/noi-dung/") and "IMG_2041" not in urls["default"]
        with Image.open(media / urls["default"].removeprefix("/media/")) as original:
            assert original.format == "JPEG" and not original.getexif()
        with Image.open(media / urls["480"].removeprefix("/media/")) as copy:
            assert copy.format == "WEBP" and copy.size == (480, 360) and not copy.getexif()


class TestRoles:
    """Editors reach news and campaign content but never user accounts; the groups exist by name."""

    def test_groups_exist(self, roles):
        names = set(Group.objects.values_list("name", flat=True))
        assert {ADMINISTRATORS, EDITORS, UNIT_REPRESENTATIVES} <= names
        representatives = Group.objects.get(name=UNIT_REPRESENTATIVES).permissions.values_list(
            "content_type__app_label", "codename"
        )
        assert {f"{app}.{codename}" for app, codename in representatives} == REPRESENTATIVE_PERMISSIONS
        administrators = Group.objects.get(name=ADMINISTRATORS).permissions
        assert administrators.filter(codename="approve_activityreport").exists()
        assert administrators.filter(codename="change_user").exists()

    @pytest.mark.parametrize(
        "url",
        ["/quan-tri/auth/user/", "/quan-tri/auth/user/add/", "/quan-tri/auth/group/", "/quan-tri/auth/group/add/"],
    )
    def test_editor_cannot_manage_users(self, editor_client, url):
        assert editor_client.get(url).status_code == 403

    @pytest.mark.parametrize(
        "url", ["/quan-tri/news/article/add/", "/quan-tri/campaign/contest/", "/quan-tri/campaign/targetunit/add/"]
    )
    def test_editor_reaches_content(self, editor_client, url):
        assert editor_client.get(url).status_code == 200

    def test_editor_edits_directive_but_cannot_delete_it(self, editor_client, letter):
        assert editor_client.get(f"/quan-tri/campaign/directive/{letter.pk}/change/").status_code == 200
        assert editor_client.get(f"/quan-tri/campaign/directive/{letter.pk}/delete/").status_code == 403

    def test_administrator_manages_users(self, client, roles, django_user_model):
        admin = django_user_model.objects.create_user("quantri2", password=PASSWORD, is_staff=True)
        admin.groups.add(Group.objects.get(name=ADMINISTRATORS))
        client.force_login(admin)
        assert client.get("/quan-tri/auth/user/").status_code == 200


def article_form(**fields):
    data = {
        "title": "Tin thử",
        "slug": "",
        "summary": "",
        "body": "<p>Nội dung</p>",
        "cover_alt": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
    }
    data.update(fields)
    return data


class TestArticleAdmin:
    """Writing news in the admin: Vietnamese messages, scheduling, cover checks, preview and site links."""

    def test_scheduling_with_day_first_date(self, editor_client):
        response = editor_client.post(
            "/quan-tri/news/article/add/",
            article_form(status="scheduled", published_at_0="05/07/2031", published_at_1="08:30"),
        )
        assert response.status_code == 302
        article = Article.objects.get()
        local = timezone.localtime(article.published_at)
        assert (local.day, local.month, local.year, local.hour) == (5, 7, 2031, 8)
        assert article.author.username == "bientap"

    def test_published_without_time_is_published_now(self, editor_client):
        response = editor_client.post("/quan-tri/news/article/add/", article_form(status="published"))
        assert response.status_code == 302
        assert Article.objects.published().count() == 1

    def test_scheduled_without_time_is_explained(self, editor_client):
        response = editor_client.post("/quan-tri/news/article/add/", article_form(status="scheduled"))
        assert response.status_code == 200
        assert "Hãy chọn ngày giờ đăng cho tin hẹn giờ." in response.content.decode()

    def test_cover_is_checked_and_needs_alt(self, editor_client, media):
        fake = SimpleUploadedFile("anh.jpg", b"<html>not an image</html>", "image/jpeg")
        response = editor_client.post("/quan-tri/news/article/add/", {**article_form(), "cover": fake})
        assert "không phải ảnh" in response.content.decode()
        response = editor_client.post("/quan-tri/news/article/add/", {**article_form(), "cover": photo_upload()})
        assert "Hãy mô tả ảnh bìa" in response.content.decode()
        assert not Article.objects.exists()

    def test_cover_gets_renditions(self, editor_client, media):
        response = editor_client.post(
            "/quan-tri/news/article/add/", {**article_form(cover_alt="Ảnh hội nghị"), "cover": photo_upload()}
        )
        assert response.status_code == 302
        article = Article.objects.get()
        assert (article.cover_width, article.cover_height) == (1200, 900)
        assert (media / article.cover.name.replace(".jpg", "-w480.webp")).exists()

    def test_preview_link_on_change_form(self, editor_client, make_article):
        article = make_article(status="draft")
        html = editor_client.get(f"/quan-tri/news/article/{article.pk}/change/").content.decode()
        assert f'href="/tin-tuc/xem-truoc/{article.pk}/"' in html and "Xem trước" in html

    def test_view_on_site_only_when_published(self, editor_client, make_article):
        draft = make_article(status="draft")
        public = make_article(title="Tin đã đăng")
        draft_html = editor_client.get(f"/quan-tri/news/article/{draft.pk}/change/").content.decode()
        public_html = editor_client.get(f"/quan-tri/news/article/{public.pk}/change/").content.decode()
        assert "viewsitelink" in draft_html  # the preview link only
        assert draft.get_absolute_url() not in draft_html
        assert f'href="{public.get_absolute_url()}"' in public_html and "Xem trên trang" in public_html

    def test_publish_now_action(self, editor_client, make_article):
        article = make_article(status="scheduled", published_at=timezone.now() + timezone.timedelta(days=3))
        response = editor_client.post(
            "/quan-tri/news/article/", {"action": "publish_now", "_selected_action": [article.pk], "index": 0}
        )
        assert response.status_code == 302
        assert article in Article.objects.published()

    def test_admin_is_vietnamese(self, editor_client, make_article):
        article = make_article()
        html = editor_client.get(f"/quan-tri/news/article/{article.pk}/history/").content.decode()
        for english in ["Date/time", "Changed by", "Change reason", "Revert"]:
            assert english not in html, english


class TestHistory:
    """Every change is recorded with who and when, and an earlier version can be restored from the admin."""

    def test_article_change_is_recorded_and_revertible(self, editor_client, editor):
        editor_client.post("/quan-tri/news/article/add/", article_form(title="Tiêu đề đầu tiên"))
        article = Article.objects.get()
        page = editor_client.get(f"/quan-tri/news/article/{article.pk}/change/").content.decode()
        data = form_data(page, "article_form")
        data["title"] = ["Tiêu đề sửa lại"]
        assert editor_client.post(f"/quan-tri/news/article/{article.pk}/change/", data).status_code == 302
        first, latest = article.history.order_by("history_date")
        assert (latest.title, latest.history_user) == ("Tiêu đề sửa lại", editor)
        assert first.history_user == editor

        history = editor_client.get(f"/quan-tri/news/article/{article.pk}/history/").content.decode()
        assert "Tiêu đề sửa lại" in history or "Tiêu đề đầu tiên" in history
        revert_url = f"/quan-tri/news/article/{article.pk}/history/{first.history_id}/"
        # The revert page is the change form of the historical model.
        data = form_data(editor_client.get(revert_url).content.decode(), "historicalarticle_form")
        assert data["title"] == ["Tiêu đề đầu tiên"]
        assert editor_client.post(revert_url, data).status_code == 302
        article.refresh_from_db()
        assert article.title == "Tiêu đề đầu tiên"
        assert article.history.count() == 3

    def test_directive_in_nested_admin(self, editor_client, editor, letter):
        url = f"/quan-tri/campaign/directive/{letter.pk}/change/"
        data = form_data(editor_client.get(url).content.decode(), "directive_form")
        original_summary = letter.summary
        data["summary"] = ["Tóm tắt đã sửa"]
        response = editor_client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        letter.refresh_from_db()
        assert letter.summary == "Tóm tắt đã sửa"
        loaded, changed = letter.history.order_by("history_date")
        assert changed.history_user == editor and loaded.history_user is None

        revert_url = f"/quan-tri/campaign/directive/{letter.pk}/history/{loaded.history_id}/"
        page = editor_client.get(revert_url)
        assert page.status_code == 200
        data = form_data(page.content.decode(), "historicaldirective_form")
        assert editor_client.post(revert_url, data).status_code == 302
        letter.refresh_from_db()
        assert letter.summary == original_summary
        assert letter.sections.count() == 3  # the parts are untouched by a revert

    def test_contest_change_is_recorded(self, editor_client, editor, letter):
        contest = Contest.objects.get()
        url = f"/quan-tri/campaign/contest/{contest.pk}/change/"
        data = form_data(editor_client.get(url).content.decode(), "contest_form")
        data["rules_url"] = ["https://giaithuong.ttdn.vn/the-le"]
        assert editor_client.post(url, data).status_code == 302
        assert contest.history.latest("history_date").history_user == editor
        assert editor_client.get(f"{url.removesuffix('change/')}history/").status_code == 200


class TestDashboard:
    """The admin's home lists drafts, scheduled news and the latest changes, with who made them."""

    def test_lists(self, editor_client, make_article, letter):
        make_article(title="Bản nháp A", status="draft")
        make_article(title="Hẹn giờ B", status="scheduled", published_at=timezone.now() + timezone.timedelta(days=1))
        make_article(title="Đã đăng C")
        html = editor_client.get("/quan-tri/").content.decode()
        drafts = html[html.index("Bản nháp</h2>") : html.index("Hẹn giờ đăng</h2>")]
        upcoming = html[html.index("Hẹn giờ đăng</h2>") : html.index("Thay đổi gần đây</h2>")]
        assert "Bản nháp A" in drafts and "Hẹn giờ B" not in drafts and "Đã đăng C" not in drafts
        assert "Hẹn giờ B" in upcoming and "Bản nháp A" not in upcoming
        changes = html[html.index("Thay đổi gần đây</h2>") :]
        assert "Đã đăng C" in changes and "Công văn số 31/MTTQ-BTT" in changes


class TestDirectiveOriginalFromAdmin:
    """A directive's original uploaded in the admin must be a real PDF, JPEG or PNG."""

    def test_fake_pdf_is_refused(self, editor_client, letter, media):
        url = f"/quan-tri/campaign/directive/{letter.pk}/change/"
        data = form_data(editor_client.get(url).content.decode(), "directive_form")
        fake = b"<html><script>alert(1)</script>"
        data["original_file"] = SimpleUploadedFile("cong-van.pdf", fake, "application/pdf")
        response = editor_client.post(url, data)
        assert response.status_code == 200
        assert "Bản gốc phải là tệp PDF, JPEG hoặc PNG thật" in response.content.decode()
        assert not Directive.objects.get(pk=letter.pk).original_file

    def test_real_pdf_is_accepted(self, editor_client, letter, media):
        url = f"/quan-tri/campaign/directive/{letter.pk}/change/"
        data = form_data(editor_client.get(url).content.decode(), "directive_form")
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        data["original_file"] = SimpleUploadedFile("Công văn 31.pdf", pdf, "application/pdf")
        assert editor_client.post(url, data).status_code == 302
        assert Directive.objects.get(pk=letter.pk).original_file.name.startswith("van-ban/")


def test_json_error_shape_matches_the_editor(client, db):
    """CKEditor 5's simple upload adapter shows ``error.message``: the refusal uses that shape."""
    body = json.loads(client.post(UPLOAD_URL).content)
    assert set(body) == {"error"} and isinstance(body["error"]["message"], str)
