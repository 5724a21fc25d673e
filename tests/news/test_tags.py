"""The news template tags write the same HTML as the template code they replaced."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from news.models import Article

# templates/news/includes/picture.html, which the inclusion tag article_picture rendered.
OLD_PICTURE = Template(
    """{% if article.cover %}<picture class="{{ css_class }}">
  {% if srcset %}<source type="image/webp" srcset="{{ srcset }}" sizes="{{ sizes }}">{% endif %}
  <img class="{{ css_class }}__img" src="{{ article.cover.url }}" alt="{{ article.cover_alt }}"{% if article.cover_width %} width="{{ article.cover_width }}" height="{{ article.cover_height }}"{% endif %}{% if lazy %} loading="lazy"{% else %} fetchpriority="high"{% endif %} decoding="async">
</picture>{% endif %}
"""  # noqa: E501
)
# The loop of templates/news/article_list.html that news_cards replaced.
OLD_CARDS = Template(
    """{% load i18n %}{% for article in articles %}
    <li class="nd-news-card{% if article.pinned %} nd-news-card--pinned{% endif %}">
      <article>
        {% if article.cover %}{% include picture with srcset=article.cover_srcset sizes="(min-width: 48rem) 16rem, 100vw" lazy=forloop.counter0 css_class="nd-news-card__picture" %}{% endif %}
        <div class="nd-news-card__text">
          {% if article.pinned %}<p class="nd-news-card__flag">{% translate "Tin nổi bật" %}</p>{% endif %}
          <h2 class="nd-news-card__title"><a class="nd-news-card__link" href="{{ article.get_absolute_url }}">{{ article.title }}</a></h2>
          <p class="nd-news-card__date"><time datetime="{{ article.published_at|date:'c' }}">{{ article.published_at|date:"d/m/Y" }}</time></p>
          {% if article.summary %}<p class="nd-news-card__summary">{{ article.summary }}</p>{% endif %}
        </div>
      </article>
    </li>
    {% endfor %}"""  # noqa: E501
)


def articles():
    """Articles with and without a cover (small and large), pinned or not, with markup in their text,
    at times either side of midnight in Việt Nam. (A cover always has its size: the image field
    reads a cover without one from storage.)"""
    moment = datetime.datetime(2026, 1, 9, 16, 59, 59, 123456, tzinfo=datetime.UTC)
    return [
        Article(
            title="Tin <b>\"ghim\"</b> & 'nổi bật'",
            slug="tin-ghim",
            summary="Tóm tắt <i>có thẻ</i> & dấu",
            cover="tin-tuc/anh-bia/a b&c.jpg",
            cover_width=2000,
            cover_height=1500,
            cover_alt='Ảnh "hội nghị" <tổ 5>',
            pinned=True,
            published_at=moment,
        ),
        Article(title="Tin thường", slug="tin-thuong", summary="", published_at=moment + datetime.timedelta(seconds=1)),
        Article(
            title="Tin có ảnh nhỏ",
            slug="tin-anh-nho",
            summary="Có ảnh",
            cover="tin-tuc/anh-bia/nho.png",
            cover_width=300,
            cover_height=200,
            cover_alt="Ảnh nhỏ",
            published_at=datetime.datetime(2025, 12, 31, 17, 0, tzinfo=datetime.UTC),
        ),
        Article(
            title="Tin ngày nhuận",
            slug="tin-ngay-nhuan",
            summary="Không ảnh",
            published_at=datetime.datetime(2024, 2, 29, 0, 0, tzinfo=datetime.UTC),
        ),
    ]


# The loop of templates/campaign/home.html that news_brief replaced.
OLD_BRIEF = Template(
    """{% for article in latest_news %}
    <li class="nd-news-brief__item">
      <a class="nd-news-brief__title" href="{{ article.get_absolute_url }}">{{ article.title }}</a>
      <time class="nd-news-brief__date" datetime="{{ article.published_at|date:'c' }}">"""
    """{{ article.published_at|date:"d/m/Y" }}</time>
      {% if article.summary %}<p class="nd-news-brief__summary">{{ article.summary|truncatewords:30 }}</p>{% endif %}
    </li>
    {% endfor %}"""
)


class TestSameHtml:
    """news_cards, article_picture and article_date write what the template loop, the included
    picture and the date filters wrote, byte for byte."""

    @pytest.mark.parametrize("language", ["vi", "en"])
    def test_cards(self, language, db):
        rows = articles()
        with translation.override(language):
            old = OLD_CARDS.render(Context({"articles": rows, "picture": OLD_PICTURE}))
            new = Template("{% load news_tags %}{% news_cards articles %}").render(Context({"articles": rows}))
        assert new == old
        assert new.count("<picture") == 2 and 'fetchpriority="high"' in new and "&lt;b&gt;" in new

    @pytest.mark.parametrize("lazy", [True, False])
    def test_picture(self, lazy):
        for article in articles()[::2]:  # the templates call it for an article with a cover
            old = OLD_PICTURE.render(
                Context(
                    {
                        "article": article,
                        "srcset": article.cover_srcset,
                        "sizes": "(min-width: 48rem) 46rem, 100vw",
                        "lazy": lazy,
                        "css_class": "nd-article__cover",
                    }
                )
            )
            new = Template(
                '{% load news_tags %}{% article_picture article sizes="(min-width: 48rem) 46rem, 100vw" '
                'lazy=lazy css_class="nd-article__cover" %}'
            ).render(Context({"article": article, "lazy": lazy}))
            assert new == old

    @pytest.mark.parametrize("zone", ["Asia/Ho_Chi_Minh", "UTC", "America/New_York"])
    def test_date(self, zone):
        old = Template("""<time datetime="{{ value|date:'c' }}">{{ value|date:"d/m/Y H:i" }}</time>""")
        new = Template("{% load news_tags %}{% article_date value with_time=True %}")
        with timezone.override(zone):
            for article in articles():
                context = Context({"value": article.published_at})
                assert new.render(context) == old.render(context)

    @pytest.mark.parametrize("zone", ["Asia/Ho_Chi_Minh", "UTC", "America/New_York"])
    def test_brief(self, zone):
        rows = articles()
        long_summary = " ".join(f"từ<{n}>&" for n in range(45))
        rows[1].summary = long_summary  # cut after 30 words
        rows[3].summary = "Đúng   ba\nmươi " + " ".join(["chữ"] * 28)  # exactly 30 words, spaces and a line break
        new_brief = Template("{% load news_tags %}{% news_brief latest_news %}")
        with timezone.override(zone):
            context = Context({"latest_news": rows})
            new, old = new_brief.render(context), OLD_BRIEF.render(context)
        assert new == old
        assert "…" in new and "&lt;b&gt;" in new and "từ&lt;29&gt;&amp;" in new and "từ&lt;30&gt;" not in new
