"""Sitemap of published news, for /sitemap.xml."""

from django.contrib.sitemaps import Sitemap

from .models import Article


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Article.objects.published().for_listing().order_by("-published_at", "-id")

    def lastmod(self, item):
        return item.updated_at
