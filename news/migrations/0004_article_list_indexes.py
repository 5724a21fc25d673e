"""Indexes for the public list's order (the first page without sorting every published article),
the time-range queries and the admin's drafts; the old (status, published_at) index goes, as SQLite
preferred it for the list and sorted every row."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_article_search_text"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="article", name="article_status_time"),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["-pinned", "-published_at", "-id", "status"], name="article_list_order"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["published_at", "status"], name="article_time_status"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(condition=models.Q(status="draft"), fields=["-updated_at"], name="article_drafts"),
        ),
    ]
