"""Who may do what with action reports.

Reports are never edited or deleted in the admin: they come from the public form,
staff adjustments and spam invalidation only, each through :mod:`ua_wagtail.reports`
so that totals stay exact. The admin screens are therefore read-only; recording an
adjustment needs the ``add`` permission and invalidating the ``change`` permission,
checked by those views themselves.
"""

from wagtail.permission_policies import ModelPermissionPolicy

WRITE_ACTIONS = {"add", "change", "delete"}


class ActionReportPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action not in WRITE_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def can_view_reports(user) -> bool:
    return user.has_perm("ua_wagtail.view_actionreport")


def can_record_adjustments(user) -> bool:
    return user.has_perm("ua_wagtail.add_actionreport")


def can_invalidate_reports(user) -> bool:
    return user.has_perm("ua_wagtail.change_actionreport")
