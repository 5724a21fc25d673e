"""The admin: a directive on one screen with its parts as inlines, in Vietnamese."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from PIL import Image

from campaign.models import Directive


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


class TestDirectiveAdmin:
    """Staff edit the whole letter on one screen; visitors are refused."""

    def test_change_page_shows_every_part(self, admin_client, letter):
        response = admin_client.get(f"/quan-tri/campaign/directive/{letter.pk}/change/")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'lang="vi"' in html
        for text in [
            "Kính gửi",
            "Căn cứ",
            "Nội dung, nhiệm vụ",
            "Nơi nhận",
            "Đẩy mạnh công tác tuyên truyền",
            "Mỗi tổ dân phố, tổ chức thành viên, đoàn thể",
            "Lưu: VT",
            "Đoàn Trung Thu",
        ]:
            assert text in html, text

    @pytest.mark.parametrize(
        "url",
        [
            "/quan-tri/campaign/directive/",
            "/quan-tri/campaign/referenceddocument/",
            "/quan-tri/campaign/organization/",
            "/quan-tri/campaign/contest/",
            "/quan-tri/campaign/unitgroup/",
            "/quan-tri/campaign/targetunit/",
            "/quan-tri/campaign/outreachchannel/",
        ],
    )
    def test_lists_open_and_search(self, admin_client, letter, url):
        assert admin_client.get(url).status_code == 200
        assert admin_client.get(url, {"q": "Nam Đồng"}).status_code == 200

    def test_anonymous_is_sent_to_login(self, client, letter):
        response = client.get(f"/quan-tri/campaign/directive/{letter.pk}/change/")
        assert response.status_code == 302
        assert "/quan-tri/login/" in response["Location"]

    def test_staff_without_permission_is_refused(self, client, django_user_model, letter):
        user = django_user_model.objects.create_user("nhanvien", password="mat-khau-dai-123", is_staff=True)
        client.force_login(user)
        assert client.get(f"/quan-tri/campaign/directive/{letter.pk}/change/").status_code == 403


class TestOriginalFile:
    """Only a real PDF, JPEG or PNG is accepted as a directive's original file."""

    def _form(self, letter, upload):
        form_class = modelform_factory(Directive, fields=["original_file"])
        return form_class(data={}, files={"original_file": upload}, instance=letter)

    @pytest.mark.parametrize(
        "name, content",
        [
            ("ban-goc.pdf", b"<html><script>alert(1)</script></html>"),
            ("ban-goc.png", b"GIF89a not really an image"),
            ("ban-goc.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
            ("ban-goc.jpg", b""),
        ],
    )
    def test_fake_files_are_refused(self, letter, name, content):
        form = self._form(letter, SimpleUploadedFile(name, content))
        assert not form.is_valid()
        messages = " ".join(form.errors["original_file"]).lower()
        assert "tệp" in messages or "tập tin" in messages  # a Vietnamese explanation, not a traceback

    def test_real_pdf_is_accepted_under_a_random_name(self, letter, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        form = self._form(letter, SimpleUploadedFile("Công văn 31.PDF", pdf, "application/pdf"))
        assert form.is_valid(), form.errors
        form.save()
        letter = Directive.objects.get(pk=letter.pk)
        assert letter.original_file.name.startswith("van-ban/")
        assert letter.original_file.name.endswith(".pdf")
        assert "Công" not in letter.original_file.name

    def test_real_png_is_accepted(self, letter, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        buffer = io.BytesIO()
        Image.new("RGB", (20, 10), "white").save(buffer, "PNG")
        form = self._form(letter, SimpleUploadedFile("scan.png", buffer.getvalue(), "image/png"))
        assert form.is_valid(), form.errors
