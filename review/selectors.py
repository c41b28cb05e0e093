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


def decision_unconfirmed(post, obj, user) -> str:
    """Which confirmation a review form's POST needs before anything is decided, "" for none: "final"
    (the final approval: ``approval_needs_confirmation``, each app's own page with the result), "town" (the
    town step's approval: passed on to the district, the town cannot take it back) or "reject" (a
    return with a comment: the applicant is told and the review starts again). Neither is undone, so
    each is said first and only the confirmation page's POST (``confirm``) acts. A POST that would be
    refused or is incomplete (no permission, approval refused or blocked, a return without a comment)
    asks nothing: ``review.services.review_act`` says why."""
    if post.get("confirm") or post.get("back"):
        return ""
    action = post.get("action")
    if action == "approve":
        if approval_needs_confirmation(obj, user):
            return "final"
        _, task = current_task(obj)
        if task is None or not task.user_may_review(obj, user) or task.ends_its_workflows():
            return ""
        if task.approval_refusal(obj, user) or (obj.approval_blockers(user) if hasattr(obj, "approval_blockers")
                                                 else []):
            return ""
        return "town"
    if action == "reject" and (post.get("comment") or "").strip() and user_can_review(obj, user):
        return "reject"
    return ""


def decision_confirmation(obj, kind: str) -> dict:
    """What the confirmation page of a town approval ("town") or a return ("reject") says: its
    heading, what happens next and its buttons (template ``review/decision_confirm.html``)."""
    noun, party = obj.review_noun, obj.review_party
    if kind == "town":
        return {
            "action": "approve", "title": f"确认初审通过：{obj}",
            "lead": (f"这是镇街初审。通过后将报区残联终审，您不能再修改或撤回这一步的审核结果；"
                     f"区残联终审时仍可能退回{party}修改。"),
            "steps": [f"{noun}转入“区残联终审中”，由区残联审核人员终审；",
                      "通知区残联审核人员进行终审；",
                      "您的审核意见和审核人记入审核记录。"],
            "comment_hint": f"可以不填；填写的意见记入审核记录，{party}也能看到。",
            "confirm_label": "确认初审通过", "back_label": "返回，不审核通过",
        }
    steps = [f"{noun}退回{party}，状态变为“已退回，请修改后重新提交”；",
             f"通知{party}：{noun}被退回，附下面的审核意见；",
             f"{party}修改后重新提交，审核从镇街初审重新开始。"]
    _, task = current_task(obj)
    if task is not None and task.ends_its_workflows():
        steps.insert(2, f"告知所属镇街的审核人员：其初审通过的{noun}被区残联退回，以及退回意见；")
    return {
        "action": "reject", "title": f"确认退回修改：{obj}",
        "lead": f"退回后，本次审核结束，不能撤回。请核对审核意见：{party}会按这段意见修改。",
        "steps": steps,
        "comment_hint": f"{party}会看到这段意见，可以在确认前修改。",
        "confirm_label": "确认退回修改", "back_label": "返回，不退回",
    }


def decision_confirm_page(obj, kind: str, form, action_url: str) -> dict:
    """The context of ``review/decision_confirm.html``: the confirmation (``decision_confirmation``),
    the review form with the comment's hint as its help text (so the field names it, aria-describedby)
    and where the page posts."""
    confirm = decision_confirmation(obj, kind)
    form.fields["comment"].help_text = confirm["comment_hint"]
    return {"confirm": confirm, "form": form, "action_url": action_url}


def decision_done(obj, action: str) -> str:
    """The message after a decision, saying where the object stands now (not only what was done)."""
    from .models import ReviewStatus

    if action == "reject":
        return f"已退回{obj.review_party}修改。{obj.review_party}修改后重新提交，审核从镇街初审重新开始。"
    if obj.status == ReviewStatus.DISTRICT_REVIEW:
        return "初审已通过，已报区残联终审。"
    return "终审已通过，审核完成。"


def back_from_confirmation(post) -> bool:
    """A POST from a confirmation page (final or town approval, return) that goes back to the review
    form instead (its 返回…): the review page is shown again with the comment as typed, nothing decided."""
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


def final_approval_queue(queryset, user):
    """The reviewed objects of ``queryset`` waiting for the final step that ``user`` may approve: the
    district's 待终审, less those whose town step ``user`` took (``final_approval_barred``)."""
    from .models import ReviewStatus

    waiting = queryset.filter(status=ReviewStatus.DISTRICT_REVIEW)
    return waiting.exclude(pk__in=final_approval_barred(waiting, user).values("pk"))


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
