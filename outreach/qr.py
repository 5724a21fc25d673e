"""QR codes for printed material, drawn on the server as SVG (segno), so they
print sharp at any size and the page needs no script.

Only the targets listed in ``qr_targets`` can be encoded: this is not an open
QR generator that anyone could point at any address.
"""

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
    svg = qr_code(url).svg_inline(scale=1, border=4, omitsize=True, svgclass="nd-qr__svg", lineclass=None, light="#fff")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{_attr(label)}" ', 1)


def qr_svg_document(url):
    """A stand-alone SVG file, for staff to put on their own material."""
    import io

    buffer = io.BytesIO()
    qr_code(url).save(buffer, kind="svg", scale=10, border=4, xmldecl=True, svgclass=None, lineclass=None, light="#fff")
    return buffer.getvalue()


def _attr(text):
    from django.utils.html import escape

    return escape(text)
