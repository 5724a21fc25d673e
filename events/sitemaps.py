"""Sitemap sections of events: the list and each published event's page."""

from django.urls import reverse

from campaign.sitemaps import BilingualSitemap

from .models import Event


class EventPagesSitemap(BilingualSitemap):
    def items(self):
        return ["events:list"]

    def location(self, item):
        return reverse(item)


class EventSitemap(BilingualSitemap):
    def items(self):
        return Event.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"event-pages": EventPagesSitemap, "events": EventSitemap}
