"""Article.search_text: the searchable text, folded once on save instead of on every search."""

from django.db import migrations, models


def fill_search_text(apps, schema_editor):
    from campaign.search import sql_fold

    Article = apps.get_model("news", "Article")
    articles = list(Article.objects.only("id", "title", "summary", "body_text"))
    for article in articles:
        article.search_text = sql_fold("\n".join([article.title, article.summary, article.body_text]))
    Article.objects.bulk_update(articles, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="chữ để tìm kiếm"),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
