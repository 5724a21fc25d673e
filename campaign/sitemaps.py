"""Sitemaps of the public pages, through ``published()``."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Directive, TargetUnit, UnitGroup


class BilingualSitemap(Sitemap):
    """Every page in Vietnamese and English, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(BilingualSitemap):
    """The site's fixed pages (the campaign's, the news list, the progress page)."""

    def items(self):
        return [
            "campaign:home",
            "campaign:directive-list",
            "campaign:tasks",
            "campaign:unit-list",
            "campaign:contest",
            "news:list",
            "progress:index",
        ]

    def location(self, item):
        return reverse(item)


class DirectiveSitemap(BilingualSitemap):
    def items(self):
        return Directive.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class UnitGroupSitemap(BilingualSitemap):
    def items(self):
        return UnitGroup.objects.order_by("pk")


class UnitSitemap(BilingualSitemap):
    def items(self):
        return TargetUnit.objects.published().order_by("pk")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "directives": DirectiveSitemap,
    "unit-groups": UnitGroupSitemap,
    "units": UnitSitemap,
}
