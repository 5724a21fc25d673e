"""The health check for load balancers and monitoring, and the 500 handler that knows about 503."""

import logging
import sys
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .middleware import database_unavailable, maintenance_response

logger = logging.getLogger("ops.health")


@never_cache
@require_safe
def healthz(request):
    """200 ``{"status": "ok", "database": "ok", "cache": "ok"}``, or 503 naming what failed."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError as error:
        logger.error("Health check: database unavailable: %s", error)
        checks["database"] = "error"
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        checks["cache"] = "ok" if cache.get(key) == "ok" else "error"
        cache.delete(key)
    except Exception as error:  # any cache backend's own errors (Redis down, …)
        logger.error("Health check: cache unavailable: %s", error)
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    response = JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """``handler500``: the maintenance page (503) when the error is the database being unreachable."""
    error = sys.exc_info()[1]
    if database_unavailable(error):
        return maintenance_response(request)
    return defaults.server_error(request)
