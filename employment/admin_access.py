"""The gate in front of the Wagtail admin (``/admin/``): deny by default for everyone but superusers.

Wagtail's generic admin views decide access by Django and page permissions and know nothing of
``employment.access``; the apps' snippet viewsets, choosers and bulk actions are scoped in
``employment.admin_scoping``. This module is the second line of defence: every admin URL *name* a
non-superuser may reach is listed in ``ADMIN_RULES`` with the roles that may use it and, for URLs
that carry ids, an object check. ``AdminAccessMiddleware`` answers

* an anonymous user: the admin login for anything but the login and password-reset pages (``PUBLIC``);
* a signed-in non-superuser: **403** for an admin URL name that is not listed or whose rule does not
  name the user's role (seekers and employers never use the admin), **404** when an id in the URL
  (a page, a snippet row, a revision, a workflow or task state, an image, ``?id=`` of a chooser or a
  bulk action …) is outside what the user may see — its existence is not revealed;
* a superuser: whatever Wagtail answers.

Adding an admin view
--------------------
Register the view as usual (a viewset or a ``register_admin_urls`` hook) and add ONE line to
``ADMIN_RULES`` (or to the app's own rules) with its URL name (``namespace:name``, as in ``reverse()``) and a rule::

    "axes_lockouts:index": rule(DISTRICT),        # district only: it sees everything, no id check needed
    "reports_courses:detail": rule(PROVIDER, DISTRICT, check=in_scope("cms.enrolment")),  # pk checked

An app adds the rules of its own views from its ``AppConfig.ready`` with ``rules_register`` (see
``quota/admin_rules.py``); snippet viewsets get theirs from ``snippet_rules``.

``in_scope(model, kwarg="pk")`` checks the URL's id with ``employment.admin_scoping.visible_objects``,
i.e. ``employment.access`` for the platform's models (register a new model there first: a model
without a rule shows nothing to non-superusers); ``check=`` takes any ``(request, kwargs) -> bool``.
Until the line exists every non-superuser gets 403 — so a forgotten entry fails closed, and
``tests/security/test_access_matrix.py`` (which walks every admin URL for every role) shows it.
Pages outside ``/admin/`` (the portal, 2FA set-up) are not touched by this gate.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core import checks
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.shortcuts import render
from django.urls import reverse

from . import access
from .admin_scoping import (
    pages_explorable,
    pages_permitted,
    revision_belongs,
    task_state_belongs,
    visible_objects,
    workflow_state_belongs,
)
from .models import Role

logger = logging.getLogger(__name__)

Check = Callable[[object, dict], bool]  # (request, URL kwargs) -> may the user see what they name?

PROVIDER, TOWN, DISTRICT = Role.PROVIDER, Role.TOWN, Role.DISTRICT
ADMIN = frozenset({PROVIDER, TOWN, DISTRICT})  # every role that enters the admin
EDITORS = frozenset({PROVIDER, DISTRICT})  # page content: providers their subtree, the district the site
REVIEWERS = frozenset({TOWN, DISTRICT})  # declarations and subsidy applications
# Object views of reviewed snippets (declarations, subsidy applications) no staff role may open:
# reverting to an earlier revision would change an applicant's filing behind their back, and
# unpublishing or unscheduling is no part of the review (``review.admin_views``).
REVIEWED_SUPERUSER_ONLY = ("revisions_revert", "revisions_unschedule", "unpublish")


@dataclass(frozen=True)
class AdminRule:
    roles: frozenset[str]
    check: Check | None = None


def rule(*roles: str | Iterable[str], check: Check | None = None) -> AdminRule:
    """``rule(DISTRICT)``, ``rule(EDITORS, check=...)``: roles (or role sets) and an optional object check."""
    flat: set[str] = set()
    for item in roles:
        flat |= {item} if isinstance(item, str) else set(item)
    return AdminRule(frozenset(flat), check)


# ---- object checks -------------------------------------------------------------------------------

_BAD_ID = (ValueError, TypeError, ValidationError, OverflowError)


def _hangs_together(obj, kwargs: dict) -> bool:
    """A revision, workflow state or task state in the URL must be the object's own."""
    for key, belongs in (("revision_id", revision_belongs), ("revision_id_a", revision_belongs),
                         ("revision_id_b", revision_belongs), ("workflow_state_id", workflow_state_belongs),
                         ("task_state_id", task_state_belongs)):
        value = kwargs.get(key)
        if value is None or value in ("live", "latest", "earliest"):
            continue
        try:
            if not belongs(obj, value):
                return False
        except _BAD_ID:
            return False
    return True


