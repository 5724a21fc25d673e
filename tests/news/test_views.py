"""Public news pages, feeds and sitemap: only published news, fast and calm."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from campaign.images import image_clean
from campaign.models import UnitGroup
from news.models import Article
from news.services import article_save
from tests.factories import unit_create

from .conftest import phone_photo

HOUR = datetime.timedelta(hours=1)
MAX_QUERIES = 8


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def with_cover(make_article, media):
    cover = image_clean(SimpleUploadedFile("IMG_0001.jpg", phone_photo(2000, 1500)))
    return make_article(title="Tin có ảnh", cover=cover, cover_alt="Hội nghị tại tổ dân phố")


def many_articles(count):
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"Tin số {number}",
            slug=f"tin-so-{number}",
            summary="Tóm tắt",
            body="<p>Nội dung</p>",
            body_text="Nội dung",
            status=Article.Status.PUBLISHED,
            published_at=now - datetime.timedelta(minutes=number + 1),
        )
        for number in range(count)
    )


class TestList:
    """/tin-tuc/ lists published news, pinned first, then newest, ten a page."""

    def test_empty_state(self, client, db):
        response = client.get("/tin-tuc/")
        assert response.status_code == 200
        assert "Chưa có tin tức nào." in response.content.decode()

    def test_only_published_pinned_first(self, client, make_article):
        now = timezone.now()
        make_article(title="Tin cũ được ghim", pinned=True, published_at=now - 48 * HOUR)
        make_article(title="Tin mới", published_at=now - HOUR)
        make_article(title="Tin nháp", status="draft")
        make_article(title="Tin hẹn giờ", status="scheduled", published_at=now + HOUR)
        html = client.get("/tin-tuc/").content.decode()
        assert html.index("Tin cũ được ghim") < html.index("Tin mới")
        assert "Tin nháp" not in html and "Tin hẹn giờ" not in html
        assert "Chưa có tin tức nào." not in html

    def test_pagination(self, client, db):
        many_articles(25)
        first = client.get("/tin-tuc/").content.decode()
        third = client.get("/tin-tuc/?page=3").content.decode()
        assert "Tin số 0<" in first and "Tin số 10<" not in first and 'href="?page=2"' in first
        assert "Tin số 24<" in third and "Trang 3 / 3" in third

    @pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "", "1.5", "1e9", "9" * 400, "%00", "<script>"])
    def test_malformed_page_is_calm(self, client, page, db):
        many_articles(12)
        response = client.get("/tin-tuc/", {"page": page})
        assert response.status_code == 200
        assert "Tin số" in response.content.decode()

    def test_cover_in_picture_with_webp_srcset(self, client, with_cover):
        html = client.get("/tin-tuc/").content.decode()
        assert '<source type="image/webp" srcset="' in html
        assert "-w480.webp 480w" in html and "-w1600.webp 1600w" in html
        assert 'width="2000" height="1500"' in html
        assert 'alt="Hội nghị tại tổ dân phố"' in html


class TestDetail:
    """An article's page shows it in full; drafts and future articles are not found."""

    def test_published(self, client, with_cover):
        html = client.get(with_cover.get_absolute_url()).content.decode()
        assert "<h1" in html and "Tin có ảnh" in html
        assert 'fetchpriority="high"' in html  # the cover is at the top: not lazy

    def test_body_images_are_lazy(self, client, make_article):
        body = '<figure class="image"><img src="/media/tin-tuc/a.jpg" alt="Ảnh" width="10" height="5"></figure>'
        html = client.get(make_article(body=body).get_absolute_url()).content.decode()
        assert 'loading="lazy"' in html and 'width="10"' in html

    @pytest.mark.parametrize("status, delta", [("draft", None), ("scheduled", HOUR), ("published", None)])
    def test_not_yet_public(self, client, make_article, status, delta):
        fields = {"status": status}
        if delta:
            fields["published_at"] = timezone.now() + delta
        article = make_article(**fields)
        if status == "published":  # published, then taken back to a draft
            Article.objects.filter(pk=article.pk).update(status="draft")
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_related_campaign_parts(self, client, make_article, letter):
        article = make_article()
        article.directives.add(letter)
        article.task_sections.add(letter.sections.get(number=1))
        html = client.get(article.get_absolute_url()).content.decode()
        assert 'href="/van-ban/31-mttq-btt/"' in html
        assert "1. Đẩy mạnh công tác tuyên truyền" in html

    def test_unpublished_directive_is_not_linked(self, client, make_article, letter):
        letter.status = "draft"
        letter.save()
        article = make_article()
        article.directives.add(letter)
        section = letter.sections.get(number=1)
        article.task_sections.add(section)
        article.task_items.add(section.items.first())
        html = client.get(article.get_absolute_url()).content.decode()
        assert "/van-ban/31-mttq-btt/" not in html
        assert "Liên quan" not in html and escape(str(section)) not in html

    @pytest.mark.usefixtures("no_page_cache")
    def test_every_kind_of_link_in_its_order(self, client, make_article, letter, django_assert_num_queries):
        """Sections by number, items by section then order, units by group then order and name, hidden
        units left out; one query for the article and one for each kind of link it has."""
        first_group, second_group = UnitGroup.objects.order_by("order", "name")[:2]
        later = unit_create(name="Đơn vị của nhóm sau", group=second_group)
        earlier = unit_create(name="Đơn vị của nhóm trước", group=first_group)
        hidden = unit_create(name="Đơn vị đã ẩn", group=first_group, is_active=False)
        sections = list(letter.sections.all())
        items = [item for section in sections[:2] for item in section.items.all()]
        article = make_article()
        article.units.add(later, earlier, hidden)
        article.task_items.add(*reversed(items))
        article.task_sections.add(*reversed(sections))
        article.directives.add(letter)
        with django_assert_num_queries(5):
            html = client.get(article.get_absolute_url()).content.decode()
        related = html[html.index('id="nd-related-title"') : html.index("</aside>")]
        shown = [letter.get_absolute_url(), *map(str, sections), *map(str, items), earlier.name, later.name]
        positions = [related.index(escape(text)) for text in shown]
        assert positions == sorted(positions)
        assert hidden.name not in related


