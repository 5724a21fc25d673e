"""Public URLs of the campaign, with readable Vietnamese slugs."""

from django.urls import path

from . import views

app_name = "campaign"

urlpatterns = [
    path("", views.home, name="home"),
    path("van-ban/<slug:slug>/", views.directive_detail, name="directive"),
    path("van-ban/<slug:slug>/van-ban.txt", views.directive_text, name="directive-text"),
]
