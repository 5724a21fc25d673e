"""Outreach pages (/an-pham/): material from the database only, whitelisted QR
codes, bulletins of published content only, share links and link previews."""

import datetime
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.utils import timezone

from campaign.models import ContestPhase, Directive
from news.models import Article
from news.services import article_save
from outreach.bulletin import directive_bulletin


def make_article(**fields):
    fields.setdefault("title", "Ra quân tuyên truyền Giải thưởng thông tin đối ngoại")
    fields.setdefault("slug", "ra-quan-tuyen-truyen")
    fields.setdefault("summary", "Các tổ dân phố hưởng ứng Công văn 31/MTTQ-BTT.")
    fields.setdefault("body", "<p>Sáng 20/6/2026, 45 hội viên đã dự.</p>")
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] != Article.Status.DRAFT:
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(hours=1))
    return article_save(article=Article(**fields))


class Head(HTMLParser):
    """The page's <meta> tags and script sources."""

    def __init__(self):
        super().__init__()
        self.meta = {}
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content", "")
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])


def parse(response):
    head = Head()
    head.feed(response.content.decode())
    return head


class TestIndex:
    """The index offers material for each channel the letter names."""

    def test_channels_and_material(self, client, letter):
        html = client.get("/an-pham/").content.decode()
        for channel in ("Hội nghị", "Sinh hoạt chi hội", "Hệ thống truyền thanh cơ sở", "Các nền tảng mạng xã hội"):
            assert channel in html
        for url in (
            "/an-pham/ap-phich/",
            "/an-pham/to-roi/",
            "/an-pham/ban-tin/van-ban/31-mttq-btt/",
            "/an-pham/qr/giai-thuong.svg",
            "/an-pham/qr/trang-chien-dich.svg",
        ):
            assert f'href="{url}"' in html

    def test_lists_bulletins_of_published_news_only(self, client, letter):
        make_article()
        make_article(title="Bản nháp chưa đăng", slug="ban-nhap", status=Article.Status.DRAFT)
        html = client.get("/an-pham/").content.decode()
        assert 'href="/an-pham/ban-tin/tin-tuc/ra-quan-tuyen-truyen/"' in html
        assert "ban-nhap" not in html

    def test_empty_site(self, client, db):
        assert client.get("/an-pham/").status_code == 200
        response = client.get("/an-pham/ap-phich/")
        assert response.status_code == 200
        assert "Chưa có thông tin giải thưởng để in." in response.content.decode()


class TestPoster:
    """Poster and flyer: the contest from the database, QR codes drawn inline, the deadline only when entered."""

    @pytest.mark.parametrize("url", ["/an-pham/ap-phich/", "/an-pham/to-roi/"])
    def test_content_from_the_database(self, client, letter, url):
        html = client.get(url).content.decode()
        assert "Giải thưởng toàn quốc về thông tin đối ngoại" in html and "lần thứ XII" in html
        assert "Theo Công văn số 31/MTTQ-BTT ngày 18/6/2026" in html
        assert html.count('class="nd-qr__svg"') == 2
        assert "giaithuong.ttdn.vn" in html
        assert "Hạn gửi tác phẩm" not in html  # no phase entered: no deadline invented
        assert " style=" not in html and "<style" not in html  # the CSP allows no inline style

    def test_deadline_only_when_staff_entered_one(self, client, letter):
        contest = letter.contest
        ContestPhase.objects.create(contest=contest, name="Nhận tác phẩm", is_deadline=True)
        assert "Hạn gửi tác phẩm" not in client.get("/an-pham/ap-phich/").content.decode()
        ContestPhase.objects.create(
            contest=contest, name="Nhận tác phẩm", is_deadline=True, ends_on=datetime.date(2026, 9, 15)
        )
        html = client.get("/an-pham/ap-phich/").content.decode()
        assert "Hạn gửi tác phẩm: <strong>15/9/2026</strong>" in html


class TestQrImages:
    """Only whitelisted targets have a QR image; this is no open QR generator."""

    def test_whitelisted(self, client, letter):
        response = client.get("/an-pham/qr/giai-thuong.svg")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        assert response.content.startswith(b"<?xml") and b"<svg" in response.content

    @pytest.mark.parametrize("url", ["/an-pham/qr/bat-ky.svg", "/an-pham/qr/giai-thuong.svg?url=https://evil.example"])
    def test_anything_else(self, client, letter, url):
        response = client.get(url)
        if response.status_code == 200:  # a query string changes nothing
            assert response.content == client.get("/an-pham/qr/giai-thuong.svg").content
        else:
            assert response.status_code == 404

    def test_contest_qr_absent_without_contest(self, client, db):
        assert client.get("/an-pham/qr/giai-thuong.svg").status_code == 404
        assert client.get("/an-pham/qr/trang-chien-dich.svg").status_code == 200


