"""The two-step review (镇街初审 → 区残联终审) shared by quota declarations and subsidy applications.

``ReviewedSnippet`` is the abstract base of every reviewed object: a Wagtail snippet with draft state,
revisions, workflow and locking, the review status and comment, when it was submitted and approved,
and the town whose reviewers take the first step (``review_town_id``). The two task classes
(``TownReviewTask``, ``DistrictReviewTask``) are Wagtail workflow tasks; they ask the object itself
what stands in the way of approving it — ``approval_refusal(user)`` (this user may not approve: the
separation of duties on payment details; approval is then not even offered) and
``approval_blockers(user)`` (nobody may approve yet: an open duplicate claim) — so no model imports a
service. The status follows the workflow in ``review.services`` whichever interface a reviewer used.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import PermissionDenied
from django.db import models
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, Task, TaskState, WorkflowMixin

from employment.formats import cn_date
from employment.models import Role

from .action_forms import FinalApprovalForm


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "填报中"
    TOWN_REVIEW = "town_review", "镇街初审中"
    DISTRICT_REVIEW = "district_review", "区残联终审中"
    REJECTED = "rejected", "已退回，请修改后重新提交"
    APPROVED = "approved", "审核通过"


class ReviewedSnippet(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    """An object filed for the two-step review: what the review needs of it, in one place.

    Subclasses say which town reviews it first (``review_town_id``), may name what blocks approval
    (``approval_refusal``, ``approval_blockers``), and how their own fields change when the review
    moves on (``review_fields_*``); ``review.services`` does the rest for every kind of object.
    """

    status = models.CharField("状态", max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    reviewer_comment = models.TextField("审核意见", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    approved_at = models.DateTimeField("审核通过时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="%(class)s")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(class)s",
        for_concrete_model=False,
    )

    # How the review pages name the object and the party that filed it (messages in Chinese), and the
    # name of the workflow made for the model if a database has none (``review.workflows``).
    review_noun = "申报"
    review_party = "单位"
    review_workflow_name = "审核"
    # The model's key in the review's own URLs (``review.urls``) and its staff detail page's URL name.
    review_slug = ""
    review_detail_url_name = ""
    # The field the applicant explains a submission in (e.g. what it changed after a return), read from
    # the revision each submission was filed as and shown on that submission in the timeline; "": none.
    review_submission_note_field = ""

    class Meta:
        abstract = True

    @property
    def revisions(self):
        return self._revisions

    @property
    def review_town_id(self) -> int | None:  # pragma: no cover - every subclass says
        """The town whose reviewers take the first review step."""
        raise NotImplementedError

    def review_url(self) -> str:
        """The reviewers' page of this object (opened from their notification); subclasses may say."""
        return self.get_absolute_url() if hasattr(self, "get_absolute_url") else ""

    def approval_refusal(self, user) -> str | None:
        """Why ``user``, although a reviewer of the current step, may never approve this object, or
        None. The task then offers such a reviewer only 退回修改 (sending it back pays nobody)."""
        return None

    def approval_blockers(self, user) -> list[str]:
        """What keeps anyone from approving this object now (each a Chinese sentence); empty if nothing."""
        return []

    def town_step_for_district(self) -> str | None:
        """Why a district reviewer may take the town step (镇街初审) of this object, or None: the town
        has no active reviewer left who may approve it (every one of them is barred by
        ``approval_refusal``, or it has none). The reason is recorded with the decision."""
        from employment.models import Account

        if self.review_town_id is None:
            return None
        accounts = list(Account.objects.filter(role=Role.TOWN, town_id=self.review_town_id, user__is_active=True)
                        .select_related("user"))
        if any(self.approval_refusal(account.user) is None for account in accounts):
            return None
        if accounts:
            return "本镇街的审核人员都修改过收款信息，按规定不能审核通过，由区残联代为初审"
        return "本镇街没有可以审核的人员，由区残联代为初审"

    def review_fields_town_approved(self, task_state) -> dict:
        """Fields to store when the town approves its step."""
        return {"status": ReviewStatus.DISTRICT_REVIEW}

    def review_fields_rejected(self, task_state) -> dict:
        """Fields to store when a reviewer sends the object back."""
        return {"status": ReviewStatus.REJECTED, "reviewer_comment": task_state.comment or ""}

    def review_fields_approved(self, workflow_state, *, now, comment: str) -> dict:
        """Fields to store when the last step approves (``comment``: that step's comment)."""
        return {"status": ReviewStatus.APPROVED, "approved_at": now, "reviewer_comment": comment}


