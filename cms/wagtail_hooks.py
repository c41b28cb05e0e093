"""Wagtail admin hooks of the CMS app: a menu entry to the course rosters for providers and district
staff, and a read-only listing of enrolments (报名) for district staff."""

from __future__ import annotations

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from employment import access
from employment.models import Role

from .models import Enrolment


class _RosterMenuItem(MenuItem):
    def is_shown(self, request):
        return access.role_of(request.user) in (Role.PROVIDER, Role.DISTRICT)


@hooks.register("register_admin_menu_item")
def register_roster_menu_item():
    return _RosterMenuItem("培训学员和考勤", reverse("provider-courses"), icon_name="group", order=250)


class EnrolmentPermissionPolicy(ModelPermissionPolicy):
    """District staff may list enrolments in the admin; changes go through the roster views only."""

    def user_has_permission(self, user, action):
        return action == "view" and access.role_of(user) == Role.DISTRICT and user.is_active

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and access.can_view(user, instance)


class EnrolmentViewSet(SnippetViewSet):
    model = Enrolment
    icon = "group"
    menu_label = "课程报名"
    add_to_admin_menu = False
    list_display = ["seeker", "course", "status", "created_at", "completed_on"]
    list_filter = ["status"]
    inspect_view_enabled = True


register_permission_policy(Enrolment, EnrolmentPermissionPolicy(Enrolment))
register_snippet(EnrolmentViewSet)