class TestBulletins:
    """Bulletins of published letters and news only; large type, reading time and a .txt download."""

    def test_letter_bulletin_page(self, client, letter):
        html = client.get("/an-pham/ban-tin/van-ban/31-mttq-btt/").content.decode()
        assert "Công văn số ba mươi mốt, Mặt trận Tổ quốc, Ban Thường trực" in html
        assert "130 tiếng mỗi phút" in html
        assert 'href="/an-pham/ban-tin/van-ban/31-mttq-btt/ban-tin.txt"' in html

    def test_letter_bulletin_text(self, client, letter):
        response = client.get("/an-pham/ban-tin/van-ban/31-mttq-btt/ban-tin.txt")
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="ban-tin-31-mttq-btt.txt"'
        from campaign.letter import directive_for_display

        assert response.content.decode() == directive_bulletin(directive_for_display().get(pk=letter.pk)).text

    def test_unpublished_letter_is_404(self, client, letter):
        Directive.objects.filter(pk=letter.pk).update(status=Directive.Status.DRAFT)
        assert client.get("/an-pham/ban-tin/van-ban/31-mttq-btt/").status_code == 404
        assert client.get("/an-pham/ban-tin/van-ban/31-mttq-btt/ban-tin.txt").status_code == 404

    def test_news_bulletin(self, client, db):
        make_article()
        html = client.get("/an-pham/ban-tin/tin-tuc/ra-quan-tuyen-truyen/").content.decode()
        assert (
            "Sáng ngày hai mươi tháng sáu năm hai nghìn không trăm hai mươi sáu, bốn mươi lăm hội viên đã dự." in html
        )
        text = client.get("/an-pham/ban-tin/tin-tuc/ra-quan-tuyen-truyen/ban-tin.txt").content.decode()
        assert "số ba mươi mốt, Mặt trận Tổ quốc, Ban Thường trực" in text

    @pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.SCHEDULED])
    def test_unpublished_news_is_404(self, client, db, status):
        fields = {"status": status}
        if status == Article.Status.SCHEDULED:
            fields["published_at"] = timezone.now() + datetime.timedelta(days=1)
        make_article(**fields)
        assert client.get("/an-pham/ban-tin/tin-tuc/ra-quan-tuyen-truyen/").status_code == 404
        assert client.get("/an-pham/ban-tin/tin-tuc/ra-quan-tuyen-truyen/ban-tin.txt").status_code == 404


class TestLinksAndSitemap:
    """The home page and the letter lead to the material; the sitemap lists the real pages."""

    def test_links(self, client, letter):
        assert 'href="/an-pham/"' in client.get("/").content.decode()
        assert 'href="/an-pham/ban-tin/van-ban/31-mttq-btt/"' in client.get("/van-ban/31-mttq-btt/").content.decode()
        make_article()
        assert (
            'href="/an-pham/ban-tin/tin-tuc/ra-quan-tuyen-truyen/"'
            in client.get("/tin-tuc/ra-quan-tuyen-truyen/").content.decode()
        )

    def test_sitemap(self, client, letter):
        xml = client.get("/sitemap.xml").content.decode()
        for path in ("/an-pham/", "/an-pham/ap-phich/", "/an-pham/to-roi/", "/an-pham/ban-tin/van-ban/31-mttq-btt/"):
            assert f"<loc>http://testserver{path}</loc>" in xml
        assert "/an-pham/qr/" not in xml


SHARED_PAGES = {
    "/van-ban/31-mttq-btt/": (
        "Công văn số 31/MTTQ-BTT: V/v tuyên truyền, triển khai, hưởng ứng Giải thưởng toàn quốc về thông tin "
        "đối ngoại lần thứ XII",
        "article",
    ),
    "/tin-tuc/ra-quan-tuyen-truyen/": ("Ra quân tuyên truyền Giải thưởng thông tin đối ngoại", "article"),
    "/giai-thuong/": ("Giải thưởng toàn quốc về thông tin đối ngoại lần thứ XII", "website"),
    "/an-pham/": ("Tài liệu tuyên truyền – Giải thưởng toàn quốc về thông tin đối ngoại lần thứ XII", "website"),
}


class TestSharing:
    """Shared pages carry plain share links (no script from elsewhere) and complete link-preview tags."""

    @pytest.mark.parametrize("path", SHARED_PAGES)
    def test_share_links(self, client, letter, path):
        make_article()
        response = client.get(path)
        html = response.content.decode()
        url = "http://testserver" + path
        assert f'href="https://www.facebook.com/sharer/sharer.php?u={quote(url, safe="")}"' in html
        assert f'value="{url}" readonly' in html
        assert "Sao chép liên kết" in html and 'href="https://chat.zalo.me/"' in html
        assert parse(response).scripts == ["/static/js/share.js"]

    @pytest.mark.parametrize("path", SHARED_PAGES)
    def test_link_preview_tags(self, client, letter, path):
        make_article()
        meta = parse(client.get(path)).meta
        title, kind = SHARED_PAGES[path]
        assert meta["og:title"] == title
        assert meta["og:type"] == kind
        assert meta["og:url"] == "http://testserver" + path
        assert len(meta["og:description"]) > 40 and meta["description"]
        assert meta["og:image"].startswith("http://testserver/static/img/share.png")
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        assert meta["og:image:alt"] and meta["twitter:card"] == "summary_large_image"

    def test_news_summary_is_the_description(self, client, db):
        make_article()
        meta = parse(client.get("/tin-tuc/ra-quan-tuyen-truyen/")).meta
        assert meta["og:description"] == "Các tổ dân phố hưởng ứng Công văn 31/MTTQ-BTT."

    def test_preview_has_no_share_block(self, admin_client, db):
        article = make_article(status=Article.Status.DRAFT)
        html = admin_client.get(f"/tin-tuc/xem-truoc/{article.pk}/").content.decode()
        assert "facebook.com/sharer" not in html
