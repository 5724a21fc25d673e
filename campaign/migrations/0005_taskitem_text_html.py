"""TaskItem.text_html: each task item's text as the letter shows it, stored (see the model)."""

from django.db import migrations, models
from django.template.defaultfilters import urlize


def fill_text_html(apps, schema_editor):
    # Historical models send no signal to the app's receiver: fill the existing rows here,
    # with the same conversion as campaign.letter.task_item_text_html.
    TaskItem = apps.get_model("campaign", "TaskItem")
    for item in TaskItem.objects.only("text"):
        item.text_html = str(urlize(item.text, autoescape=True))
        item.save(update_fields=["text_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0004_slugs_may_be_left_empty"),
    ]

    operations = [
        migrations.AddField(
            model_name="taskitem",
            name="text_html",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_text_html, migrations.RunPython.noop),
    ]