class TestFeedsAndSitemap:
    """RSS, Atom and the sitemap list published news only."""

    @pytest.mark.parametrize("url", ["/tin-tuc/rss/", "/tin-tuc/atom/", "/sitemap.xml"])
    def test_only_published(self, client, make_article, url):
        public = make_article(title="Tin công khai")
        hidden = make_article(title="Tin hẹn giờ", status="scheduled", published_at=timezone.now() + HOUR)
        content = client.get(url).content.decode()
        assert public.get_absolute_url() in content
        assert hidden.get_absolute_url() not in content

    def test_rss_is_rss(self, client, make_article):
        make_article(title="Tin công khai", summary="Tóm tắt cho RSS")
        response = client.get("/tin-tuc/rss/")
        assert response["Content-Type"].startswith("application/rss+xml")
        assert "<title>Tin công khai</title>" in response.content.decode()
        assert "Tóm tắt cho RSS" in response.content.decode()


class TestQueryCount:
    """Each public page costs a small, constant number of queries, whether there is one article or a thousand."""

    PAGES = ["/tin-tuc/", "/tin-tuc/?page=2", "/tin-tuc/rss/", "/tin-tuc/atom/", "/sitemap.xml", "DETAIL"]

    def _count(self, client, url):
        if url == "DETAIL":
            url = Article.objects.published().first().get_absolute_url()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def test_constant(self, client, db):
        many_articles(1)
        one = {url: self._count(client, url) for url in self.PAGES}
        Article.objects.all().delete()
        many_articles(1000)
        thousand = {url: self._count(client, url) for url in self.PAGES}
        assert one == thousand
        assert max(thousand.values()) <= MAX_QUERIES, thousand

    @pytest.mark.usefixtures("no_page_cache")
    def test_detail_queries_only_the_kinds_of_links_it_has(
        self, client, make_article, letter, django_assert_num_queries
    ):
        article = make_article()
        with django_assert_num_queries(1):
            assert client.get(article.get_absolute_url()).status_code == 200
        article.units.add(unit_create())
        with django_assert_num_queries(2):
            assert "Tổ dân phố thử số" in client.get(article.get_absolute_url()).content.decode()

    def test_detail_with_links(self, client, make_article, letter, django_assert_max_num_queries):
        article = make_article()
        article.directives.add(letter)
        article.task_sections.add(*letter.sections.all())
        article.task_items.add(*[item for section in letter.sections.all() for item in section.items.all()])
        with django_assert_max_num_queries(MAX_QUERIES):
            client.get(article.get_absolute_url())


