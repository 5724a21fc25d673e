"""When the database cannot be reached, answer 503 with a maintenance page, never a traceback.

Django opens a new connection for the next request (``CONN_HEALTH_CHECKS``
drops a dead persistent one first), so the site comes back by itself as soon
as the database does.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("ops.database")

# Connection failures, server restarts, a locked SQLite file: all pass once the database is back.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable(error):
    return isinstance(error, DATABASE_UNAVAILABLE)


def maintenance_response(request):
    """The 503 page: rendered without the database (no context processors, no session, no user).

    The language comes from the path, since the error may come before LocaleMiddleware has run.
    """
    path = request.path if request else "/"
    with translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE):
        html = render_to_string("503.html", {"retry_path": path})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database connection error raised by a view into the 503 maintenance page.

    Errors raised elsewhere (in another middleware, say the session's) reach
    ``handler500``, which ``ops.views.server_error`` answers the same way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG or not database_unavailable(exception):
            return None
        logger.error("Database unavailable on %s: %s", request.path, exception, exc_info=exception)
        return maintenance_response(request)
