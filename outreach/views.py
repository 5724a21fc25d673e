"""Outreach material for the channels letter 31/MTTQ-BTT names: the index of
material, the printable poster (A4) and flyer (A5) with QR codes, loudspeaker
bulletins of the letter and of news items, and the QR images themselves.

Everything shown comes from the database: the published letter, its contest
and the phases staff entered. A deadline appears only when staff entered one.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from campaign.letter import directive_for_display
from campaign.models import Contest, Directive, OutreachChannel
from news.models import Article

from .bulletin import article_bulletin, directive_bulletin
from .qr import qr_svg_document, qr_svg_inline, qr_targets

NEWS_SHOWN = 5

# Which material serves each channel the letter names (by the channel's slug in
# campaign/data/letter-31-MTTQ-BTT.json). A channel staff add later is listed with
# the printed material until it is given a place here.
CHANNEL_MATERIAL = {
    "hoi-nghi": "print",
    "sinh-hoat-chi-hoi": "print",
    "sinh-hoat-cong-dong": "print",
    "truyen-thanh-co-so": "radio",
    "mang-xa-hoi": "social",
    "kenh-thong-tin-dia-phuong": "social",
    "website-giai-thuong": "web",
}


def _campaign():
    """The current published letter and its contest (phases prefetched), either may be None."""
    directive = (
        Directive.objects.published()
        .select_related("issuer__parent", "contest")
        .prefetch_related("contest__phases")
        .first()
    )
    if directive is not None and directive.contest_id:
        return directive, directive.contest
    return directive, Contest.objects.prefetch_related("phases").order_by("-id").first()


def _host(url):
    return url.split("://", 1)[-1].rstrip("/")


def _qr_codes(request, contest):
    """The QR codes a sheet prints: the contest's website first, then this site's campaign page."""
    return [
        {
            "name": name,
            "url": url,
            "host": _host(url),
            "svg": qr_svg_inline(url, label=_("Mã QR tới %(host)s") % {"host": _host(url)}),
        }
        for name, url in sorted(qr_targets(request, contest).items())
    ]


@require_GET
def index(request):
    directive, contest = _campaign()
    channel_groups = {"print": [], "radio": [], "social": [], "web": []}
    for channel in OutreachChannel.objects.all():
        channel_groups[CHANNEL_MATERIAL.get(channel.slug, "print")].append(channel)
    news = Article.objects.published().for_listing().order_by("-published_at", "-id")[:NEWS_SHOWN]
    return render(
        request,
        "outreach/index.html",
        {
            "directive": directive,
            "contest": contest,
            "channel_groups": channel_groups,
            "news": news,
            "qr_names": sorted(qr_targets(request, contest)),
        },
    )


def _sheet(request, template, size):
    directive, contest = _campaign()
    return render(
        request,
        template,
        {
            "directive": directive,
            "contest": contest,
            "deadline": contest.deadline() if contest else None,
            "qr_codes": _qr_codes(request, contest),
            "size": size,
        },
    )


@require_GET
def poster(request):
    return _sheet(request, "outreach/poster.html", "a4")


@require_GET
def flyer(request):
    return _sheet(request, "outreach/poster.html", "a5")


@require_GET
def qr_image(request, name):
    """The SVG of one whitelisted QR code; any other name is 404."""
    _, contest = _campaign()
    url = qr_targets(request, contest).get(name)
    if url is None:
        raise Http404
    response = HttpResponse(qr_svg_document(url), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="ma-qr-{name}.svg"'
    return response


def _published_letter(slug):
    return get_object_or_404(directive_for_display(Directive.objects.published()), slug=slug)


def _published_article(slug):
    return get_object_or_404(Article.objects.published(), slug=slug)


def _text_response(bulletin, filename):
    response = HttpResponse(bulletin.text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def directive_bulletin_view(request, slug):
    directive = _published_letter(slug)
    return render(
        request,
        "outreach/bulletin.html",
        {
            "bulletin": directive_bulletin(directive),
            "source": directive,
            "source_kind": "directive",
            "text_url": reverse("outreach:bulletin-directive-text", args=[directive.slug]),
        },
    )


@require_GET
def directive_bulletin_text(request, slug):
    directive = _published_letter(slug)
    return _text_response(directive_bulletin(directive), f"ban-tin-{directive.slug}.txt")


@require_GET
def article_bulletin_view(request, slug):
    article = _published_article(slug)
    return render(
        request,
        "outreach/bulletin.html",
        {
            "bulletin": article_bulletin(article),
            "source": article,
            "source_kind": "article",
            "text_url": reverse("outreach:bulletin-article-text", args=[article.slug]),
        },
    )


@require_GET
def article_bulletin_text(request, slug):
    article = _published_article(slug)
    return _text_response(article_bulletin(article), f"ban-tin-{article.slug}.txt")
