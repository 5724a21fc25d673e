"""The admin form of an article: the CKEditor 5 widget, and the body sanitised on the server."""

from django import forms
from django_ckeditor_5.widgets import CKEditor5Widget

from .models import Article
from .sanitize import html_sanitize


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title", "slug", "summary", "body", "cover", "cover_alt", "status", "published_at", "pinned",
            "directives", "task_sections", "task_items", "units",
        ]  # fmt: skip
        widgets = {
            "body": CKEditor5Widget(config_name="news"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_body(self):
        # Cleaned here so the form re-displays what will be stored; the service cleans again.
        return html_sanitize(self.cleaned_data.get("body", ""))
