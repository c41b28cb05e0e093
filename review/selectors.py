"""Reads of the review: the step a reviewed object is in, whether a user reviews it now, its revisions
(each submission's among them). Its timeline (审核记录) is ``review.timeline``."""

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


def approval_needs_confirmation(obj, user) -> bool:
    """Whether ``user``'s approval of ``obj`` now is a final one that needs a confirmation page first:
    the user may review and approve the final step (``ReviewTask.ends_its_workflows``: the town step
    is followed by the district's, which may still send the object back) and nothing blocks it.
    Otherwise the approval is passed on as it is (a refusal is then shown by
    ``review.services.review_act``)."""
    _, task = current_task(obj)
    if task is None or not task.user_may_review(obj, user) or not task.ends_its_workflows():
        return False
    if task.approval_refusal(obj, user):
        return False
    blockers = obj.approval_blockers(user) if hasattr(obj, "approval_blockers") else []
    return not blockers


def approval_unconfirmed(post, obj, user) -> bool:
    """A review form's POST that approves ``obj`` at its final step without the confirmation page's
    ``confirm``: the review pages show that page instead of approving (``approval_needs_confirmation``)."""
    return post.get("action") == "approve" and not post.get("confirm") and approval_needs_confirmation(obj, user)


def back_from_confirmation(post) -> bool:
    """A POST from the final approval's confirmation page that goes back to the review form instead
    (its 返回，不审核通过): the review page is shown again with the comment as typed, nothing decided."""
    return bool(post.get("back")) and not post.get("confirm")


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


def final_approval_barred(queryset, user):
    """The reviewed objects of ``queryset`` waiting for the final step whose town step ``user`` took
    (two people approve: ``review.models.town_steps_approved_by``, the rule
    ``DistrictReviewTask.approval_refusal`` applies): ``user`` may only send them back, another district
    reviewer approves them. The work queues leave them out of the user's 待终审."""
    from .models import ReviewStatus, town_steps_approved_by

    return queryset.filter(status=ReviewStatus.DISTRICT_REVIEW,
                           workflow_states__in=town_steps_approved_by(user)).distinct()


FINAL_APPROVAL_BY_COLLEAGUE = "您已代为完成镇街初审，终审须由区残联其他审核人员办理"


def town_step_hints_attach(objects, user=None) -> None:
    """Mark, on each reviewed object of a staff list, what the list says in words about its town step:
    ``takeover`` — nobody in the town is left who may approve it, so a district reviewer takes the step
    (the reason); ``delegation`` and ``delegate_label`` — a district reviewer has (who, and why);
    ``final_by_colleague`` — ``user`` took its town step, so another district reviewer gives the final
    approval (``final_approval_barred``)."""
    from .models import ReviewStatus, TownReviewTask, town_step_delegation

    barred: set = set()
    objects = list(objects)
    if user is not None and objects:
        model = type(objects[0])
        barred = set(final_approval_barred(model.objects.filter(pk__in=[o.pk for o in objects]), user)
                     .values_list("pk", flat=True))
    for obj in objects:
        obj.final_by_colleague = FINAL_APPROVAL_BY_COLLEAGUE if obj.pk in barred else ""
        at_town = obj.status == ReviewStatus.TOWN_REVIEW
        obj.delegation = town_step_delegation(obj) if at_town else None
        obj.delegate_label = actor_label(obj.delegation.assignee) if obj.delegation else ""
        obj.takeover = TownReviewTask.district_takeover(obj) if at_town and obj.delegation is None else None


def submitted_revisions(obj) -> list:
    """The revision each submission of ``obj`` was filed as, oldest first: the revision its review
    started on (the first step's ``TaskState.revision``; ``review_submit`` saves it just before)."""
    from wagtail.models import TaskState

    revisions = []
    for state in obj.workflow_states.order_by("created_at", "id"):
        first = TaskState.objects.filter(workflow_state=state).select_related("revision").order_by("started_at", "id").first()
        if first is not None and first.revision is not None:
            revisions.append(first.revision)
    return revisions
