"""Articles: what the public sees, slugs, and the rules staff are held to."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from news.models import Article
from news.services import article_publish, article_save

HOUR = datetime.timedelta(hours=1)


class TestPublished:
    """published() shows published and scheduled articles whose time has come, and nothing else."""

    def test_states(self, make_article):
        now = timezone.now()
        visible = {
            make_article(title="Đã đăng", status="published", published_at=now - HOUR),
            make_article(title="Hẹn giờ đã tới", status="scheduled", published_at=now - HOUR),
        }
        make_article(title="Bản nháp", status="draft")
        make_article(title="Hẹn giờ chưa tới", status="scheduled", published_at=now + HOUR)
        assert set(Article.objects.published()) == visible

    def test_scheduled_article_appears_by_itself(self, make_article, monkeypatch):
        article = make_article(status="scheduled", published_at=timezone.now() + HOUR)
        assert article not in Article.objects.published()
        later = timezone.now() + 2 * HOUR
        monkeypatch.setattr(timezone, "now", lambda: later)
        assert article in Article.objects.published()

    def test_publish_now(self, make_article):
        article = make_article(status="scheduled", published_at=timezone.now() + HOUR)
        article_publish(article=article)
        assert article in Article.objects.published()

    def test_database_refuses_scheduled_without_time(self, db):
        with pytest.raises(IntegrityError):
            Article.objects.create(title="x", slug="x", status="scheduled")


class TestSlug:
    """Slugs are ASCII, keep "đ" as "d", are unique and never shadow the feeds."""

    def test_vietnamese_title(self, make_article):
        assert make_article(title="Đồng chí Đoàn phát động thi đua").slug == "dong-chi-doan-phat-dong-thi-dua"

    def test_unique(self, make_article):
        first = make_article(title="Họp tổ dân phố")
        second = make_article(title="Họp tổ dân phố")
        assert (first.slug, second.slug) == ("hop-to-dan-pho", "hop-to-dan-pho-2")

    def test_reserved_slug_is_avoided(self, make_article):
        assert make_article(title="RSS").slug == "rss-2"

    def test_reserved_slug_is_refused_by_form_rules(self, db):
        with pytest.raises(ValidationError) as error:
            Article(title="x", slug="atom").full_clean(exclude=["body_text"])
        assert "slug" in error.value.message_dict


class TestRules:
    """Staff get a clear Vietnamese message instead of a state the site cannot show."""

    def test_scheduled_needs_a_time(self):
        with pytest.raises(ValidationError) as error:
            Article(title="x", slug="x", status="scheduled").clean()
        assert "ngày giờ" in error.value.message_dict["published_at"][0]

    def test_published_in_the_future_is_refused(self):
        article = Article(title="x", slug="x", status="published", published_at=timezone.now() + HOUR)
        with pytest.raises(ValidationError) as error:
            article.clean()
        assert "Hẹn giờ đăng" in error.value.message_dict["status"][0]

    def test_cover_needs_alt_text(self):
        article = Article(title="x", slug="x")
        article.cover.name = "tin-tuc/anh-bia/a.jpg"
        with pytest.raises(ValidationError) as error:
            article.clean()
        assert "cover_alt" in error.value.message_dict

    def test_published_without_time_means_now(self, db):
        article = article_save(article=Article(title="Tin mới", status="published"))
        assert article.published_at is not None
        assert article in Article.objects.published()


class TestSave:
    """The service stores a sanitised body, its plain text, and NFC text."""

    def test_body_and_text(self, make_article):
        article = make_article(body='<h2 onclick="x()">Kết quả</h2><p>Tổ 5 <script>x()</script>đã họp.</p>')
        article.refresh_from_db()
        assert article.body == "<h2>Kết quả</h2><p>Tổ 5 đã họp.</p>"
        assert article.body_text == "Kết quả\nTổ 5 đã họp."

    def test_title_is_nfc(self, make_article):
        article = make_article(title="Nam \u0110o\u0302\u0300ng")
        article.refresh_from_db()
        assert article.title == "Nam Đồng"

    def test_url(self, make_article):
        assert make_article(title="Tin một").get_absolute_url() == "/tin-tuc/tin-mot/"
