"""Public URLs of the outreach material, under /an-pham/."""

from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("", views.index, name="index"),
    path("ap-phich/", views.poster, name="poster"),
    path("to-roi/", views.flyer, name="flyer"),
    path("qr/<slug:name>.svg", views.qr_image, name="qr"),
    path("ban-tin/van-ban/<slug:slug>/", views.directive_bulletin_view, name="bulletin-directive"),
    path("ban-tin/van-ban/<slug:slug>/ban-tin.txt", views.directive_bulletin_text, name="bulletin-directive-text"),
    path("ban-tin/tin-tuc/<slug:slug>/", views.article_bulletin_view, name="bulletin-article"),
    path("ban-tin/tin-tuc/<slug:slug>/ban-tin.txt", views.article_bulletin_text, name="bulletin-article-text"),
]
