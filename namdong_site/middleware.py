"""Security headers that Django 5.2 does not set by itself.

The Content Security Policy comes from django-csp. Its middleware sends
``settings.CONTENT_SECURITY_POLICY`` (the public pages: no inline script or
style, nothing from another host) on every response; the subclass below picks
a different policy for two parts of the site, by path:

- the admin (``ADMIN_PATH_PREFIXES``): scripts from the site itself or with the
  response's nonce, never ``unsafe-inline`` or ``unsafe-eval``; the editor's
  pasted pictures as ``blob:`` images (``CONTENT_SECURITY_POLICY_ADMIN``);
- uploaded files (``MEDIA_URL``, when Django serves them): nothing at all may
  load or run, and the document is sandboxed, so an upload that a browser
  would take for HTML or SVG cannot run script on the site's origin
  (``CONTENT_SECURITY_POLICY_MEDIA``).

A view may still set its own policy with django-csp's decorators. Nonces are
made only when a template asks for one (``request.csp_nonce``): the public
pages never do, so their responses are the same for everyone and can be cached.

``Permissions-Policy`` has no Django setting, so ``PermissionsPolicyMiddleware``
adds it; nosniff, the referrer policy, COOP and HSTS come from Django's
``SecurityMiddleware``.
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's and the uploads' policies chosen by path."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.by_prefix = [
            (settings.MEDIA_URL, default_config(settings.CONTENT_SECURITY_POLICY_MEDIA["DIRECTIVES"])),
            *(
                (prefix, default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]))
                for prefix in settings.ADMIN_PATH_PREFIXES
            ),
        ]

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None:  # no view decorator chose a policy
            for prefix, config in self.by_prefix:
                if request.path_info.startswith(prefix):
                    parts.config = config
                    break
        return parts


class PermissionsPolicyMiddleware:
    """Turn off the browser features the site never uses, on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
