"""RSS and Atom feeds of new directives, through ``published()``."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Directive


class DirectiveRssFeed(Feed):
    title = _("Văn bản mới của Mặt trận phường Nam Đồng")
    link = reverse_lazy("campaign:directive-list")
    description = _("Văn bản chỉ đạo của Ban Thường trực Ủy ban MTTQ Việt Nam phường Nam Đồng.")

    def items(self):
        return Directive.objects.published().order_by("-published_at")[:20]

    def item_title(self, item):
        return f"{item} – {item.subject_line}"

    def item_description(self, item):
        return item.summary or item.subject_line

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class DirectiveAtomFeed(DirectiveRssFeed):
    feed_type = Atom1Feed
    subtitle = DirectiveRssFeed.description
