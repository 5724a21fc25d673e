"""Outreach material for the channels letter 31/MTTQ-BTT names: the index of
material, the printable poster (A4) and flyer (A5) with QR codes, loudspeaker
bulletins of the letter and of news items, and the QR images themselves.

Everything shown comes from the database: the published letter, its contest
and the phases staff entered. A deadline appears only when staff entered one.
"""

from django.db.models import BigIntegerField, DateTimeField
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from campaign.letter import directive_for_display
from campaign.models import Contest, ContestPhase, Directive, OutreachChannel
from namdong_site.prepared import Param, prepared
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


# The material's queries, their SQL built once per process (namdong_site/prepared.py).
_current_directive = prepared(
    lambda: Directive.objects.published(now=Param("now", DateTimeField())).select_related("issuer__parent", "contest")[
        :1
    ]
)
_latest_contest = prepared(lambda: Contest.objects.order_by("-id")[:1])
# Only the sheets show the deadline: the phases are read for them alone.
_contest_phases = prepared(
    lambda: ContestPhase.objects.filter(contest_id=Param("contest", BigIntegerField())).order_by("order", "starts_on")
)
_channels = prepared(lambda: OutreachChannel.objects.all())
# The index lists the latest news by title, for their bulletins.
_latest_news = prepared(
    lambda: (
        Article.objects.published(now=Param("now", DateTimeField()))
        .only("title", "slug")
        .order_by("-published_at", "-id")[:NEWS_SHOWN]
    )
)


def _campaign(now=None):
    """The current published letter and its contest, either may be None."""
    directive = next(iter(_current_directive(now=now or timezone.now())), None)
    if directive is not None and directive.contest_id:
        return directive, directive.contest
    return directive, next(iter(_latest_contest()), None)


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
    now = timezone.now()
    directive, contest = _campaign(now)
    channel_groups = {"print": [], "radio": [], "social": [], "web": []}
    for channel in _channels():
        channel_groups[CHANNEL_MATERIAL.get(channel.slug, "print")].append(channel)
    news = _latest_news(now=now)
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
            "deadline": contest.deadline(_contest_phases(contest=contest.pk)) if contest else None,
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
