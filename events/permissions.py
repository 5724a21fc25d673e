"""Who may publish events. Which units' events a user reaches is the same rule as
for progress records (``progress.permissions``: ward staff every unit, a
representative their own units, nobody a ward-wide event but ward staff)."""

from progress.permissions import may_reach, represented_unit_ids, scope, sees_all_units, units_for

__all__ = ["PUBLISH", "may_publish", "may_reach", "represented_unit_ids", "scope", "sees_all_units", "units_for"]

PUBLISH = "events.publish_event"
# What unit representatives get on events (news/roles.py gives it to their group).
REPRESENTATIVE_CODENAMES = [f"{action}_event" for action in ("view", "add", "change", "delete")]


def may_publish(user, event=None):
    """Publish, or send back, an event: the permission, and the event's unit within reach.

    Unlike a report, staff may publish an event they entered themselves: announcing
    the ward's own meetings is their job, and nothing is claimed as done.
    """
    if not (user and user.is_active and user.has_perm(PUBLISH)):
        return False
    # A ward-wide event (no unit) is within reach of ward staff only.
    return event is None or may_reach(user, event)
