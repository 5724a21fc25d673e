"""Staff roles: the groups the admin gives to ward staff, with their permissions.

- "Quản trị": everything, user accounts and groups included.
- "Biên tập viên": news, events (publishing them too), the directive's content, the contest, units; no users
  or groups. Deleting a whole directive or contest stays with "Quản trị": it
  takes all its parts with it.
- "Đại diện đơn vị": the unit representatives: view, add, change and delete
  reports, their photos, nominations and events (which units they reach is
  decided per record in progress.permissions); never approve, publish an event,
  manage all units or confirm an award, which ward staff ("Quản trị", "Biên tập
  viên") do.

A user also needs "Là nhân viên" (is_staff) to enter the admin. The data
migration ``news/0002_roles`` calls ``roles_sync`` with the historical models,
and every ``migrate`` calls it again (``roles_after_migrate``), so permissions
of models added later reach "Quản trị" too. Running it again changes nothing
but adds permissions that are new since.
"""

ADMINISTRATORS = "Quản trị"
EDITORS = "Biên tập viên"
UNIT_REPRESENTATIVES = "Đại diện đơn vị"

# Models editors manage, by app. Historical models come with them (viewing and
# reverting history uses the model's own permissions).
EDITOR_MODELS = {
    "news": {"article", "historicalarticle"},
    "events": {"event"},
    "progress": {"activityreport", "reportphoto", "nomination", "unitrepresentative"},
    "campaign": {
        "directive", "addressee", "legalbasis", "tasksection", "taskitem", "recipient", "referenceddocument",
        "organization", "outreachchannel", "contest", "contestphase", "contestcategory", "unitgroup", "targetunit",
        "historicaldirective", "historicaladdressee", "historicallegalbasis", "historicaltasksection",
        "historicaltaskitem", "historicalrecipient", "historicalcontest", "historicalcontestphase",
        "historicalcontestcategory",
    },
}  # fmt: skip
EDITOR_EXCLUDED = {"campaign.delete_directive", "campaign.delete_contest"}
REPRESENTATIVE_PERMISSIONS = {
    f"progress.{action}_{model}"
    for model in ("activityreport", "reportphoto", "nomination")
    for action in ("view", "add", "change", "delete")
} | {f"events.{action}_event" for action in ("view", "add", "change", "delete")}


def roles_sync(*, group_model, permission_model):
    """Create the three groups if missing and give them their permissions; returns the names created."""
    created = []
    everything = list(permission_model.objects.select_related("content_type"))

    admins, was_created = group_model.objects.get_or_create(name=ADMINISTRATORS)
    admins.permissions.add(*everything)
    created += [ADMINISTRATORS] if was_created else []

    editors, was_created = group_model.objects.get_or_create(name=EDITORS)
    editor_permissions = [
        permission
        for permission in everything
        if permission.content_type.model in EDITOR_MODELS.get(permission.content_type.app_label, set())
        and f"{permission.content_type.app_label}.{permission.codename}" not in EDITOR_EXCLUDED
    ]
    editors.permissions.add(*editor_permissions)
    created += [EDITORS] if was_created else []

    representatives, was_created = group_model.objects.get_or_create(name=UNIT_REPRESENTATIVES)
    representatives.permissions.add(
        *[
            permission
            for permission in everything
            if f"{permission.content_type.app_label}.{permission.codename}" in REPRESENTATIVE_PERMISSIONS
        ]
    )
    created += [UNIT_REPRESENTATIVES] if was_created else []
    return created


def roles_after_migrate(sender, **kwargs):
    """``post_migrate`` receiver: make every app's permissions, then sync the groups."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    roles_sync(group_model=Group, permission_model=Permission)
