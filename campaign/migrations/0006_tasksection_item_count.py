"""TaskSection.item_count: how many items each section has, kept on write (see the model)."""

from django.db import migrations, models
from django.db.models import Count


def fill_item_count(apps, schema_editor):
    TaskSection = apps.get_model("campaign", "TaskSection")
    for section in TaskSection.objects.annotate(n=Count("items")):
        TaskSection.objects.filter(pk=section.pk).update(item_count=section.n)


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0005_taskitem_text_html"),
    ]

    operations = [
        migrations.AddField(
            model_name="tasksection",
            name="item_count",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="số việc"),
        ),
        migrations.RunPython(fill_item_count, migrations.RunPython.noop),
    ]
