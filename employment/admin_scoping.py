"""Wagtail admin building blocks scoped by ``employment.access``: what each user may see of pages,
snippets, images, documents and users inside the admin, and the snippet viewset, chooser and
bulk-action classes that apply it.

Wagtail's generic admin views decide access by Django model permissions (and page permissions for
pages); they know nothing of a town reviewer's town or a provider's courses, so several of them
(snippet choosers, bulk-action confirmation pages, the page chooser, workflow action URLs) list or
name rows of any town or provider. The apps' ``wagtail_hooks.py`` build their snippet viewsets
from ``ScopedSnippetViewSet`` and this module re-registers Wagtail's bulk actions with
``ScopedBulkActionMixin``; their snippets' admin permissions follow the platform role
(``RolePermissionPolicy``). ``employment.admin_access`` (the deny-by-default gate in front of
``/admin/``) uses the same ``visible_objects`` and page scopes for its object checks. What a provider
may see in the page chooser depends on the training providers' subtrees and lives with them
(``cms.admin_scoping.pages_choosable``).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.http import Http404
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from . import access
from .models import Account, Role

# Page permissions that make a page the user's own to work on (Wagtail's explorer uses the same set).
PAGE_ACTIONS = {"add", "change", "publish", "lock", "unlock", "bulk_delete"}


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


# ---- pages -------------------------------------------------------------------------------------


def pages_permitted(user) -> QuerySet:
    """Pages the user holds a page permission on: a provider's own subtree, the district's site."""
    return PagePermissionPolicy().instances_user_has_any_permission_for(user, PAGE_ACTIONS)


def pages_explorable(user) -> QuerySet:
    """Permitted pages and their ancestors (what Wagtail's explorer lets the user walk through)."""
    policy = PagePermissionPolicy()
    if not _is_superuser(user) and not policy.get_cached_permissions_for_user(user):
        return Page.objects.none()  # Wagtail's own query needs at least one permission
    return policy.explorable_instances(user)


# ---- any model the admin shows -----------------------------------------------------------------


def visible_objects(user, model: type[Model]) -> QuerySet:
    """Rows of ``model`` the user may see in the admin: ``employment.access`` for the platform's
    models, page permissions for pages, collection permissions for images and documents, and
    Django's user permissions for accounts. A model without a rule shows nothing to non-superusers."""
    manager = model._default_manager
    if issubclass(model, Page):
        return manager.filter(pk__in=pages_explorable(user).values("pk"))
    if _is_superuser(user):
        return manager.all()
    if model is get_user_model():
        return manager.all() if user.has_perm("auth.change_user") else manager.none()
    try:
        return access.scoped(user, model)
    except LookupError:
        pass
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    if model in (get_image_model(), get_document_model()):
        return policy_registry.get_by_type(model).instances_user_has_any_permission_for(
            user, ["change", "delete", "choose"]
        )
    return manager.none()


def revision_belongs(obj, revision_id) -> bool:
    return obj.revisions.filter(pk=revision_id).exists() if hasattr(obj, "revisions") else False


def workflow_state_belongs(obj, workflow_state_id) -> bool:
    return WorkflowState.objects.for_instance(obj).filter(pk=workflow_state_id).exists()


def task_state_belongs(obj, task_state_id) -> bool:
    """A workflow task state named in a URL must be one of the object's own: Wagtail checks the
    user's actions on the object in the URL but acts on the task state in the URL."""
    return TaskState.objects.filter(pk=task_state_id, workflow_state__in=WorkflowState.objects.for_instance(obj)).exists()


# ---- snippets ----------------------------------------------------------------------------------


class _ScopedChooseMixin:
    def get_object_list(self):
        return access.scoped(self.request.user, self.model_class)


class ScopedChooseView(_ScopedChooseMixin, ChooseView):
    pass


class ScopedChooseResultsView(_ScopedChooseMixin, ChooseResultsView):
    pass


class ScopedChosenView(SnippetChosenView):
    def get_object(self, pk):
        return access.get_visible(self.request.user, self.model_class, pk=pk)


class ScopedChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return access.scoped(self.request.user, self.model_class).filter(pk__in=pks)



class ScopedSnippetChooserViewSet(SnippetChooserViewSet):
    """Snippet chooser whose listing, search (``?q=``), ``chosen/<id>/`` and ``chosen-multiple/``
    show only rows ``employment.access`` lets the user see."""

    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView


class _ScopedObjectMixin:
    """A snippet view about one object answers 404 for an object the user may not see, and 404 for
    a revision, workflow state or task state of another object."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        user = self.request.user
        if not access.can_view(user, obj):
            raise Http404("未找到")
        # Wagtail's workflow views take task_state_id out of self.kwargs: read the URL's own.
        url_kwargs = self.request.resolver_match.kwargs if self.request.resolver_match else self.kwargs
        for key, belongs in (("revision_id", revision_belongs), ("workflow_state_id", workflow_state_belongs),
                             ("task_state_id", task_state_belongs)):
            if key in url_kwargs and not belongs(obj, url_kwargs[key]):
                raise Http404("未找到")
        return obj


def _scoped(view_class):
    return type(view_class.__name__, (_ScopedObjectMixin, view_class), {"__module__": __name__})


class ScopedSnippetViewSet(SnippetViewSet):
    """A snippet viewset scoped by ``employment.access``: the listing (and its search and filters)
    and the chooser show only rows the user may see; every view about one object (edit, inspect,
    delete, history, usage, revisions, workflow history and actions, locking, preview) answers 404
    for any other. Subclasses may narrow ``get_queryset`` further."""

    chooser_viewset_class = ScopedSnippetChooserViewSet
    edit_view_class = _scoped(snippet_views.EditView)
    delete_view_class = _scoped(snippet_views.DeleteView)
    usage_view_class = _scoped(snippet_views.UsageView)
    history_view_class = _scoped(snippet_views.HistoryView)
    inspect_view_class = _scoped(snippet_views.InspectView)
    copy_view_class = _scoped(snippet_views.CopyView)
    revisions_view_class = _scoped(snippet_views.PreviewRevisionView)
    revisions_compare_view_class = _scoped(snippet_views.RevisionsCompareView)
    revisions_unschedule_view_class = _scoped(snippet_views.RevisionsUnscheduleView)
    unpublish_view_class = _scoped(snippet_views.UnpublishView)
    preview_on_edit_view_class = _scoped(snippet_views.PreviewOnEditView)
    lock_view_class = _scoped(snippet_views.LockView)
    unlock_view_class = _scoped(snippet_views.UnlockView)
    workflow_action_view_class = _scoped(snippet_views.WorkflowActionView)
    collect_workflow_action_data_view_class = _scoped(snippet_views.CollectWorkflowActionDataView)
    confirm_workflow_cancellation_view_class = _scoped(snippet_views.ConfirmWorkflowCancellationView)
    workflow_preview_view_class = _scoped(snippet_views.WorkflowPreviewView)
    workflow_history_view_class = _scoped(snippet_views.WorkflowHistoryView)
    workflow_history_detail_view_class = _scoped(snippet_views.WorkflowHistoryDetailView)

    def get_queryset(self, request):
        return access.scoped(request.user, self.model)


# ---- model permissions by role -----------------------------------------------------------------

EDIT_ACTIONS = {"add", "change", "delete", "publish", "lock", "unlock"}


class RolePermissionPolicy(ModelPermissionPolicy):
    """Model-level admin permissions by platform role rather than by Django permission rows."""

    edit_roles: tuple[str, ...] = (Role.DISTRICT,)
    view_roles: tuple[str, ...] = (Role.DISTRICT, Role.TOWN)

    def _roles_for(self, action: str) -> tuple[str, ...]:
        return self.edit_roles if action in EDIT_ACTIONS else self.view_roles

    def user_has_permission(self, user, action):
        if not (getattr(user, "is_authenticated", False) and user.is_active):
            return False
        return access.role_of(user) in self._roles_for(action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        roles = {role for action in actions for role in self._roles_for(action)}
        users = get_user_model().objects.filter(is_active=True)
        ids = Account.objects.filter(role__in=roles).values_list("user_id", flat=True)
        return users.filter(pk__in=ids) | users.filter(is_superuser=True)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return access.can_change(user, instance) if action in EDIT_ACTIONS else access.can_view(user, instance)


# ---- bulk actions ------------------------------------------------------------------------------


class ScopedBulkActionMixin:
    """Bulk actions act on — and their confirmation page names — only objects the user may see
    (``visible_objects``); ids of others are dropped silently, and if none is left the answer is 404.
    Wagtail's own classes list the objects the user lacks the action's permission for by name."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        without_access = extra.get("items_with_no_access", [])
        candidates = [o.pk for o in [*objects, *without_access]]
        visible = set(visible_objects(self.request.user, self.model).filter(pk__in=candidates)
                      .values_list("pk", flat=True))
        objects = [o for o in objects if o.pk in visible]
        without_access = [o for o in without_access if o.pk in visible]
        if not objects and not without_access:
            raise Http404("未找到")
        return objects, {**extra, "items_with_no_access": without_access}


def scoped_bulk_actions() -> list[type]:
    """Wagtail's bulk actions (pages, snippets, images, documents, users) with the mixin applied, to
    be registered after Wagtail's own so they replace them (same model and action type)."""
    from wagtail.admin.views.pages import bulk_actions as pages
    from wagtail.documents.views import bulk_actions as documents
    from wagtail.images.views import bulk_actions as images
    from wagtail.snippets.bulk_actions.delete import DeleteBulkAction as SnippetDelete
    from wagtail.users.views import bulk_actions as users

    originals = [
        pages.DeleteBulkAction, pages.MoveBulkAction, pages.PublishBulkAction, pages.UnpublishBulkAction,
        SnippetDelete,
        images.AddTagsBulkAction, images.AddToCollectionBulkAction, images.DeleteBulkAction,
        documents.AddTagsBulkAction, documents.AddToCollectionBulkAction, documents.DeleteBulkAction,
        users.AssignRoleBulkAction, users.DeleteBulkAction, users.SetActiveStateBulkAction,
    ]
    return [type(f"Scoped{cls.__name__}", (ScopedBulkActionMixin, cls), {"__module__": cls.__module__})
            for cls in originals]
