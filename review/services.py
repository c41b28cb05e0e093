"""Writes of the review, one implementation for every reviewed object (``ReviewedSnippet``):

- ``review_submit``: mark the object submitted, keep a revision, and start (or restart) its workflow;
- ``review_act``: approve or reject the current step — the same path the Wagtail admin takes, so the
  task's rules (who may act, what blocks approval) apply to both;
- ``review_reopen``: the district sends an approved object back to its applicant (as a rejection
  would), who corrects and resubmits it (quota's 公示 objections);
- ``on_task_approved`` / ``on_task_rejected`` / ``on_workflow_approved``: keep the object's own status
  in step with its workflow, whichever interface the reviewer used (connected in ``review.signals``).
  The object says which of its fields change (``review_fields_*``); afterwards
  ``review_status_changed`` is sent, e.g. for the subsidies' notifications to the applicant.
- ``reviewers_tell``: the reviewers whose queue the object enters — its town's on (re)submission (the
  district when the town has no active reviewer), the district's after the town step — are told
  (``employment.notify``, event ``review.queued``); ``town_tell_returned``: when the district sends
  back what the town passed, the town's reviewers are told why (``review.returned_after_town``).

Domain services (``quota.services``, ``subsidies.services``) check and compute what is theirs and call
these for the review itself.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone

from employment import access
from employment.account_selectors import person_label
from employment.models import Account, Role
from employment.notify import notify

from .models import (
    ReviewedSnippet,
    ReviewStatus,
    TownReviewTask,
    TownStepDelegation,
    TownStepHandover,
)
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
    resubmitted = obj.submitted_at is not None
    obj.status = ReviewStatus.TOWN_REVIEW
    obj.submitted_at = timezone.now()
    obj.save()
    snapshot(obj, user)
    state = obj.current_workflow_state
    if state is not None:
        state.cancel(user=user)
    workflow_of(obj).start(obj, user)
    reviewers_tell(obj, step="town", resubmitted=resubmitted, actor=user)
    return obj


def reviewers_tell(obj: ReviewedSnippet, *, step: str, resubmitted: bool = False, actor=None) -> None:
    """Tell the reviewers of ``step`` ("town" or "district") that the object waits for them (not the
    ``actor``: staff who filed it on the applicant's behalf know already), leaving out whoever may not
    approve it there (the step's ``approval_refusal``: e.g. the district reviewer who took its town
    step is not asked for the final approval); a town with nobody who may approve it: the district."""
    _, task = current_task(obj)

    def may_approve(accounts) -> list:
        accounts = list(accounts.select_related("user"))
        return [a for a in accounts if task is None or task.approval_refusal(obj, a.user) is None]

    accounts: list = []
    if step == "town" and obj.review_town_id is not None:
        accounts = may_approve(Account.objects.filter(role=Role.TOWN, town_id=obj.review_town_id,
                                                      user__is_active=True))
    town_unstaffed = step == "town" and not accounts
    if step == "district" or town_unstaffed:
        accounts = may_approve(Account.objects.filter(role=Role.DISTRICT, user__is_active=True))
    what = "镇街初审" if step == "town" else "区残联终审"
    how = "重新提交" if resubmitted else "提交"
    subject = f"待{what}：{obj}（{how}）" if step == "town" else f"待{what}：{obj}"
    if step == "town":
        body = f"{obj}已{how}，等待{what}。"
        if town_unstaffed:
            body += "本镇街没有可以审核的人员，请区残联代为初审。"
    else:
        body = f"{obj}的镇街初审已通过，等待{what}。"
    users = [a.user for a in accounts if actor is None or a.user_id != actor.pk]
    notify(users=users, event="review.queued",
           subject=subject, body=body + "请及时审核。", target=obj, url=obj.review_url())


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


@transaction.atomic
def review_reopen(*, obj: ReviewedSnippet, user, comment: str) -> ReviewedSnippet:
    """The district reopens an approved object (e.g. after an objection to its 公示): it goes back to
    the applicant as 已退回 with ``comment``, exactly as a rejection leaves it, so the applicant corrects
    it and resubmits it through ``review_submit`` and the whole review runs again. A revision is kept
    and ``review_status_changed`` is sent with ``reopened=True`` (the applicant is told it was returned,
    and what became of what its approval had issued: quota's letters)."""
    if access.role_of(user) != Role.DISTRICT:
        raise PermissionDenied(f"只有区残联可以重新打开已审核通过的{obj.review_noun}。")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": f"请填写退回意见，告诉{obj.review_party}需要更正什么。"})
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    if obj.status != ReviewStatus.APPROVED:
        raise ValidationError(f"这份{obj.review_noun}不是审核通过的状态，不能重新打开。")
    _store(obj, {"status": ReviewStatus.REJECTED, "reviewer_comment": comment}, reopened=True)
    snapshot(obj, user)
    return obj


# ---- the district acts for a town (区残联代为镇街初审 / 改派) ----------------------------------------------

TOWN_STEP_REASONS = {
    "no_reviewer": "本镇街没有审核人员",
    "absent": "本镇街审核人员缺席（请假、出差等）",
    "deadline": "已过镇街初审期限",
    "barred": "本镇街审核人员按规定不能审核通过",
    "other": "其他原因",
}


def _town_step_open(obj: ReviewedSnippet):
    task_state, task = current_task(obj)
    if task is None or not isinstance(task, TownReviewTask):
        raise ValidationError(f"这份{obj.review_noun}现在不在镇街初审环节，不需要代办。")
    return task_state


def _reason_text(kind: str, detail: str) -> str:
    if kind not in TOWN_STEP_REASONS:
        raise ValidationError({"reason": "请选择原因。"})
    detail = (detail or "").strip()
    if kind == "other" and not detail:
        raise ValidationError({"detail": "选择“其他原因”时，请写明原因。"})
    if len(detail) > 500:
        raise ValidationError({"detail": "说明不能超过 500 个字。"})
    return f"{TOWN_STEP_REASONS[kind]}{'：' + detail if detail else ''}"


@transaction.atomic
def town_step_take(*, obj: ReviewedSnippet, user, reason: str, detail: str = "",
                   assignee=None) -> TownStepDelegation:
    """The district takes the town step of ``obj``'s current submission (``assignee`` None: the user
    themselves) or reassigns it to a district colleague, with a reason that goes to the item's
    history and before the decision's comment. Only district reviewers; the assignee must be an
    active district reviewer (the final step then needs someone else: ``DistrictReviewTask``)."""
    if access.role_of(user) != Role.DISTRICT:
        raise PermissionDenied("只有区残联可以代为镇街初审或改派。")
    state = _town_step_open(obj).workflow_state
    text = _reason_text(reason, detail)
    if assignee is None or assignee.pk == user.pk:
        assignee, kind = user, TownStepHandover.TAKEN
    else:
        if not (assignee.is_active and Account.objects.filter(user=assignee, role=Role.DISTRICT).exists()):
            raise ValidationError({"assignee": "只能改派给在岗的区残联审核人员。"})
        if not assignee.has_usable_password():
            raise ValidationError({"assignee": "这位同事的账号还没有激活（没有设置密码），不能登录办理，请改派给其他人。"})
        kind = TownStepHandover.REASSIGNED
    row = TownStepDelegation.objects.create(workflow_state=state, kind=kind, assignee=assignee, reason=text,
                                            by=user, at=timezone.now())
    if kind == TownStepHandover.REASSIGNED:
        where = reverse(obj.review_detail_url_name, args=[obj.pk]) if obj.review_detail_url_name else ""
        notify(users=[assignee], event="review.town_step_assigned", subject=f"请您代为镇街初审：{obj}",
               body=(f"{person_label(user)}把“{obj}”的镇街初审改派给您，原因：{text}。\n"
                     f"请打开审核：{where}\n按规定，办理了镇街初审的人不能再做这份{obj.review_noun}的终审。"),
               target=obj, url=where)
    return row


def town_step_assignees(user):
    """District colleagues the town step may be reassigned to (active district reviewers but ``user``
    who have activated their account: one still waiting for its activation link cannot sign in)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

    return (get_user_model().objects.filter(is_active=True, account__role=Role.DISTRICT).exclude(pk=user.pk)
            .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
            .select_related("account").order_by("account__display_name", "pk"))


# ---- status follows the workflow (signal handlers, review.signals) --------------------------------


def _reviewed(workflow_state) -> ReviewedSnippet | None:
    obj = workflow_state.content_object
    return obj if isinstance(obj, ReviewedSnippet) else None


def _store(obj: ReviewedSnippet, fields: dict, *, reopened: bool = False) -> None:
    fields = {**fields, "updated_at": timezone.now()}
    type(obj).objects.filter(pk=obj.pk).update(**fields)
    for name, value in fields.items():
        setattr(obj, name, value)
    review_status_changed.send(sender=type(obj), instance=obj, reopened=reopened)


def on_task_approved(task_state, user) -> None:
    obj = _reviewed(task_state.workflow_state)
    if obj is not None and isinstance(task_state.task.specific, TownReviewTask):
        _store(obj, obj.review_fields_town_approved(task_state))
        reviewers_tell(obj, step="district")


def on_task_rejected(task_state, user) -> None:
    obj = _reviewed(task_state.workflow_state)
    if obj is not None:
        _store(obj, obj.review_fields_rejected(task_state))
        if not isinstance(task_state.task.specific, TownReviewTask):
            town_tell_returned(obj, task_state, actor=user)


def town_tell_returned(obj: ReviewedSnippet, task_state, *, actor=None) -> None:
    """The district sent back at its step what the town step had passed: tell the town's reviewers
    and whoever approved that town step (e.g. the district colleague who took it), with the comment,
    so the town knows why before the resubmission reaches it again (not the ``actor``)."""
    passed = (task_state.workflow_state.task_states
              .filter(status=task_state.STATUS_APPROVED, task__in=TownReviewTask.objects.values("pk"))
              .exclude(finished_by=None).select_related("finished_by"))
    users = [state.finished_by for state in passed]
    if obj.review_town_id is not None:
        users += [a.user for a in Account.objects.filter(role=Role.TOWN, town_id=obj.review_town_id,
                                                         user__is_active=True).select_related("user")]
    users = [u for u in users if actor is None or u.pk != actor.pk]
    comment = (task_state.comment or "").strip() or "（未填写）"
    notify(users=users, event="review.returned_after_town",
           subject=f"区残联退回了初审通过的{obj.review_noun}：{obj}",
           body=(f"{obj}经镇街初审通过后，区残联终审时退回{obj.review_party}修改。\n退回意见：{comment}\n"
                 f"{obj.review_party}修改后重新提交，将再次进入镇街初审。"),
           target=obj, url=obj.review_url())


def on_workflow_approved(workflow_state, user) -> None:
    obj = _reviewed(workflow_state)
    if obj is None:
        return
    last_task = workflow_state.task_states.order_by("-finished_at").first()
    comment = (last_task.comment if last_task is not None else "") or ""
    _store(obj, obj.review_fields_approved(workflow_state, now=timezone.now(), comment=comment))
