"""Writes of the review, one implementation for every reviewed object (``ReviewedSnippet``):

- ``review_submit``: mark the object submitted, keep a revision, and start (or restart) its workflow;
- ``review_act``: approve or reject the current step — the same path the Wagtail admin takes, so the
  task's rules (who may act, what blocks approval) apply to both;
- ``on_task_approved`` / ``on_task_rejected`` / ``on_workflow_approved``: keep the object's own status
  in step with its workflow, whichever interface the reviewer used (connected in ``review.signals``).
  The object says which of its fields change (``review_fields_*``); afterwards
  ``review_status_changed`` is sent, e.g. for the subsidies' notifications to the applicant.

Domain services (``quota.services``, ``subsidies.services``) check and compute what is theirs and call
these for the review itself.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from .models import ReviewedSnippet, ReviewStatus, TownReviewTask
from .selectors import current_task
from .workflows import workflow_of

# Sent after a reviewed object's status followed its workflow: sender = the model, instance = the object.
review_status_changed = Signal()

ACTIONS = ("approve", "reject")


def snapshot(obj: ReviewedSnippet, user) -> None:
    """Keep a revision of the object (with its child rows) as it is now."""
    obj.save_revision(user=user, clean=False, log_action=True)


@transaction.atomic
def review_submit(*, obj: ReviewedSnippet, user) -> ReviewedSnippet:
    """Submit (or resubmit) for review: status 镇街初审中, submission time, a revision, and a fresh run of
    the model's workflow (an earlier run still open is cancelled). The caller has checked and
    computed what the object needs and holds its row lock."""
    obj.status = ReviewStatus.TOWN_REVIEW
    obj.submitted_at = timezone.now()
    obj.save()
    snapshot(obj, user)
    state = obj.current_workflow_state
    if state is not None:
        state.cancel(user=user)
    workflow_of(obj).start(obj, user)
    return obj


@transaction.atomic
def review_act(*, obj: ReviewedSnippet, user, action: str, comment: str = "") -> ReviewedSnippet:
    """Approve or reject the current review step. ``PermissionDenied`` (with the reason) for a user who
    may not review it now or may not approve it; ``ValidationError`` for an unknown action or a
    rejection without a comment."""
    task_state, task = current_task(obj)
    if task is None or not task.user_may_review(obj, user):
        raise PermissionDenied(f"您不能审核这份{obj.review_noun}。")
    if action not in ACTIONS:
        raise ValidationError("未知的审核操作。")
    if action == "approve" and (refusal := task.approval_refusal(obj, user)):
        raise PermissionDenied(refusal)
    if action == "reject" and not comment.strip():
        raise ValidationError({"comment": f"退回时请填写审核意见，告诉{obj.review_party}需要修改什么。"})
    task.on_action(task_state, user, action, comment=comment.strip())
    obj.refresh_from_db()
    return obj


# ---- status follows the workflow (signal handlers, review.signals) --------------------------------


def _reviewed(workflow_state) -> ReviewedSnippet | None:
    obj = workflow_state.content_object
    return obj if isinstance(obj, ReviewedSnippet) else None


def _store(obj: ReviewedSnippet, fields: dict) -> None:
    fields = {**fields, "updated_at": timezone.now()}
    type(obj).objects.filter(pk=obj.pk).update(**fields)
    for name, value in fields.items():
        setattr(obj, name, value)
    review_status_changed.send(sender=type(obj), instance=obj)


def on_task_approved(task_state, user) -> None:
    obj = _reviewed(task_state.workflow_state)
    if obj is not None and isinstance(task_state.task.specific, TownReviewTask):
        _store(obj, obj.review_fields_town_approved(task_state))


def on_task_rejected(task_state, user) -> None:
    obj = _reviewed(task_state.workflow_state)
    if obj is not None:
        _store(obj, obj.review_fields_rejected(task_state))


def on_workflow_approved(workflow_state, user) -> None:
    obj = _reviewed(workflow_state)
    if obj is None:
        return
    last_task = workflow_state.task_states.order_by("-finished_at").first()
    comment = (last_task.comment if last_task is not None else "") or ""
    _store(obj, obj.review_fields_approved(workflow_state, now=timezone.now(), comment=comment))
