"""Wagtail admin hooks of the CMS app: a menu entry to the course rosters for providers and district
staff, a read-only listing of enrolments (报名) for district staff, and the page chooser and
explorer narrowed to the pages a user may see (a provider never sees another provider's drafts), and
programme and studio pages with applications to join (项目报名) kept from deletion (unpublish them)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
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
from .models import Enrolment, ProgrammeApplication


def _wagtail_labels_named() -> None:
    """Labels Wagtail derives from attribute names, in English and outside its catalogue (there is no
    string to translate), get the translated names of what they show:
    - the sites list's columns "Port", "Site name", "Root page" → the fields' names (端口号, 站点名称, 根页面);
    - the workflow form's "Page" and "Content types" → 页面, 内容类型."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils.text import capfirst
    from wagtail.admin.forms.workflows import WorkflowContentTypeForm, WorkflowPageForm
    from wagtail.models import Page, Site
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.label == capfirst(column.name.replace("_", " ")):
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)
    WorkflowPageForm.base_fields["page"].label = capfirst(Page._meta.verbose_name)
    WorkflowContentTypeForm.base_fields["content_types"].label = capfirst(ContentType._meta.verbose_name_plural)


_wagtail_labels_named()


class _RosterMenuItem(MenuItem):
    def is_shown(self, request):
        return access.role_of(request.user) in (Role.PROVIDER, Role.DISTRICT)


@hooks.register("register_admin_menu_item")
def register_roster_menu_item():
    return _RosterMenuItem("培训课程和学员", reverse("provider-courses"), icon_name="group", order=250)


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


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def provider_back_to_courses(request, page):
    """A training provider who submits a course for review goes back to 培训课程和学员, where the course
    now shows 审核中 — not to Wagtail's page explorer, which is no page of theirs. Saving a draft stays
    in the editor, as for everyone."""
    if (request.method == "POST" and request.POST.get("action-submit")
            and access.role_of(request.user) == Role.PROVIDER):
        return redirect("provider-courses")
    return None


def _pages_with_applications(pages) -> list:
    """Of ``pages`` (each with its subtree), those with applications to join below or on them."""
    found = []
    for page in pages:
        subtree = page.get_descendants(inclusive=True).values("pk")
        if ProgrammeApplication.objects.filter(page__in=subtree).exists():
            found.append(page)
    return found


def _refuse_deletion(request, pages):
    titles = "、".join(f"“{p.title}”" for p in pages)
    messages.error(request, f"{titles}（或其下的工作室）已有项目报名记录，不能删除；不再使用的，请取消发布。")
    return redirect("wagtailadmin_explore", pages[0].get_parent().pk)


@hooks.register("before_delete_page")
def keep_pages_with_applications(request, page):
    # The applications keep their page (PROTECT): refuse here with a message instead of a server error.
    blocked = _pages_with_applications([page])
    if blocked:
        return _refuse_deletion(request, blocked)
    return None


@hooks.register("before_bulk_action")
def keep_pages_with_applications_in_bulk(request, action_type, objects, action_class_instance):
    if action_type != "delete" or not objects or not hasattr(objects[0], "get_descendants"):
        return None
    blocked = _pages_with_applications(objects)
    if blocked:
        return _refuse_deletion(request, blocked)
    return None
