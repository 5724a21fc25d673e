from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: backup and restore commands, the health check, the maintenance page."""

    name = "ops"
    verbose_name = "Vận hành"
