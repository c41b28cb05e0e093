"""Reads of the review: the step a reviewed object is in, and whether a user reviews it now."""

from __future__ import annotations


def current_task(obj):
    """(task_state, specific task) for the in-progress review step of a reviewed object (a
    declaration or a subsidy application), or (None, None)."""
    state = obj.current_workflow_state
    if state is None or state.status != state.STATUS_IN_PROGRESS or state.current_task_state is None:
        return None, None
    task_state = state.current_task_state
    return task_state, task_state.task.specific


def user_can_review(obj, user) -> bool:
    _, task = current_task(obj)
    return task is not None and task.user_may_review(obj, user)


def decisions_of(obj) -> list:
    """Every finished review step of every submission (who, which step, decision, comment)."""
    from wagtail.models import TaskState

    return list(
        TaskState.objects.filter(workflow_state__in=obj.workflow_states.all())
        .exclude(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("task", "finished_by")
        .order_by("-finished_at", "-id")
    )


def revisions_of(obj):
    return obj.revisions.select_related("user").order_by("-created_at", "-id")