def _in(queryset, pk) -> object | None:
    try:
        return queryset.filter(pk=pk).first()
    except _BAD_ID:
        return None


def in_scope(model: type[Model] | str, kwarg: str = "pk") -> Check:
    """The URL's ``kwarg`` names a row of ``model`` the user may see (and its revision / workflow
    ids, if any, belong to that row)."""

    def check(request, kwargs):
        target = apps.get_model(model) if isinstance(model, str) else model
        obj = _in(visible_objects(request.user, target), kwargs.get(kwarg))
        return obj is not None and _hangs_together(obj, kwargs)

    return check


PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "pk")


def pages_in(scope: Callable) -> Check:
    """Every page id in the URL is in ``scope(user)`` (and revisions / workflow ids are its own)."""

    def check(request, kwargs):
        pages = scope(request.user)
        for key in PAGE_KWARGS:
            if key in kwargs:
                page = _in(pages, kwargs[key])
                if page is None or not _hangs_together(page, kwargs):
                    return False
        return True

    return check


def ids_in(scope: Callable[[object], object]) -> Check:
    """Every ``?id=`` of the request is in ``scope(user)`` (choosers' ``chosen-multiple/``)."""

    def check(request, kwargs):
        ids = request.GET.getlist("id")
        try:
            return scope(request.user).filter(pk__in=ids).count() == len(set(ids))
        except _BAD_ID:
            return False

    return check


def _own_upload(request, kwargs) -> bool:
    from wagtail.models import UploadedFile

    try:
        return UploadedFile.objects.filter(pk=kwargs["uploaded_file_id"], uploaded_by_user=request.user).exists()
    except _BAD_ID:
        return False


def _editing_session(request, kwargs) -> bool:
    """An editing-session ping names an object: a page the user works on or a row it may see."""
    from wagtail.models import Page

    try:
        model = apps.get_model(kwargs["app_label"], kwargs["model_name"])
    except LookupError:
        return False
    scope = pages_permitted(request.user) if issubclass(model, Page) else visible_objects(request.user, model)
    return _in(scope, kwargs["object_id"]) is not None


# Bulk actions (/admin/bulk/<app>/<model>/<action>/?id=…): who may use them, per model; every id must
# be visible to the user. Wagtail's confirmation page names the objects, so this is checked first.
# Apps add their snippet models with ``rules_register(..., bulk=...)``.
BULK_ROLES: dict[str, frozenset[str]] = {
    "wagtailcore.page": frozenset({DISTRICT}),
    "wagtailimages.image": EDITORS,
    "wagtaildocs.document": EDITORS,
}


def _bulk_action(request, kwargs) -> bool:
    from wagtail.models import Page

    label = f"{kwargs['app_label']}.{kwargs['model_name']}".lower()
    if access.role_of(request.user) not in BULK_ROLES.get(label, ()):
        return False
    try:
        model = apps.get_model(label)
    except LookupError:
        return False
    ids = [i for i in request.GET.getlist("id") if i != "all"]
    if ids and not ids_in(lambda user: visible_objects(user, model))(request, kwargs):
        return False
    # "id=all" acts on a listing: for pages the children of ?childOf=, which must be explorable
    # (employment.admin_scoping.ScopedBulkActionMixin narrows every listing to visible rows anyway).
    parent = request.GET.get("childOf")
    return parent is None or not issubclass(model, Page) or _in(pages_explorable(request.user), parent) is not None


