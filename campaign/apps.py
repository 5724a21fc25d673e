"""App configuration for the campaign app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "campaign"
    verbose_name = _("Chiến dịch tuyên truyền")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_save, pre_save

        from namdong_site.pagecache import connect_signals

        from .letter import task_item_post_delete, task_item_post_save, task_item_pre_save, task_section_post_save
        from .models import TaskItem, TaskSection
        from .search import register_sqlite_fold

        # Any change to the campaign, news or progress drops the cached pages (see settings).
        connect_signals()

        connection_created.connect(register_sqlite_fold, dispatch_uid="campaign-sqlite-fold")
        # A task item's letter HTML and its section's item count are kept on write (campaign.letter).
        pre_save.connect(task_item_pre_save, sender=TaskItem, dispatch_uid="campaign-task-item-pre")
        post_save.connect(task_item_post_save, sender=TaskItem, dispatch_uid="campaign-task-item-post")
        post_delete.connect(task_item_post_delete, sender=TaskItem, dispatch_uid="campaign-task-item-delete")
        post_save.connect(task_section_post_save, sender=TaskSection, dispatch_uid="campaign-task-section-post")
