"""The Wagtail admin's edit and revert views of reviewed objects (declarations, subsidy applications):
what staff may change of an applicant's filing there, checked on the server (issue 13 follow-up).

Wagtail lets every reviewer of the current step open the edit view (``Task.user_can_access_editor``),
and its edit view saves the object *as its latest revision holds it* — review status included — while
its revert view saves an older revision. Left alone, a reviewer could change the figures, roster or
payee of an application under review, or revert it to an earlier revision (status 填报中 and all),
behind the applicant's back. Here:

* **while a workflow is in progress** the admin accepts only the review actions (``workflow-action``:
  审核通过 / 退回修改) — for everyone, superusers too; a plain save, autosave, revert, submit, restart or
  cancellation is refused with a Chinese message and nothing is written. The review action itself
  writes none of the object's data (the task's comment is the review's comment);
* **a final approval** (区残联终审) needs the reviewer's confirmation in the action's form
  (``review.action_forms.FinalApprovalForm``), as on the portal's review pages; a hand-made POST
  without it is refused;
* **the edit form** writes only ``REVIEWER_FIELDS`` (the reviewer's comment) onto the object as
  stored — everything else is read-only in the panels, ignored if posted, and never taken from a
  stale revision;
* **once approved** nothing is accepted at all — no save, revert, publish or workflow action, for
  everyone, superusers included — and the edit page says so (issue 15: one way to change a
  declaration); the workflow buttons (submit, restart, cancel) are never offered
  (``review.wagtail_hooks``);
* **revert** (``revisions_revert``) is for superusers only (also refused by the admin gate,
  ``employment.admin_access``), and only while no review is in progress;
* **the applicant is told** (in-app notification, through the viewset's ``notify_staff_change``) of
  every change a save or revert made to their filing.
"""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from modelcluster.models import get_all_child_relations, get_serializable_data_for_fields

from employment.admin_scoping import ScopedSnippetViewSet

from .action_forms import FINAL_APPROVAL_UNCONFIRMED, FinalApprovalForm
from .models import ReviewStatus
from .selectors import actor_label

logger = logging.getLogger(__name__)

# The only fields of a reviewed object the admin form writes.
REVIEWER_FIELDS = ("reviewer_comment",)
# Actions of Wagtail's edit view that the admin accepts while a review is in progress.
REVIEW_ACTIONS = frozenset({"workflow-action"})
# Kept by the review itself or by Wagtail, not part of what the applicant filed.
BOOKKEEPING = frozenset({
    "id", "status", "submitted_at", "approved_at", "created_by", "created_at", "updated_at", "live",
    "has_unpublished_changes", "first_published_at", "last_published_at", "live_revision", "latest_revision",
    "go_live_at", "expire_at", "expired", "locked", "locked_at", "locked_by", "payment_list", "letter_no",
    "publicity_start", "publicity_end",
})

REFUSED_IN_REVIEW = ("这份{noun}正在审核中，后台不能修改或恢复其内容，只能通过“审核通过”或“退回修改”处理。"
                     "如需修改，请退回修改，由{party}修改后重新提交。")
SAVING_IN_REVIEW = ("这份{noun}正在审核中：这里只能审核通过或退回修改，其他内容不能修改，保存也不会生效。"
                    "审核意见请在审核通过或退回时填写。")
REFUSED_ACTION = "{noun}由{party}在办事页面提交；后台不能提交、重新开始或取消审核流程。"
REFUSED_APPROVED = ("这份{noun}已审核通过，后台不能修改、恢复旧版本，也不能重新开始审核流程：审核通过的结果"
                    "已用于认定书、公示和拨付。这里只能查看。")
# The edit view's workflow buttons: never offered for a reviewed object (the applicant submits it on
# the portal; the reviewers act through the task's actions), and refused if posted (``post``).
HIDDEN_MENU_ITEMS = frozenset({"action-submit", "action-restart-workflow", "action-cancel-workflow"})


def _value(obj, field):
    value = field.value_from_object(obj)
    return "" if value is None else value


def field_changes(before, after) -> list[dict]:
    """What differs between two states of a reviewed object, bookkeeping aside: one dict per field
    (``field``, ``label``, ``old``, ``new``) and per kind of child row (a roster, social-insurance
    lines: ``rows`` true, ``old`` and ``new`` the row counts)."""
    changes = []
    for field in type(after)._meta.concrete_fields:
        if field.name in BOOKKEEPING or not field.editable or field.auto_created:
            continue
        old, new = _value(before, field), _value(after, field)
        if str(old).strip() != str(new).strip():
            changes.append({"field": field.name, "label": str(field.verbose_name), "old": old, "new": new,
                            "rows": False})
    for relation in get_all_child_relations(type(after)):
        name, parent = relation.get_accessor_name(), relation.field.name

        def rows(obj, name=name, parent=parent):
            return sorted(repr(sorted((k, repr(v)) for k, v in get_serializable_data_for_fields(row).items()
                                      if k not in ("pk", "id", parent)))
                          for row in getattr(obj, name).all())

        old_rows, new_rows = rows(before), rows(after)
        if old_rows != new_rows:
            changes.append({"field": name, "label": str(relation.related_model._meta.verbose_name_plural),
                            "old": len(old_rows), "new": len(new_rows), "rows": True})
    return changes


def change_lines(changes: list[dict], *, private=()) -> list[str]:
    """Chinese lines for the applicant; ``private`` fields and long text say only that they changed."""
    lines = []
    for change in changes:
        label, old, new = change["label"], str(change["old"]).strip(), str(change["new"]).strip()
        if change["rows"]:
            lines.append(f"{label}：已修改（原{old}条，现{new}条）")
        elif change["field"] in private or len(old) > 40 or len(new) > 40:
            lines.append(f"{label}：已修改")
        elif not old:
            lines.append(f"{label}：填写为“{new}”")
        elif not new:
            lines.append(f"{label}：已清空（原为“{old}”）")
        else:
            lines.append(f"{label}：由“{old}”改为“{new}”")
    return lines


