"""Who may see and change which unit's progress records.

The rule: ward staff (superusers, or accounts with the permission
``progress.manage_all_units``) see every unit; anyone else sees only the units
they represent, and no unit at all when they represent none. The admin scopes
its querysets, object look-ups, form choices and exports through these
functions, so a representative cannot reach another unit's record by any URL.

Approving a report needs ``progress.approve_activityreport`` and is never
allowed on a report one filed oneself.
"""

from campaign.models import TargetUnit

REPRESENTATIVE_GROUP = "Đại diện đơn vị"
# What the group gets (the data migration 0002 holds a frozen copy of this list).
REPRESENTATIVE_CODENAMES = [
    f"{action}_{model}"
    for model in ("activityreport", "reportphoto", "nomination")
    for action in ("view", "add", "change", "delete")
]

MANAGE_ALL = "progress.manage_all_units"
APPROVE = "progress.approve_activityreport"
CONFIRM_AWARD = "progress.confirm_award"


def sees_all_units(user):
    """Ward staff: every unit's records, and nominees' contact details in exports."""
    return bool(user and user.is_active and user.has_perm(MANAGE_ALL))


def represented_unit_ids(user):
    """The ids of the units ``user`` represents (cached on the user object for the request)."""
    if not user or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_progress_unit_ids", None)
    if cached is None:
        cached = frozenset(user.represented_units.values_list("unit_id", flat=True))
        user._progress_unit_ids = cached
    return cached


def units_for(user):
    """The units whose records ``user`` may see and edit."""
    if sees_all_units(user):
        return TargetUnit.objects.all()
    return TargetUnit.objects.filter(pk__in=represented_unit_ids(user))


def scope(queryset, user):
    """Filter a queryset of records with a ``unit`` to those ``user`` may reach."""
    if sees_all_units(user):
        return queryset
    return queryset.filter(unit_id__in=represented_unit_ids(user))


def may_reach(user, record):
    """Whether ``user`` may see or change ``record`` (anything with a ``unit_id``)."""
    return sees_all_units(user) or record.unit_id in represented_unit_ids(user)


def may_review(user, report):
    """Approve or send back a report: the permission, the unit in reach, and not one's own report."""
    if not (user and user.is_active and user.has_perm(APPROVE)):
        return False
    if report is not None and report.pk is not None:
        if report.created_by_id == user.pk or not may_reach(user, report):
            return False
    return True


def may_confirm_award(user):
    """Only the ward marks a work as awarded: the organisers announce prizes, not the units."""
    return bool(user and user.is_active and user.has_perm(CONFIRM_AWARD))
