"""Data migration: the staff groups "Quản trị", "Biên tập viên" and "Đại diện đơn vị".

Permissions are normally created after all migrations have run; they are created
here first so the groups can be given them. See news/roles.py.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from news.roles import roles_sync


def roles_create(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles_sync(group_model=apps.get_model("auth", "Group"), permission_model=apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("campaign", "0003_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("sessions", "0001_initial"),
    ]

    # Reversing keeps the groups: they may hold users and permissions given since.
    operations = [migrations.RunPython(roles_create, migrations.RunPython.noop)]
