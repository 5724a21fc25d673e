"""App configuration for news (tin tức)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "news"
    verbose_name = _("Tin tức")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .roles import roles_after_migrate

        # Permissions exist only after migrate; groups get them then.
        post_migrate.connect(roles_after_migrate, sender=self, dispatch_uid="news-roles")
