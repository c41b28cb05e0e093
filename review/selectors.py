"""Reads of the review: the step a reviewed object is in, and whether a user reviews it now."""

from __future__ import annotations

from employment.account_selectors import person_label


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


def sent_back_before(queryset):
    """The reviewed objects of ``queryset`` that a reviewer has sent back at least once (a rejected
    step in an earlier run): in review again, they are resubmissions (退回后重新提交)."""
    from wagtail.models import TaskState

    return queryset.filter(workflow_states__task_states__status=TaskState.STATUS_REJECTED).distinct()


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


def actor_label(user) -> str:
    """Organisation and display name, as everyone is shown a reviewer: “鼓楼街道残联 · 王芳” (never the
    username: ``employment.account_selectors.person_label``)."""
    return person_label(user)


def review_history(obj) -> list[dict]:
    """The item's history, newest first: every finished review step (who, which step, decision,
    comment) and every time the district took or reassigned a town step (who, to whom, why)."""
    from wagtail.models import TaskState

    from .models import TownStepDelegation, TownStepHandover

    labels = {TaskState.STATUS_APPROVED: "审核通过", TaskState.STATUS_REJECTED: "退回修改",
              TaskState.STATUS_CANCELLED: "已取消（重新提交）", TaskState.STATUS_SKIPPED: "已跳过"}
    events = [{"at": d.finished_at, "actor": actor_label(d.finished_by), "step": d.task.name,
               "what": labels.get(d.status, d.status), "text": d.comment or ""} for d in decisions_of(obj)]
    for row in (TownStepDelegation.objects.filter(workflow_state__in=obj.workflow_states.all())
                .select_related("by__account__town", "assignee__account__town")):
        what = ("区残联代为镇街初审" if row.kind == TownStepHandover.TAKEN
                else f"镇街初审改派给{actor_label(row.assignee)}")
        events.append({"at": row.at, "actor": actor_label(row.by), "step": "镇街初审", "what": what,
                       "text": f"原因：{row.reason}"})
    events.sort(key=lambda e: e["at"] or obj.created_at, reverse=True)
    return events