def _current_state(obj):
    """The object as the applicant's filing stands: its latest revision if any, else the stored row."""
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    return fresh.get_latest_revision_as_object() if fresh.latest_revision_id else fresh


class ReviewedEditMixin:
    """For the edit view (and the revert view Wagtail builds from it) of a reviewed snippet."""

    notify_staff_change = None  # (obj, *, user, actor, at, changes) -> None; set by the viewset

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # The form holds only the reviewer's comment, and saving is refused during the review:
        # Wagtail's background autosave would only ever be refused.
        self.autosave_enabled = False

    def _words(self, template: str) -> str:
        return template.format(noun=self.model.review_noun, party=self.model.review_party)

    def _approved(self) -> bool:
        obj = getattr(self, "live_object", None)
        return obj is not None and obj.status == ReviewStatus.APPROVED

    def _in_review(self) -> bool:
        state = self.live_object.current_workflow_state if getattr(self, "live_object", None) else None
        return state is not None and state.status == state.STATUS_IN_PROGRESS

    def _refuse(self, message: str, code: str):
        logger.info("admin %s of %s %s refused for user %s: %s", self.view_name, self.model._meta.label,
                    getattr(self.live_object, "pk", None), self.request.user.pk, code)
        if self.request.method == "POST" and self.expects_json_response:
            return self.json_error_response(code, message)
        messages.error(self.request, message)
        if self.view_name == "revisions_revert" or self.request.method == "POST":
            return redirect(self.get_edit_url())
        return None

    def dispatch(self, request, *args, **kwargs):
        if self.view_name == "revisions_revert":
            if not request.user.is_superuser:  # the admin gate answers 403 first; this is the second line
                logger.info("admin revert of %s %s refused for user %s", self.model._meta.label,
                            getattr(self.live_object, "pk", None), request.user.pk)
                return render(request, "admin_access/denied.html", {"status": 403}, status=403)
            if self._in_review():
                return self._refuse(self._words(REFUSED_IN_REVIEW), "in_review")
            if self._approved():
                return self._refuse(self._words(REFUSED_APPROVED), "approved")
        elif request.method == "GET" and self._approved() and request.accepts("text/html"):
            messages.warning(request, self._words(REFUSED_APPROVED))
        elif request.method == "GET" and self._in_review() and request.accepts("text/html"):
            messages.info(request, self._words(SAVING_IN_REVIEW))
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self._approved():  # every action, superusers included: one way to change a filing
            return self._refuse(self._words(REFUSED_APPROVED), "approved")
        if self.action in ("submit", "restart-workflow", "cancel-workflow"):
            return self._refuse(self._words(REFUSED_ACTION), "workflow_outside_portal")
        if self._in_review() and self.action not in REVIEW_ACTIONS:
            return self._refuse(self._words(REFUSED_IN_REVIEW), "in_review")
        if self.action == "workflow-action" and not self._final_approval_confirmed():
            return self._refuse(FINAL_APPROVAL_UNCONFIRMED, "final_approval_unconfirmed")
        self._before = _current_state(self.live_object)
        return super().post(request, *args, **kwargs)

    def _final_approval_confirmed(self) -> bool:
        """False for a final approval posted without its confirmation: the edit view acts on the
        data the action's modal form returned (``workflow-action-extra-data``), which a hand-made
        POST could leave out; it must pass the same form (``FinalApprovalForm``) here."""
        task = self.live_object.current_workflow_task
        action = self.request.POST.get("workflow-action-name")
        if task is None or action != "approve" or task.get_form_for_action(action) is not FinalApprovalForm:
            return True
        try:
            data = json.loads(self.request.POST.get("workflow-action-extra-data") or "{}")
        except ValueError:
            return False
        return isinstance(data, dict) and FinalApprovalForm(data).is_valid()

    def save_instance(self):
        """The review action writes nothing of the object; any other save writes only the
        reviewer's fields onto the stored row (never the revision's copy of the rest)."""
        stored = type(self.live_object)._default_manager.get(pk=self.live_object.pk)
        if self._in_review():
            self.new_revision = None
            return stored
        data = self.form.cleaned_data
        fields = [f for f in REVIEWER_FIELDS if f in data]
        for name in fields:
            setattr(stored, name, data[name])
        if fields:
            stored.updated_at = timezone.now()
            stored.save(update_fields=[*fields, "updated_at"])
        self.has_content_changes = self.form.has_changed()
        self.new_revision = stored.save_revision(user=self.request.user, log_action=True,
                                                 changed=self.has_content_changes)
        return stored

    def form_valid(self, form):
        response = super().form_valid(form)
        before = getattr(self, "_before", None)
        if before is not None and not self._in_review():
            changes = field_changes(before, _current_state(self.live_object))
            if changes and self.notify_staff_change is not None:
                self.notify_staff_change(self.live_object, user=self.request.user,
                                         actor=actor_label(self.request.user), at=timezone.now(), changes=changes)
        return response


class ReviewedSnippetViewSet(ScopedSnippetViewSet):
    """A scoped snippet viewset for a reviewed model: see the module docstring. Subclasses say how the
    applicant is told of staff changes (``notify_staff_change``)."""

    edit_view_class = type("ReviewedEditView", (ReviewedEditMixin, ScopedSnippetViewSet.edit_view_class),
                           {"__module__": __name__})

    def notify_staff_change(self, obj, *, user, actor: str, at, changes) -> None:  # pragma: no cover
        raise NotImplementedError

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(notify_staff_change=self.notify_staff_change, **kwargs)
