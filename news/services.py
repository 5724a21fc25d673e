"""Writes with side effects for news: saving an article (sanitising its body,
making its slug and the WebP copies of its cover), publishing it, and storing
an image that staff upload from the editor.

The admin calls these; nothing here runs from ``save()`` or a signal.
"""

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from campaign.images import image_clean, renditions_create
from campaign.text import vn_slugify

from .models import RESERVED_SLUGS, Article
from .sanitize import html_sanitize, html_to_text

EDITOR_IMAGE_DIR = "tin-tuc/noi-dung"


def article_slug_unique(*, title, exclude_pk=None):
    """An ASCII slug from the title ("Đồng" -> "dong"), made unique with -2, -3, …"""
    base = vn_slugify(title, max_length=90) or "tin"
    others = Article.objects.exclude(pk=exclude_pk) if exclude_pk else Article.objects.all()
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def article_save(*, article, user=None, cover_changed=False):
    """Save an article the way staff expect, whatever the path (admin form, shell, history revert).

    - the body is sanitised and its plain text kept in ``body_text``;
    - an empty slug is made from the title;
    - the first saver becomes the author;
    - "Đã đăng" with no time means now;
    - a new cover gets its resized WebP copies.
    """
    article.body = html_sanitize(article.body)
    article.body_text = html_to_text(article.body)
    article.search_text = article.folded_search_text()
    if not article.slug:
        article.slug = article_slug_unique(title=article.title, exclude_pk=article.pk)
    if article.author_id is None and user is not None and user.is_authenticated:
        article.author = user
    if article.status != Article.Status.DRAFT and article.published_at is None:
        article.published_at = timezone.now()
    if user is not None and user.is_authenticated:
        article._history_user = user
    with transaction.atomic():
        article.save()
    if cover_changed and article.cover:
        renditions_create(article.cover.name)
    return article


def article_publish(*, article, user=None):
    """Publish now: a draft or a scheduled article goes on the site at once."""
    article.status = Article.Status.PUBLISHED
    if article.published_at is None or article.published_at > timezone.now():
        article.published_at = timezone.now()
    return article_save(article=article, user=user)


def article_unpublish(*, article, user=None):
    """Take an article off the site, back to a draft; its time is kept for reference."""
    article.status = Article.Status.DRAFT
    return article_save(article=article, user=user)


def editor_image_store(*, upload):
    """Check and store an image uploaded from the editor; return the URLs the editor puts in the body.

    The upload is verified and re-encoded by ``image_clean`` (EXIF and GPS removed,
    random name); resized WebP copies are made for the ``srcset``. Raises
    ValidationError with a Vietnamese message when the file is refused.
    """
    cleaned = image_clean(upload)
    name = default_storage.save(f"{EDITOR_IMAGE_DIR}/{cleaned.name}", cleaned)
    made = renditions_create(name)
    urls = {"default": default_storage.url(name)}
    urls.update({str(width): default_storage.url(copy) for width, copy in made.items()})
    return urls
