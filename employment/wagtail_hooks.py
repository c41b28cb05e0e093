"""The core's Wagtail admin hooks: Wagtail's bulk actions replaced by scoped ones
(``employment.admin_scoping``), menus that show only what the admin gate allows, no profile-picture
upload, the login-lockout pages (``employment.signin``) and the work queue (我的待办) as the first
panel of the admin dashboard. The apps' snippets are registered in
their own ``wagtail_hooks`` (``quota``, ``subsidies``, ``cms``)."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.account import AvatarSettingsPanel

from . import work_queue
from .access import role_of
from .admin_access import admin_url_allowed
from .admin_scoping import scoped_bulk_actions
from .roles import ADMIN_ROLES

# Wagtail keeps a staff member's profile picture under MEDIA_ROOT/avatar_images/, which the web server
# serves to anyone with the URL and no setting moves; a photo of a staff member is personal data, so
# the account page offers no upload (admin avatars are Wagtail's default picture).
AvatarSettingsPanel.is_active = lambda self: False


# Registered after Wagtail's own bulk actions (order 1 > 0), so these replace them in the registry.
for _action in scoped_bulk_actions():
    hooks.register("register_bulk_action", _action, order=1)


@hooks.register("construct_main_menu")
@hooks.register("construct_reports_menu")
@hooks.register("construct_settings_menu")
def menu_items_the_gate_allows(request, menu_items):
    """Menus show only the admin pages ``employment.admin_access`` lets the user open (Wagtail would
    show, for example, its reports to anyone with a page permission)."""
    menu_items[:] = [item for item in menu_items if item.url == "#" or admin_url_allowed(request, item.url)]


# Wagtail's help menu links to its release notes and its English editor guide on wagtail.org (with a
# 「新」 badge until dismissed): nothing the federation's staff or providers need, and in English.
WAGTAIL_HELP_LINKS = ("whats-new-in-wagtail-", "editor-guide")


@hooks.register("construct_help_menu")
def help_menu_without_wagtail_links(request, menu_items):
    """The help menu keeps the keyboard shortcuts only."""
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_HELP_LINKS)]


# 登录锁定 (login lockouts, district staff only): its hooks live with the rest of signing in.
from .signin import wagtail_hooks as _signin_hooks  # noqa: E402, F401


class WorkQueuePanel(Component):
    """我的待办 on the admin dashboard: staff and providers who sign in at /admin/ see the same lines
    as on their work queue page (``employment.work_queue``), first."""

    name = "work_queue"
    order = 10
    template_name = "employment/admin/work_queue_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        return {"sections": work_queue.queue_sections(self.request)}


@hooks.register("construct_homepage_panels")
def work_queue_panel(request, panels):
    if role_of(request.user) in ADMIN_ROLES:
        panels.insert(0, WorkQueuePanel(request))
