"""The page cache (namdong_site/pagecache.py): anonymous public pages come from the shared cache,
and any change made by staff shows on every affected page at once."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaign.models import TaskItem, UnitGroup
from namdong_site import pagecache
from news.models import Article
from news.services import article_save
from progress.models import ActivityReport
from progress.services import activity_report_approve
from tests.factories import event_create, report_create, unit_create, ward_staff_create

LETTER = "/van-ban/31-mttq-btt/"


def fetch(client, url, **headers):
    """``(response, queries)`` for one GET."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **headers)
    return response, len(context.captured_queries)


def article(title, *, minutes_ago=5, status=Article.Status.PUBLISHED, **fields):
    return article_save(
        article=Article(
            title=title,
            summary="Tóm tắt tin thử.",
            body="<p>Nội dung tin thử.</p>",
            status=status,
            published_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
            **fields,
        )
    )


@pytest.fixture
def staff_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


class TestHits:
    """The second anonymous request of a page runs no SQL and says it was a hit."""

    @pytest.mark.parametrize(
        "url", ["/", "/en/", LETTER, "/tin-tuc/", "/tien-do/", "/tim-kiem/?q=giai+thuong", "/sitemap.xml"]
    )
    def test_second_request_is_a_hit(self, client, letter, url):
        first, first_queries = fetch(client, url)
        second, second_queries = fetch(client, url)
        assert first.status_code == second.status_code == 200
        assert first_queries > 0 and first["X-Page-Cache"] == "miss"
        assert second_queries == 0 and second["X-Page-Cache"] == "hit"
        assert second.content == first.content

    def test_headers_are_kept_and_browsers_revalidate(self, client, letter):
        first = client.get(LETTER, HTTP_ACCEPT_ENCODING="gzip")
        second = client.get(LETTER, HTTP_ACCEPT_ENCODING="gzip")
        for response in (first, second):
            assert response["Cache-Control"] == "public, no-cache"
            assert response["ETag"]
            assert response["Content-Encoding"] == "gzip"
            assert "Accept-Encoding" in response["Vary"]
            assert "default-src 'none'" in response["Content-Security-Policy"].split("; ")
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "Set-Cookie" not in response
        assert second["ETag"] == first["ETag"]
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
        again = client.get(LETTER, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b""

    def test_gzip_and_plain_are_stored_apart(self, client, letter):
        client.get("/", HTTP_ACCEPT_ENCODING="gzip")
        plain = client.get("/")
        assert plain["X-Page-Cache"] == "miss"
        assert "Content-Encoding" not in plain and plain.content.startswith(b"<!DOCTYPE html>")
        assert client.get("/", HTTP_ACCEPT_ENCODING="gzip, br")["Content-Encoding"] == "gzip"

    def test_english_and_vietnamese_are_stored_apart(self, client, letter):
        vietnamese = client.get("/")
        english = client.get("/en/")
        assert english["X-Page-Cache"] == "miss"
        assert '<html lang="vi">' in vietnamese.content.decode()
        assert '<html lang="en">' in english.content.decode()
        assert '<html lang="en">' in client.get("/en/").content.decode()
        assert '<html lang="vi">' in client.get("/").content.decode()

    def test_query_strings_are_stored_apart_and_bad_ones_poison_nothing(self, client, letter):
        for number in range(12):
            article(f"Tin thử số {number}", minutes_ago=number + 1)
        page_one = client.get("/tin-tuc/").content.decode()
        page_two = client.get("/tin-tuc/?page=2").content.decode()
        assert "Tin thử số 0" in page_one and "Tin thử số 0" not in page_two
        assert "Tin thử số 11" in page_two
        for bad in ["/tin-tuc/?page=abc", "/tin-tuc/?page=%FF%FE", "/tin-tuc/?page=2&page=1", "/tin-tuc/?page=99999"]:
            assert client.get(bad).status_code == 200
        assert client.get("/tin-tuc/").content.decode() == page_one
        assert client.get("/tin-tuc/?page=2").content.decode() == page_two
        assert client.get("/tim-kiem/?q=%00%FF").status_code == 200

    def test_each_search_is_stored_under_its_own_query(self, client, letter):
        found = client.get("/tim-kiem/?q=giai+thuong").content.decode()
        other = client.get("/tim-kiem/?q=to+dan+pho")
        assert other["X-Page-Cache"] == "miss"
        assert other.content.decode() != found

    def test_a_host_name_is_part_of_the_key(self, client, letter):
        client.get("/", HTTP_HOST="localhost")
        other = client.get("/", HTTP_HOST="127.0.0.1")
        assert other["X-Page-Cache"] == "miss"
        assert "http://127.0.0.1/" in other.content.decode()

    def test_unknown_host_is_refused_not_cached(self, client, letter):
        assert client.get("/", HTTP_HOST="evil.example").status_code == 400


class TestNeverStored:
    """Logged-in users, the admin, previews, POSTs, errors and pages that set a cookie are never stored."""

    def test_logged_in_user_neither_reads_nor_fills_the_cache(self, client, staff_client, letter):
        client.get("/")  # stored for anonymous visitors
        response, queries = fetch(staff_client, "/")
        assert queries > 0 and "X-Page-Cache" not in response
        assert response["Cache-Control"] == "private, no-cache"
        cache.clear()
        fetch(staff_client, LETTER)
        _, queries = fetch(client, LETTER)
        assert queries > 0, "the logged-in user's page was stored"

    def test_admin_and_preview_are_not_stored(self, staff_client, letter):
        draft = article("Bản nháp chưa đăng", status=Article.Status.DRAFT)
        for url in ["/quan-tri/", f"/tin-tuc/xem-truoc/{draft.pk}/"]:
            staff_client.get(url)
            assert "X-Page-Cache" not in staff_client.get(url)
        assert cache.get(pagecache.STATE_KEY) is None  # nothing reached the cache at all

    def test_errors_and_posts_are_not_stored(self, client, letter):
        assert client.get("/khong-co-trang-nay/").status_code == 404
        assert "X-Page-Cache" not in client.get("/khong-co-trang-nay/")
        assert client.post("/").status_code == 405
        assert client.get("/")["X-Page-Cache"] == "miss"

    def test_a_response_setting_a_cookie_is_not_stored(self, client, letter):
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        assert "django_language" in response.cookies
        storable = pagecache.PageCacheMiddleware.storable
        assert not storable(response)
        assert not storable(client.get("/quan-tri/login/"))  # CSRF cookie and token: never stored


class TestInvalidation:
    """Publishing, editing or approving anything shows on every affected page at once."""

    def warm(self, client, urls):
        for url in urls:
            client.get(url)
            assert client.get(url)["X-Page-Cache"] == "hit", url

    def test_publishing_news_shows_everywhere_at_once(self, client, letter):
        urls = ["/", "/tin-tuc/", "/tin-tuc/rss/", "/tin-tuc/atom/", "/sitemap.xml"]
        self.warm(client, urls)
        news = article("Phường Nam Đồng ra quân tuyên truyền")
        for url in urls:
            response = client.get(url)
            assert response["X-Page-Cache"] == "miss", url
            assert news.title in response.content.decode() or news.slug in response.content.decode(), url

    def test_publishing_through_the_admin_action(self, client, staff_client, letter):
        draft = article("Tin đăng bằng nút trong trang quản trị", status=Article.Status.DRAFT)
        self.warm(client, ["/", "/tin-tuc/"])
        response = staff_client.post(
            "/quan-tri/news/article/", {"action": "publish_now", "_selected_action": [draft.pk]}
        )
        assert response.status_code == 302
        assert draft.title in client.get("/").content.decode()
        assert draft.title in client.get("/tin-tuc/").content.decode()

    def test_unpublishing_hides_the_article_at_once(self, client, letter):
        news = article("Tin sẽ bị gỡ")
        url = news.get_absolute_url()
        self.warm(client, [url])
        news.status = Article.Status.DRAFT
        article_save(article=news)
        assert client.get(url).status_code == 404

    def test_editing_the_letter_shows_on_its_pages(self, client, letter):
        self.warm(client, [LETTER, "/nhiem-vu/"])
        item = TaskItem.objects.filter(section__directive=letter).order_by("section__number", "order").first()
        item.text = "Nhiệm vụ đã sửa trong trang quản trị."
        item.save()
        assert item.text in client.get(LETTER).content.decode()
        assert item.text in client.get("/nhiem-vu/").content.decode()

    def test_approving_a_report_shows_on_progress_pages(self, client, letter):
        unit = unit_create(name="Tổ dân phố thử nghiệm bộ nhớ đệm")
        report = report_create(unit=unit, status=ActivityReport.Status.PENDING, people=123, title="Hội nghị chờ duyệt")
        unit_page = f"/tien-do/don-vi/{unit.slug}/"
        group_page = f"/tien-do/nhom/{unit.group.slug}/"
        self.warm(client, ["/tien-do/", group_page, unit_page])
        assert report.title not in client.get(unit_page).content.decode()
        assert 'data-stat="people">0<' in client.get(group_page).content.decode()
        activity_report_approve(report=report, by=ward_staff_create())
        assert report.title in client.get(unit_page).content.decode()
        assert 'data-stat="people">123<' in client.get(group_page).content.decode()
        assert client.get("/tien-do/")["X-Page-Cache"] == "miss"

    def test_scheduled_article_appears_when_its_time_comes(self, client, letter, monkeypatch):
        scheduled = article("Tin hẹn giờ", status=Article.Status.SCHEDULED, minutes_ago=-30)
        self.warm(client, ["/", "/tin-tuc/"])
        assert scheduled.title not in client.get("/tin-tuc/").content.decode()
        later = timezone.now() + datetime.timedelta(minutes=31)
        monkeypatch.setattr(timezone, "now", lambda: later)
        monkeypatch.setattr(pagecache.time, "time", lambda: later.timestamp())
        assert scheduled.title in client.get("/tin-tuc/").content.decode()
        assert scheduled.title in client.get("/").content.decode()

    def test_published_event_shows_on_home_at_once(self, client, letter):
        self.warm(client, ["/", "/su-kien/"])
        event = event_create(title="Hội nghị mới đăng", start=timezone.now() + datetime.timedelta(days=2))
        assert event.title in client.get("/").content.decode()
        assert event.title in client.get("/su-kien/").content.decode()

    def test_event_leaves_upcoming_list_when_it_is_over(self, client, letter, monkeypatch):
        start = timezone.now() + datetime.timedelta(minutes=10)
        event = event_create(title="Sinh hoạt sắp kết thúc", start=start, end=start + datetime.timedelta(hours=1))
        self.warm(client, ["/"])
        assert event.title in client.get("/").content.decode()
        later = start + datetime.timedelta(hours=1, minutes=1)
        monkeypatch.setattr(timezone, "now", lambda: later)
        monkeypatch.setattr(pagecache.time, "time", lambda: later.timestamp())
        home = client.get("/")
        assert home["X-Page-Cache"] == "miss"
        assert event.title not in home.content.decode()

    def test_pages_are_made_anew_after_local_midnight(self, client, letter, monkeypatch):
        self.warm(client, ["/"])
        assert client.get("/")["X-Page-Cache"] == "hit"
        midnight = pagecache.next_local_midnight()
        assert timezone.localtime(midnight).hour == 0 and midnight > timezone.now()
        monkeypatch.setattr(pagecache.time, "time", lambda: midnight.timestamp() + 1)
        assert client.get("/")["X-Page-Cache"] == "miss"

    def test_bulk_sample_data_drops_the_cache(self, client, letter):
        from progress.sample import sample_create

        group = UnitGroup.objects.order_by("order").first()
        pages = ["/tien-do/", f"/tien-do/nhom/{group.slug}/"]
        self.warm(client, pages)
        assert 'data-stat="units">0 / 0<' in client.get(pages[0]).content.decode()
        sample_create(units=3, reports=10, nominations=0)
        assert 'data-stat="units">0 / 0<' not in client.get(pages[0]).content.decode()
        assert "[Mẫu]" in client.get(pages[1]).content.decode()

    def test_other_apps_do_not_drop_the_cache(self, client, letter, django_user_model):
        self.warm(client, ["/"])
        django_user_model.objects.create_user("nguoidung", password="mat-khau-dai-123")
        assert client.get("/")["X-Page-Cache"] == "hit"

    def test_a_listed_app_drops_the_cache(self, client, letter, settings, django_user_model):
        settings.PAGE_CACHE_INVALIDATING_APPS = [*settings.PAGE_CACHE_INVALIDATING_APPS, "auth"]
        self.warm(client, ["/"])
        django_user_model.objects.create_user("nguoidung", password="mat-khau-dai-123")
        assert client.get("/")["X-Page-Cache"] == "miss"


class TestSwitch:
    def test_off_means_every_request_renders(self, client, letter, settings):
        settings.PAGE_CACHE_ENABLED = False
        client.get("/")
        response, queries = fetch(client, "/")
        assert queries > 0 and "X-Page-Cache" not in response


class TestDeployment:
    """A deployment (new code, templates, translations or static files) starts afresh."""

    def test_code_stamp_follows_the_newest_file(self, tmp_path):
        import os

        (tmp_path / "templates").mkdir()
        (tmp_path / "app").mkdir()
        (tmp_path / "app" / "__init__.py").write_text("")
        (tmp_path / "media").mkdir()
        page = tmp_path / "templates" / "page.html"
        page.write_text("<p>1</p>")
        os.utime(page, ns=(1_000, 1_000))
        os.utime(tmp_path / "app" / "__init__.py", ns=(2_000, 2_000))
        assert pagecache._code_stamp(tmp_path) == 2_000
        os.utime(page, ns=(5_000, 5_000))
        upload = tmp_path / "media" / "photo.html"  # not code: uploads never change the stamp
        upload.write_text("")
        os.utime(upload, ns=(9_000, 9_000))
        assert pagecache._code_stamp(tmp_path) == 5_000

    def test_pages_are_keyed_by_deployment(self, client, letter, monkeypatch):
        client.get("/")
        pagecache.deploy_id.cache_clear()
        monkeypatch.setattr(pagecache, "_code_stamp", lambda base_dir: 42)
        try:
            assert client.get("/")["X-Page-Cache"] == "miss"
            assert client.get("/")["X-Page-Cache"] == "hit"
        finally:
            pagecache.deploy_id.cache_clear()


@pytest.mark.usefixtures("no_page_cache")
class TestChromeFragments:
    """Templates keep what depends only on language and deployment (base.html's feed links,
    brand, menu and footer; the home page's fixed sections) in the "template_fragments" cache:
    never content, keyed on both (the menu also on which of its links the page marks current)."""

    @pytest.mark.parametrize(
        ("path", "current"),
        [
            ("/", ["Trang chủ"]),
            ("/tin-tuc/", ["Tin tức"]),
            ("/van-ban/31-mttq-btt/", ["Công văn"]),
            ("/tien-do/don-vi/{unit}/", ["Đơn vị", "Tiến độ"]),
            ("/giai-thuong/", ["Giải thưởng"]),
            ("/tim-kiem/?q=x", []),
        ],
    )
    def test_the_menu_marks_the_current_page(self, client, letter, path, current):
        import re

        client.get("/")  # the home page's menu is stored first
        html = client.get(path.format(unit=unit_create().slug)).content.decode()
        nav = html[html.index('<nav class="nd-nav"') : html.index("</nav>", html.index('<nav class="nd-nav"'))]
        assert re.findall(r'aria-current="page">([^<]+)<', nav) == current

    def test_only_chrome_is_stored_and_each_language_has_its_own(self, client, letter):
        from django.core.cache import caches

        fragments = caches["template_fragments"]
        fragments.clear()
        vietnamese = client.get("/").content.decode()
        english = client.get("/en/").content.decode()
        again = client.get("/tin-tuc/").content.decode()
        assert ">Sơ đồ trang<" in vietnamese and ">Sitemap<" not in vietnamese
        assert ">Sitemap<" in english and ">Sơ đồ trang<" not in english
        assert ">Sơ đồ trang<" in again and 'rel="stylesheet"' in again
        keys = list(fragments._cache)
        # head, brand, footer, the menu as the home page marks it and the home page's fixed
        # sections, in two languages; the menu as the news list marks it
        assert len(keys) == 11, keys
        assert all(key.startswith(":1:template.cache.chrome_") for key in keys), keys

    def test_a_new_deployment_renders_the_chrome_afresh(self, client, letter, monkeypatch):
        from django.core.cache import caches

        fragments = caches["template_fragments"]
        fragments.clear()
        client.get("/")
        assert len(fragments._cache) == 5
        pagecache.deploy_id.cache_clear()
        monkeypatch.setattr(pagecache, "_code_stamp", lambda base_dir: 42)
        try:
            client.get("/")
            assert len(fragments._cache) == 10
        finally:
            pagecache.deploy_id.cache_clear()