# ---- the rules -----------------------------------------------------------------------------------

SNIPPET_OBJECT_VIEWS = (
    "edit", "delete", "usage", "history", "history_results", "inspect", "revisions_view", "revisions_revert",
    "revisions_compare", "revisions_unschedule", "unpublish", "preview_on_edit", "lock", "unlock",
    "workflow_action", "collect_workflow_action_data", "confirm_workflow_cancellation", "workflow_preview",
    "workflow_history", "workflow_history_detail",
)


def snippet_rules(model: str, roles: Iterable[str], *, change_roles: Iterable[str] | None = None,
                  add_roles: Iterable[str] = (), superuser_only: Iterable[str] = ()) -> dict[str, AdminRule]:
    """Rules for one ``ScopedSnippetViewSet`` (``app_label.model``) and its chooser: listing and
    chooser for ``roles``, views about one row for ``change_roles`` (default ``roles``) with the row
    checked, creating and copying for ``add_roles``; the object views named in ``superuser_only``
    get no rule (403 for everyone else). Wagtail's permission policy decides the rest."""
    app_label, model_name = model.split(".")
    views, chooser = f"wagtailsnippets_{app_label}_{model_name}", f"wagtailsnippetchoosers_{app_label}_{model_name}"
    roles = frozenset(roles)
    change_roles = frozenset(change_roles) if change_roles is not None else roles
    row = in_scope(model)
    rules = {f"{views}:list": rule(roles), f"{views}:list_results": rule(roles),
             f"{chooser}:choose": rule(roles), f"{chooser}:choose_results": rule(roles),
             f"{chooser}:chosen": rule(roles, check=row),
             f"{chooser}:chosen_multiple": rule(roles, check=ids_in(lambda user: visible_objects(
                 user, apps.get_model(model))))}
    rules.update({f"{views}:{view}": rule(change_roles, check=row) for view in SNIPPET_OBJECT_VIEWS
                  if view not in set(superuser_only)})
    if add_roles:
        rules.update({f"{views}:add": rule(add_roles), f"{views}:copy": rule(add_roles, check=row),
                      f"{chooser}:create": rule(add_roles)})
    return rules


def collection_member_rules(namespace: str, chooser: str, model: str, id_kwarg: str, multiple_kwarg: str,
                            usage: str, extra_object_views: tuple[str, ...] = ()) -> dict[str, AdminRule]:
    """Images and documents: Wagtail scopes their listings by collection permissions; views naming
    one of them check the same permissions here (Wagtail's ``chosen/<id>/`` does not)."""
    member = in_scope(model, id_kwarg)
    return {
        **{f"{namespace}:{view}": rule(EDITORS) for view in ("index", "index_results", "add", "add_multiple")},
        **{f"{namespace}:{view}": rule(EDITORS, check=member) for view in ("edit", "delete", usage,
                                                                           *extra_object_views)},
        **{f"{namespace}:{view}": rule(EDITORS, check=in_scope(model, multiple_kwarg))
           for view in ("edit_multiple", "delete_multiple")},
        **{f"{namespace}:{view}": rule(EDITORS, check=_own_upload)
           for view in (f"create_multiple_from_uploaded_{model.split('.')[1]}", "delete_upload_multiple")},
        f"{chooser}:choose": rule(EDITORS), f"{chooser}:choose_results": rule(EDITORS),
        f"{chooser}:create": rule(EDITORS), f"{chooser}:chosen": rule(EDITORS, check=in_scope(model)),
        f"{chooser}:chosen_multiple": rule(EDITORS, check=ids_in(lambda user: visible_objects(
            user, apps.get_model(model)))),
    }


