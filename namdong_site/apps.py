"""The admin app, with the project's admin site (namdong_site/admin.py) as ``admin.site``."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "namdong_site.admin.SiteAdmin"
