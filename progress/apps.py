"""App configuration for campaign progress."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = _("Tiến độ triển khai")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .tallies import connect_signals

        connect_signals()