_page_permitted = pages_in(pages_permitted)
PAGE_OBJECT_VIEWS = (
    "edit", "preview_on_edit", "view_draft", "delete", "unpublish", "convert_alias", "move", "move_confirm",
    "set_page_position", "copy", "set_privacy", "lock", "unlock", "revisions_index", "revisions_view",
    "revisions_revert", "revisions_unschedule", "revisions_compare", "workflow_history", "workflow_history_detail",
    "history", "history_results", "usage", "workflow_action", "collect_workflow_action_data",
    "confirm_workflow_cancellation", "workflow_preview", "add_subpage", "add", "preview_on_add",
)

# The login, logout and password-reset pages, and the files they load: anyone, signed in or not.
PUBLIC = frozenset({
    "wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_password_reset", "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm", "wagtailadmin_password_reset_complete", "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
})

# Every admin URL name a non-superuser may reach. Anything not here: 403 (superusers only).
# Not listed on purpose: users, groups, sites, collections, workflows and tasks, redirects,
# the images/documents API (not scoped by collection), the error test pages.
ADMIN_RULES: dict[str, AdminRule] = {
    # 登录锁定 (employment/signin/admin_views.py): the district lists lockouts and unlocks after confirming
    "login-lockouts": rule(DISTRICT),
    "login-lockout-unlock": rule(DISTRICT),
    # 重置两步验证 (the same module): the district resets a staff member's second factor, with a reason
    "second-factor-staff": rule(DISTRICT),
    "second-factor-reset": rule(DISTRICT),
    # the dashboard (its panels list the user's own pages and the reviews waiting for *them*) and account
    "wagtailadmin_home": rule(ADMIN),
    "wagtailadmin_account": rule(ADMIN),
    "wagtailadmin_dismissibles": rule(ADMIN),
    "wagtailadmin_editing_sessions:ping": rule(ADMIN, check=_editing_session),
    "wagtailadmin_editing_sessions:release": rule(ADMIN),  # Wagtail releases only the user's own session
    # pages: providers work in their own subtree, the district on the whole site (page permissions)
    "wagtailadmin_explore_root": rule(EDITORS),
    "wagtailadmin_explore": rule(EDITORS, check=pages_in(pages_explorable)),
    "wagtailadmin_explore_results": rule(EDITORS, check=pages_in(pages_explorable)),
    "wagtailadmin_pages:search": rule(EDITORS),  # Wagtail searches the explorable pages only
    "wagtailadmin_pages:search_results": rule(EDITORS),
    "wagtailadmin_pages:choose_parent": rule(EDITORS),  # lists the parents the user may add to
    **{f"wagtailadmin_pages:{view}": rule(EDITORS, check=_page_permitted) for view in PAGE_OBJECT_VIEWS},
    "wagtailadmin_pages:type_use": rule(DISTRICT),
    "wagtailadmin_pages:type_use_results": rule(DISTRICT),
    "wagtailadmin_api:pages:listing": rule(EDITORS),  # Wagtail lists the explorable pages only
    "wagtailadmin_api:pages:find": rule(EDITORS),
    "wagtailadmin_api:pages:detail": rule(EDITORS, check=pages_in(pages_explorable)),
    "wagtailadmin_api:pages:action": rule(DISTRICT, check=_page_permitted),
    # the page chooser and the link choosers of the rich-text editor
    "wagtailadmin_choose_page": rule(EDITORS),
    # (browsing a page's children and choosing several pages: cms.admin_rules, which knows the
    # providers' subtrees)
    "wagtailadmin_choose_page_search": rule(EDITORS),  # narrowed by cms.wagtail_hooks
    "wagtailadmin_choose_page_external_link": rule(EDITORS),
    "wagtailadmin_choose_page_email_link": rule(EDITORS),
    "wagtailadmin_choose_page_phone_link": rule(EDITORS),
    "wagtailadmin_choose_page_anchor_link": rule(EDITORS),
    "wagtailadmin_block_preview": rule(EDITORS),
    "wagtailadmin_tag_autocomplete": rule(EDITORS),
    "wagtailadmin_tag_model_autocomplete": rule(EDITORS),
    # images and documents: Wagtail's collection permissions
    **collection_member_rules("wagtailimages", "wagtailimages_chooser", "wagtailimages.image", "image_id",
                              "image_id", "image_usage", ("url_generator", "url_generator_output", "preview")),
    "wagtailimages_chooser:select_format": rule(EDITORS, check=in_scope("wagtailimages.image", "image_id")),
    **collection_member_rules("wagtaildocs", "wagtaildocs_chooser", "wagtaildocs.document", "document_id",
                              "doc_id", "document_usage"),
    # snippets: each app registers its own (quota.admin_rules, subsidies.admin_rules, cms.admin_rules)
    "wagtailsnippets:index": rule(DISTRICT),  # counts every row of every snippet model
    "wagtail_bulk_action": rule(ADMIN, check=_bulk_action),  # per model: BULK_ROLES
    # reports: they list pages, workflows and log entries across the whole site
    **{f"wagtailadmin_reports:{report}{suffix}": rule(DISTRICT)
       for report in ("locked_pages", "workflow", "workflow_tasks", "site_history", "aging_pages",
                      "page_types_usage") for suffix in ("", "_results")},
}



