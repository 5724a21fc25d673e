"""URL configuration: Vietnamese pages at the root, English under /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic.base import RedirectView
from django.views.i18n import set_language

from campaign import views as campaign_views
from campaign.sitemaps import SITEMAPS
from events.sitemaps import SITEMAPS as EVENT_SITEMAPS
from news.sitemaps import ArticleSitemap
from ops import views as ops_views
from outreach.sitemaps import OUTREACH_SITEMAPS
from progress.sitemaps import SITEMAPS as PROGRESS_SITEMAPS

from .views import media_serve

# One sitemap for the whole site; each app adds its sections here.
sitemaps = {**SITEMAPS, "news": ArticleSitemap, **EVENT_SITEMAPS, **OUTREACH_SITEMAPS, **PROGRESS_SITEMAPS}

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("nested_admin/", include("nested_admin.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", campaign_views.robots_txt, name="robots-txt"),
    path("manifest.webmanifest", campaign_views.manifest, name="manifest"),
    # Health check for load balancers and monitoring: no language prefix, never cached, not in the sitemap.
    path("healthz", ops_views.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.ico", permanent=True)),
]

if settings.SERVE_MEDIA:
    # Local runs only (`make run`); production serves /media/ from nginx or object storage.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", media_serve)]

# A database that cannot be reached gives the 503 maintenance page, other errors 500.html.
handler500 = "ops.views.server_error"

urlpatterns += i18n_patterns(
    path("quan-tri/", admin.site.urls),
    path("", include("news.urls")),
    path("tien-do/", include("progress.urls")),
    path("su-kien/", include("events.urls")),
    path("an-pham/", include("outreach.urls")),
    path("", include("campaign.urls")),
    prefix_default_language=False,
)