def reviewer_role(user) -> tuple[str | None, int | None]:
    """(role, town id) of a user as the review tasks see it; a superuser without an account acts as
    the district."""
    account = getattr(user, "account", None) if getattr(user, "is_authenticated", False) else None
    if account is None:
        return (Role.DISTRICT if getattr(user, "is_superuser", False) else None), None
    return account.role, account.town_id


class ReviewTask(Task):
    """Shared behaviour: only the right reviewers see and act on the task; others are locked out."""

    class Meta:
        abstract = True

    def user_may_review(self, obj: ReviewedSnippet | None, user) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    def user_can_access_editor(self, obj, user):
        return self.user_may_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_may_review(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_may_review(obj, user)

    def approval_refusal(self, obj, user) -> str | None:
        """Why ``user``, although a reviewer of this step, may not approve ``obj``, or None (asked of
        the object: ``ReviewedSnippet.approval_refusal``)."""
        check = getattr(obj, "approval_refusal", None)
        return check(user) if obj is not None and callable(check) else None

    def ends_its_workflows(self) -> bool:
        """Whether this step is the last active one of every workflow it is in: approving it finishes
        the review (区残联终审), which no later step can undo."""
        from wagtail.models import WorkflowTask

        if not self.active:
            return False
        # Asked several times for one page (the actions, then the form for the action): the answer is
        # kept on this instance, which lives for one request (the workflows do not change in between).
        if "_ends_its_workflows" not in self.__dict__:
            # The active steps of the workflows this one is in, in order (this step among them): one query.
            last = dict(WorkflowTask.objects.filter(workflow__workflow_tasks__task=self, task__active=True)
                        .order_by("sort_order").values_list("workflow_id", "task_id"))
            self._ends_its_workflows = bool(last) and all(task_id == self.pk for task_id in last.values())
        return self._ends_its_workflows

    def get_actions(self, obj, user):
        # The admin's workflow-action URL and edit view accept only the actions listed here.
        if not self.user_may_review(obj, user):
            return []
        actions = [("reject", "退回修改", True)]
        if self.approval_refusal(obj, user) is None:
            if self.ends_its_workflows():
                # Only with the confirmation form (FinalApprovalForm), as on the portal's review pages.
                actions.append(("approve", "终审通过", True))
            else:
                actions += [("approve", "审核通过", False), ("approve", "审核通过并填写意见", True)]
        return actions

    def get_form_for_action(self, action):
        if action == "approve" and self.ends_its_workflows():
            return FinalApprovalForm
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        return "review/admin/workflow_action_modal.html"

    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        # Wagtail's workflow action URL checks the actions on the object in the URL but acts on the
        # task state in the URL: the reviewer must be allowed on *this* task state's object too.
        if not self.user_may_review(obj, user):
            raise PermissionDenied("您不能审核这一项。")
        kwargs.pop("confirm", None)  # FinalApprovalForm's: checked by the form and the admin's edit view
        kwargs = self.decision_recorded(obj, user, kwargs)
        if action_name == "approve":
            # Also here, not only in get_actions: whoever calls the task is refused the same way.
            refusal = self.approval_refusal(obj, user)
            if refusal:
                raise PermissionDenied(refusal)
            blockers = obj.approval_blockers(user) if hasattr(obj, "approval_blockers") else []
            if blockers:
                raise PermissionDenied(blockers[0])
        return super().on_action(task_state, user, action_name, **kwargs)

    def decision_recorded(self, obj, user, kwargs: dict) -> dict:
        """The action's keyword arguments as recorded (subclasses may note why this user acts)."""
        return kwargs

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """The admin's 等待您审核: the steps ``user`` may act on and approve — not those the user may
        only send back (``approval_refusal``, e.g. the final step of a submission whose town step
        they took): someone else must approve them."""
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        ids = []
        for state in states.select_related("workflow_state"):
            obj = state.workflow_state.content_object
            if self.user_may_review(obj, user) and self.approval_refusal(obj, user) is None:
                ids.append(state.pk)
        return TaskState.objects.filter(pk__in=ids)


class TownStepHandover(models.TextChoices):
    TAKEN = "taken", "区残联代为镇街初审"
    REASSIGNED = "reassigned", "镇街初审改派"


class TownStepDelegation(models.Model):
    """区残联代为镇街初审 / 改派 — the district takes the town step of one submission itself, or hands it
    to a named district colleague, with a reason (the town has no reviewer, its reviewer is absent,
    the deadline passed). Bound to the submission's workflow state: a resubmission starts without one.
    The latest row of the current submission names who may act (``assignee``); every row stays as
    the item's history."""

    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState", on_delete=models.CASCADE, related_name="town_step_delegations"
    )
    kind = models.CharField("方式", max_length=12, choices=TownStepHandover.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="承办人", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("原因")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="决定人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "镇街初审代办"
        verbose_name_plural = "镇街初审代办"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {cn_date(self.at)}"


def town_step_delegation(obj) -> TownStepDelegation | None:
    """The delegation in force for the current submission of ``obj`` (its latest), or None."""
    state = getattr(obj, "current_workflow_state", None) if obj is not None else None
    if state is None:
        return None
    return TownStepDelegation.objects.filter(workflow_state=state).select_related("assignee").first()


DISTRICT_TOOK_TOWN_STEP = "【区残联代为镇街初审：{reason}】"
DISTRICT_TOOK_TOWN_STEP_REFUSAL = "您已代为完成这一次提交的镇街初审，按规定终审请由区残联的其他审核人员处理。"


class TownReviewTask(ReviewTask):
    """镇街初审 — reviewers of the object's own town (``review_town_id``) may act; a district reviewer
    only once the district has taken this submission's town step or assigned it to them
    (``TownStepDelegation``, with a reason: ``review.services.town_step_take``), and the decision
    then records that reason. ``district_takeover`` says in words when the town has nobody left who
    may approve (the lists suggest the takeover)."""

    def user_may_review(self, obj: ReviewedSnippet | None, user) -> bool:
        role, town_id = reviewer_role(user)
        if role == Role.DISTRICT and getattr(user, "is_superuser", False):
            return True
        if obj is not None and role == Role.TOWN and town_id is not None:
            return getattr(obj, "review_town_id", None) == town_id
        return self.delegated_to(obj, user) is not None

    @staticmethod
    def delegated_to(obj, user) -> TownStepDelegation | None:
        """The delegation that lets ``user`` (an active district reviewer) take the town step of
        ``obj``'s current submission, or None."""
        role, _ = reviewer_role(user)
        if obj is None or role != Role.DISTRICT or not getattr(user, "is_active", False):
            return None
        delegation = town_step_delegation(obj)
        return delegation if delegation is not None and delegation.assignee_id == user.pk else None

    @staticmethod
    def district_takeover(obj) -> str | None:
        check = getattr(obj, "town_step_for_district", None)
        return check() if callable(check) else None

    def decision_recorded(self, obj, user, kwargs: dict) -> dict:
        delegation = self.delegated_to(obj, user)
        role, town_id = reviewer_role(user)
        if delegation is None or (role == Role.TOWN and town_id == getattr(obj, "review_town_id", None)):
            return kwargs
        note = DISTRICT_TOOK_TOWN_STEP.format(reason=delegation.reason)
        return {**kwargs, "comment": f"{note}{kwargs.get('comment') or ''}"}

    @classmethod
    def get_description(cls):
        return "由申报单位所属镇街残联进行初审"

    class Meta:
        verbose_name = "镇街初审任务"
        verbose_name_plural = "镇街初审任务"


def town_steps_approved_by(user):
    """The submissions still in review (in-progress ``WorkflowState``s) whose town step (镇街初审)
    ``user`` approved — a district reviewer who took the step for the town. Two people approve: the
    same user may not also give their final approval (``DistrictReviewTask.approval_refusal`` asks
    this of one object; the work queues, the lists' hints and the "please review" notices ask it of
    many). A superuser is never barred."""
    from wagtail.models import WorkflowState

    if not getattr(user, "pk", None) or getattr(user, "is_superuser", False):
        return WorkflowState.objects.none()
    return WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        task_states__finished_by_id=user.pk, task_states__status=TaskState.STATUS_APPROVED,
        task_states__task__in=TownReviewTask.objects.values("pk"),
    ).distinct()


class DistrictReviewTask(ReviewTask):
    """区残联终审 — district reviewers only."""

    def user_may_review(self, obj, user) -> bool:
        role, _ = reviewer_role(user)
        return obj is not None and role == Role.DISTRICT

    def approval_refusal(self, obj, user) -> str | None:
        """Two people approve: a district reviewer who took this submission's town step (the town
        had nobody left to do it) may not also give the final approval."""
        refusal = super().approval_refusal(obj, user)
        if refusal or obj is None or getattr(user, "is_superuser", False) or not getattr(user, "pk", None):
            return refusal
        state = obj.current_workflow_state
        if state is not None and town_steps_approved_by(user).filter(pk=state.pk).exists():
            return DISTRICT_TOOK_TOWN_STEP_REFUSAL
        return None

    @classmethod
    def get_description(cls):
        return "由区残联进行终审"

    class Meta:
        verbose_name = "区残联终审任务"
        verbose_name_plural = "区残联终审任务"
