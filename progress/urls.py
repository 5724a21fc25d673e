"""Public URLs of campaign progress."""

from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path("", views.index, name="index"),
    path("nhom/<slug:slug>/", views.group_detail, name="group"),
    path("don-vi/<slug:slug>/", views.unit_detail, name="unit"),
    path("bao-cao/<int:pk>/", views.report_link, name="report"),
]