def rules_register(rules: dict[str, AdminRule], *, bulk: dict[str, Iterable[str]] | None = None) -> None:
    """Add an app's admin URL rules (and the roles that may use bulk actions on its models, by
    ``app_label.model``); called from the app's ``AppConfig.ready``. A name listed twice is an error:
    two apps would disagree about who may open the page."""
    clash = set(rules) & set(ADMIN_RULES)
    if clash and any(ADMIN_RULES[name] != rules[name] for name in clash):
        raise ValueError(f"admin URL rules registered twice: {sorted(clash)}")
    ADMIN_RULES.update(rules)
    BULK_ROLES.update({label.lower(): frozenset(roles) for label, roles in (bulk or {}).items()})


# ---- the gate ------------------------------------------------------------------------------------


@cache
def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


def decide(request, view_name: str, kwargs: dict) -> int | None:
    """None to let the request through, else the status to answer (403 or 404)."""
    user = request.user
    if view_name in PUBLIC or user.is_superuser:
        return None
    found = ADMIN_RULES.get(view_name)
    if found is None or access.role_of(user) not in found.roles:
        if found is None:
            logger.info("admin URL %s is not in employment.admin_access.ADMIN_RULES: 403 for %s", view_name, user.pk)
        return 403
    if found.check is not None and not found.check(request, kwargs):
        return 404
    return None


def admin_url_allowed(request, url: str) -> bool:
    """Whether the gate lets ``request.user`` open ``url`` (menus hide what it would refuse)."""
    from django.urls import Resolver404, resolve

    path = url.split("?")[0]
    if not path.startswith(admin_prefix()):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return decide(request, match.view_name, match.kwargs) is None


class AdminAccessMiddleware:
    """Applies ``ADMIN_RULES`` to every request under the Wagtail admin's URL prefix."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(admin_prefix()):
            return None
        match = request.resolver_match
        view_name = match.view_name if match else ""
        if view_name not in PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        status = decide(request, view_name, view_kwargs)
        if status is None:
            return None
        return render(request, "admin_access/denied.html", {"status": status}, status=status)


@checks.register(checks.Tags.security)
def admin_gate_installed(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The gate must stay in MIDDLEWARE (a settings merge could drop the line), and Wagtail's page
    search must keep filtering by page permissions (the gate lets providers search)."""
    errors = []
    if f"{__name__}.AdminAccessMiddleware" not in settings.MIDDLEWARE:
        errors.append(checks.Error("employment.admin_access.AdminAccessMiddleware is not in MIDDLEWARE: the Wagtail "
                                   "admin would show every town's and provider's records.", id="employment.A001"))
    if getattr(settings, "WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS", True) is not True:
        errors.append(checks.Error("WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS must stay True: providers would "
                                   "find other providers' draft pages in the admin search.", id="employment.A002"))
    return errors
