"""Small security helpers the settings point to."""

from django.conf import settings


def client_ip(request):
    """The address a login attempt came from, for django-axes.

    Served directly (``make run``), that is REMOTE_ADDR. Behind nginx
    (``DJANGO_BEHIND_PROXY=1``) every request comes from nginx, so the address
    is the ``X-Real-IP`` header, which the nginx configuration sets from its
    own ``$remote_addr`` on every request and so replaces whatever a client
    sent. Without that header the proxy's address is used, which still locks
    out a username after repeated failures, for everyone at once.
    """
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR") or None
