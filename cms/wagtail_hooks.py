"""Wagtail admin hooks of the CMS app: a menu entry to the course rosters for providers and district
staff, a read-only listing of enrolments (报名) for district staff, and the page chooser and
explorer narrowed to the pages a user may see (a provider never sees another provider's drafts)."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from employment import access
from employment.admin_scoping import ScopedSnippetViewSet, pages_explorable, pages_permitted
from employment.models import Role

from .admin_scoping import pages_choosable
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


class EnrolmentViewSet(ScopedSnippetViewSet):
    model = Enrolment
    icon = "group"
    menu_label = "课程报名"
    add_to_admin_menu = False
    list_display = ["seeker", "course", "status", "created_at", "completed_on"]
    list_filter = ["status"]
    inspect_view_enabled = True


register_permission_policy(Enrolment, EnrolmentPermissionPolicy(Enrolment))
register_snippet(EnrolmentViewSet)


@hooks.register("construct_page_chooser_queryset")
def page_chooser_scoped(pages, request):
    """The page chooser (browse and search) lists only pages the user may see: for a provider its
    own subtree and the live public pages outside other providers' subtrees."""
    return pages.filter(pk__in=pages_choosable(request.user).values("pk"))


@hooks.register("construct_explorer_page_queryset")
def explorer_scoped(parent_page, pages, request):
    # Wagtail already limits the explorer to explorable pages, except in a search when
    # WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS is False; this keeps the explorer's search narrow
    # regardless (the site-wide page search has no hook: system check employment.A002 keeps it True).
    return pages.filter(pk__in=pages_explorable(request.user).values("pk"))


@hooks.register("before_move_page")
def move_only_within_own_pages(request, page_to_move, destination):
    # Wagtail checks the move itself on POST, but its confirmation page (GET) names both pages first.
    pages = {page_to_move.pk, destination.pk}
    if pages_permitted(request.user).filter(pk__in=pages).count() != len(pages):
        raise Http404("未找到")
