"""Server-side cleaning of the rich text staff write in the editor.

Whatever the browser sends is untrusted: the editor can be bypassed, and text
pasted from Word or web pages carries styles, scripts and foreign images. The
body of an article is cleaned with nh3 against an allow-list that matches the
editor's toolbar (headings, bold, italic, lists, links, block quotes, tables,
images with captions), before it is stored:

- no script, no event handler, no ``style``, no ``javascript:`` or ``data:`` URL;
- links keep only http(s), mailto and tel, and get ``rel="noopener noreferrer"``;
- images only from our own media storage (``MEDIA_URL``), so an article never
  loads a picture from elsewhere (tracking, hotlinking, mixed content); an
  image whose source is not ours is dropped whole.

``html_sanitize`` is idempotent: cleaning clean HTML changes nothing.
"""

import re
from html.parser import HTMLParser

import nh3
from django.conf import settings

from campaign.text import nfc

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "a", "ul", "ol", "li", "blockquote",
    "figure", "figcaption", "img", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "srcset", "sizes", "width", "height"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
# The classes CKEditor 5 puts on figures (nh3 allows "class" through this list alone).
ALLOWED_CLASSES = {"figure": {"image", "table", "image-style-side", "image_resized"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# The editor writes sizes="100vw"; on the public page the text column is at most 46rem wide
# (static/css/site.css, .nd-article), so a desktop browser need not fetch the widest copy.
BODY_IMAGE_SIZES = "(min-width: 48rem) 46rem, 100vw"

_NUMBER = re.compile(r"^[0-9]{1,5}$")
_SRCSET_CANDIDATE = re.compile(r"^(\S+)\s+([0-9]{1,5}w)$")
_SCOPE = {"row", "col", "rowgroup", "colgroup"}
# nh3 (html5ever) escapes "<" and ">" inside attribute values, so a tag ends at the first ">".
_IMG_WITHOUT_SRC = re.compile(r"<img\b(?![^>]*\ssrc=\")[^>]*>")
_EMPTY_FIGURE = re.compile(r"<figure class=\"image[^\"]*\">\s*(?:<figcaption>.*?</figcaption>)?\s*</figure>", re.S)


def is_media_url(url):
    """True for a path inside our own uploaded media, such as /media/tin-tuc/noi-dung/x.jpg."""
    media = settings.MEDIA_URL
    if not url.startswith(media) or len(url) == len(media):
        return False
    rest = url[len(media) :]
    return not ("//" in rest or "\\" in rest or ".." in rest or ":" in rest or rest.startswith("/"))


def _attribute_filter(tag, attribute, value):
    value = value.strip()
    if tag == "img" and attribute == "src":
        return value if is_media_url(value) else None
    if tag == "img" and attribute == "srcset":
        candidates = [_SRCSET_CANDIDATE.match(part.strip()) for part in value.split(",")]
        if candidates and all(match and is_media_url(match.group(1)) for match in candidates):
            return ", ".join(f"{match.group(1)} {match.group(2)}" for match in candidates)
        return None
    if tag == "img" and attribute == "sizes":
        return BODY_IMAGE_SIZES
    if attribute in {"width", "height", "colspan", "rowspan", "start"}:
        return value if _NUMBER.match(value) else None
    if attribute == "scope":
        return value if value in _SCOPE else None
    return value


def html_sanitize(html):
    """Return ``html`` reduced to what the editor produces, safe to show on public pages."""
    if not html:
        return ""
    cleaned = nh3.clean(
        nfc(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    cleaned = _IMG_WITHOUT_SRC.sub("", cleaned)
    # Body images sit below the title and cover: they load lazily. Added here, in a fixed
    # place, so that cleaning twice gives the same text.
    cleaned = cleaned.replace("<img ", '<img loading="lazy" decoding="async" ')
    cleaned = _EMPTY_FIGURE.sub("", cleaned)
    if not html_to_text(cleaned) and "<img" not in cleaned:
        return ""  # the editor's empty "<p>&nbsp;</p>"
    return cleaned.strip()


_BLOCKS = {"p", "br", "h2", "h3", "h4", "li", "blockquote", "figcaption", "caption", "tr", "td", "th", "table"}


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html):
    """Plain text of an HTML fragment, one line per block, for search and feeds."""
    collector = _TextCollector()
    collector.feed(html or "")
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).splitlines())
    return nfc("\n".join(line for line in lines if line))
