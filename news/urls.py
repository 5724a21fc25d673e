"""Public URLs of news: the list, an article, its feeds; the preview and the editor's upload for staff."""

from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("tin-tuc/", views.article_list, name="list"),
    path("tin-tuc/rss/", feeds.ArticleRssFeed(), name="rss"),
    path("tin-tuc/atom/", feeds.ArticleAtomFeed(), name="atom"),
    path("tin-tuc/xem-truoc/<int:pk>/", views.article_preview, name="preview"),
    path("tin-tuc/tai-anh-len/", views.editor_image_upload, name="editor-image-upload"),
    path("tin-tuc/<slug:slug>/", views.article_detail, name="detail"),
]
