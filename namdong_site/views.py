"""Project-level views."""

from django.conf import settings
from django.http import Http404
from django.views.static import serve


def media_serve(request, path):
    """Uploaded files for local runs (``DJANGO_SERVE_MEDIA=1``), through Django's ``serve``.

    ``serve`` refuses names that climb out of ``MEDIA_ROOT`` (400) and answers 404
    for missing files, but lets the operating system's own refusals escape as a
    500: a name longer than the file system allows (ENAMETOOLONG), or one it
    cannot encode. Those name no file either, so they are a 404 here.
    """
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError) as error:
        raise Http404 from error
