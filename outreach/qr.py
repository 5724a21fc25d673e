"""QR codes for printed material, drawn on the server as SVG (segno), so they
print sharp at any size and the page needs no script.

Only the targets listed in ``qr_targets`` can be encoded: this is not an open
QR generator that anyone could point at any address.
"""

from functools import lru_cache

import segno
from django.urls import reverse


def qr_targets(request, contest):
    """``{name: url}`` of what a QR code on our material may point to."""
    targets = {"trang-chien-dich": request.build_absolute_uri(reverse("campaign:home"))}
    if contest is not None and contest.website:
        targets["giai-thuong"] = contest.website
    return targets


def qr_code(url):
    # Error correction M (15 %) survives a fold or a smudge on a printed sheet.
    return segno.make(url, error="m", micro=False)


def qr_svg_inline(url, *, label):
    """An ``<svg>`` element for an HTML page: scalable (viewBox only), with an accessible name."""
    return _svg_inline(url).replace("<svg ", f'<svg role="img" aria-label="{_attr(label)}" ', 1)


@lru_cache(maxsize=32)
def _svg_inline(url):
    # Drawing a code costs 2-3 ms of CPU (segno builds the matrix and its path in Python), and
    # each page with material draws two. The drawing is a pure function of the URL, which is the
    # whole key: a new contest website or host is a new key, never a stale code. At most two
    # URLs per allowed host and contest website exist, so 32 entries hold them all.
    return qr_code(url).svg_inline(
        scale=1, border=4, omitsize=True, svgclass="nd-qr__svg", lineclass=None, light="#fff"
    )


def qr_svg_document(url):
    """A stand-alone SVG file, for staff to put on their own material."""
    import io

    buffer = io.BytesIO()
    qr_code(url).save(buffer, kind="svg", scale=10, border=4, xmldecl=True, svgclass=None, lineclass=None, light="#fff")
    return buffer.getvalue()


def _attr(text):
    from django.utils.html import escape

    return escape(text)
