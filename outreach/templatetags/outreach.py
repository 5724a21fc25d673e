"""``{% share_links %}``: plain share links for the current page (Facebook, Zalo
through the phone's share sheet or a copied link, the link itself), with no
script or tracker from another site."""

from urllib.parse import quote

from django import template

register = template.Library()


@register.inclusion_tag("includes/share_links.html", takes_context=True)
def share_links(context, title=""):
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    return {
        "share_url": url,
        "share_title": title,
        "facebook_url": "https://www.facebook.com/sharer/sharer.php?u=" + quote(url, safe=""),
    }
