"""The group "Đại diện đơn vị" with what a unit representative may do.

Another app may create a group of the same name; ``get_or_create`` by that exact
name means whichever runs first creates it and both add their permissions.
Representatives get view/add/change/delete on reports, their photos and
nominations; which units they reach is decided per record (progress.permissions).
They do not get ``approve_activityreport``, ``manage_all_units`` or ``confirm_award``.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Đại diện đơn vị"
CODENAMES = [
    f"{action}_{model}"
    for model in ("activityreport", "reportphoto", "nomination")
    for action in ("view", "add", "change", "delete")
]


def _permissions(apps):
    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("progress")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="progress", codename__in=CODENAMES)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
