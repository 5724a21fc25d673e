"""RSS and Atom feeds of published news (Django's syndication framework)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .models import Article

FEED_SIZE = 20


class ArticleRssFeed(Feed):
    title = _("Tin tức – Mặt trận phường Nam Đồng")
    link = reverse_lazy("news:list")
    description = _("Tin tức của Ủy ban MTTQ Việt Nam phường Nam Đồng, thành phố Hải Phòng.")

    def items(self):
        return Article.objects.published().defer("body")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or Truncator(item.body_text).words(60)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class ArticleAtomFeed(ArticleRssFeed):
    feed_type = Atom1Feed
    subtitle = ArticleRssFeed.description
