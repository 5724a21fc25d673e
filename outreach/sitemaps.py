"""Sitemap entries of the outreach pages: the index, the poster, the flyer and
the loudspeaker bulletin of each published letter (news bulletins are reached
from their article and the index)."""

from django.urls import reverse

from campaign.models import Directive
from campaign.sitemaps import BilingualSitemap


class OutreachPagesSitemap(BilingualSitemap):
    def items(self):
        return ["outreach:index", "outreach:poster", "outreach:flyer"]

    def location(self, item):
        return reverse(item)


class DirectiveBulletinSitemap(BilingualSitemap):
    def items(self):
        return Directive.objects.published().order_by("pk")

    def location(self, item):
        return reverse("outreach:bulletin-directive", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


OUTREACH_SITEMAPS = {"outreach": OutreachPagesSitemap, "bulletins": DirectiveBulletinSitemap}
