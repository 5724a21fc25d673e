"""Public URLs of events, under /su-kien/ (and /en/su-kien/)."""

from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    # Before the event paths: "lich" is a reserved slug (models.RESERVED_SLUGS).
    path("lich.ics", views.event_feed, name="feed"),
    path("<slug:slug>.ics", views.event_ics, name="ics"),
    path("<slug:slug>/", views.event_detail, name="detail"),
]
