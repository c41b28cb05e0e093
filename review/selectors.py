"""Reads of the review: the step a reviewed object is in, and whether a user reviews it now."""

from __future__ import annotations

from employment import access
from employment.models import Role


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
    """Display name and organisation, as the applicant is told: “王芳（鼓楼街道残联）”."""
    if not getattr(user, "pk", None):
        return "系统"
    account = access.account_of(user)
    name = (getattr(account, "display_name", "") or user.get_full_name() or user.get_username()).strip()
    if account is None:
        organisation = "系统管理员" if getattr(user, "is_superuser", False) else ""
    elif account.role == Role.TOWN:
        organisation = f"{account.town.name}残联"
    elif account.role == Role.DISTRICT:
        organisation = "区残联"
    elif account.role == Role.EMPLOYER:
        organisation = account.employer.name
    else:
        organisation = account.get_role_display()
    if not organisation or organisation == name:
        return name
    return f"{name}（{organisation}）"
