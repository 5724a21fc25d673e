"""Sitemap sections of the progress pages: each addressee group's page (the ward's page is
among the fixed pages in ``campaign.sitemaps``; a unit's page is linked from its group's)."""

from django.urls import reverse

from campaign.models import UnitGroup
from campaign.sitemaps import BilingualSitemap


class ProgressGroupSitemap(BilingualSitemap):
    def items(self):
        return UnitGroup.objects.order_by("pk")

    def location(self, item):
        return reverse("progress:group", kwargs={"slug": item.slug})


SITEMAPS = {"progress-groups": ProgressGroupSitemap}
