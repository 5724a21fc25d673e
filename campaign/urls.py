"""Public URLs of the campaign, with readable Vietnamese slugs."""

from django.urls import path

from . import feeds, views

app_name = "campaign"

urlpatterns = [
    path("", views.home, name="home"),
    path("van-ban/", views.directive_list, name="directive-list"),
    path("van-ban/rss/", feeds.DirectiveRssFeed(), name="directive-rss"),
    path("van-ban/atom/", feeds.DirectiveAtomFeed(), name="directive-atom"),
    path("van-ban/<slug:slug>/", views.directive_detail, name="directive"),
    path("van-ban/<slug:slug>/van-ban.txt", views.directive_text, name="directive-text"),
    path("nhiem-vu/", views.tasks, name="tasks"),
    path("don-vi/", views.unit_list, name="unit-list"),
    path("don-vi/nhom/<slug:slug>/", views.unit_group_detail, name="unit-group"),
    path("don-vi/<slug:slug>/", views.unit_detail, name="unit"),
    path("giai-thuong/", views.contest_detail, name="contest"),
    path("tim-kiem/", views.search_view, name="search"),
]