class TestPreview:
    """Staff see a draft in the public template; everyone else gets 404."""

    def test_editor_sees_draft(self, editor_client, make_article):
        article = make_article(title="Bản nháp chưa đăng", status="draft")
        response = editor_client.get(f"/tin-tuc/xem-truoc/{article.pk}/")
        assert response.status_code == 200
        assert [t.name for t in response.templates][0] == "news/article_detail.html"
        assert "Bản nháp chưa đăng" in response.content.decode()
        assert "noindex" in response["X-Robots-Tag"]
        assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

    def test_public_gets_404(self, client, resident, make_article):
        article = make_article(status="draft")
        assert client.get(f"/tin-tuc/xem-truoc/{article.pk}/").status_code == 404
        client.force_login(resident)
        assert client.get(f"/tin-tuc/xem-truoc/{article.pk}/").status_code == 404

    def test_staff_without_news_permission_gets_404(self, client, django_user_model, make_article):
        clerk = django_user_model.objects.create_user("vanthu", password="mat-khau-dai-123", is_staff=True)
        client.force_login(clerk)
        assert client.get(f"/tin-tuc/xem-truoc/{make_article(status='draft').pk}/").status_code == 404


def test_cover_renditions_are_webp_without_exif(with_cover, media):
    """The copies of a phone photo on public pages are resized WebP with no EXIF left."""
    for width in (480, 960, 1600):
        path = media / with_cover.cover.name.replace(".jpg", f"-w{width}.webp")
        with Image.open(path) as image:
            assert image.format == "WEBP" and image.width == width and not image.getexif()
    with Image.open(io.BytesIO(with_cover.cover.read())) as original:
        assert original.size == (2000, 1500) and not original.getexif()


class TestSharing:
    """A shared news link shows its title, summary and cover in Zalo and Facebook; search finds it."""

    def test_preview_tags_and_json_ld(self, client, with_cover):
        html = client.get(with_cover.get_absolute_url()).content.decode()
        assert '<meta property="og:type" content="article">' in html
        assert '<meta property="og:title" content="Tin có ảnh">' in html
        assert f'<meta property="og:image" content="http://testserver{with_cover.cover.url}">' in html
        assert '<meta property="og:image:alt" content="Hội nghị tại tổ dân phố">' in html
        assert '"@type": "NewsArticle"' in html and '"headline": "Tin có ảnh"' in html

    def test_search_finds_news_without_diacritics(self, client, make_article):
        article = make_article(title="Ra quân tuyên truyền ở tổ dân phố Đồng Hòa")
        results = client.get("/tim-kiem/", {"q": "dong hoa"}).context["results"]
        assert [result.url for result in results] == [article.get_absolute_url()]
        assert "<mark>Đồng</mark> <mark>Hòa</mark>" in str(results[0].title)

    def test_search_reads_the_text_as_last_saved(self, client, make_article):
        article = make_article(title="Tin thử", summary="", body="<p>Hội nghị ở khu Đông Hải.</p>")
        assert [r.url for r in client.get("/tim-kiem/", {"q": "DONG HAI"}).context["results"]] == [
            article.get_absolute_url()
        ]
        article.body = "<p>Sinh hoạt chi hội Lạch Tray.</p>"
        article_save(article=article)
        assert client.get("/tim-kiem/", {"q": "dong hai"}).context["results"] == []
        assert [r.url for r in client.get("/tim-kiem/", {"q": "lach tray"}).context["results"]] == [
            article.get_absolute_url()
        ]

    def test_search_skips_drafts(self, client, make_article):
        make_article(title="Bản nháp chưa đăng về Đồng Hòa", status=Article.Status.DRAFT)
        assert client.get("/tim-kiem/", {"q": "dong hoa"}).context["results"] == []
