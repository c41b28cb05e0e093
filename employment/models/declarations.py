"""Annual quota declarations (按比例就业年审申报): the declaration, its roster, duplicate-certificate
conflicts, reviewers' month adjustments, and the two custom Wagtail workflow tasks (town first review,
district final review).

The declaration is a Wagtail snippet with draft state, revisions, workflow and locking; the roster
is a ParentalKey child so every revision holds the roster as filed. Certificate numbers are stored as
Fernet tokens (``employment.crypto``) beside a keyed hash and a masked copy, so neither the table nor
the revision JSON reveals them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    Task,
    TaskState,
    WorkflowMixin,
)

from .core import Employer, Role


class DeclarationStatus(models.TextChoices):
    DRAFT = "draft", "填报中"
    TOWN_REVIEW = "town_review", "镇街初审中"
    DISTRICT_REVIEW = "district_review", "区残联终审中"
    REJECTED = "rejected", "已退回，请修改后重新提交"
    APPROVED = "approved", "审核通过"


class DeclarationOutcome(models.TextChoices):
    MET = "met", "达标"
    LEVY = "levy", "应缴纳保障金"
    EXEMPT = "exempt", "未达标，暂免征收"
    REWARD = "reward", "超比例，给予奖励"


class Declaration(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    """按比例就业年审申报 — one employer's declaration for one employment year."""

    employer = models.ForeignKey(
        Employer, verbose_name="用人单位", on_delete=models.PROTECT, related_name="declarations"
    )
    year = models.PositiveSmallIntegerField("就业年度")
    status = models.CharField(
        "状态", max_length=16, choices=DeclarationStatus.choices, default=DeclarationStatus.DRAFT
    )
    monthly_headcounts = models.JSONField("各月在职职工人数", default=list, blank=True)
    wage_bill = models.DecimalField("上年在职职工工资总额（元）", max_digits=16, decimal_places=2, null=True, blank=True)
    levy_already_paid = models.DecimalField(
        "已缴纳保障金（元）", max_digits=14, decimal_places=2, default=Decimal("0")
    )
    # The last computation, as the engine returned it (to_dict), and its headline numbers.
    result = models.JSONField("计算结果", default=dict, blank=True, editable=False)
    staff_avg = models.DecimalField("年平均在职职工人数", max_digits=12, decimal_places=4, null=True, blank=True)
    counted = models.DecimalField("安排残疾人就业人数", max_digits=12, decimal_places=4, null=True, blank=True)
    actual_ratio = models.DecimalField("实际安排比例", max_digits=9, decimal_places=6, null=True, blank=True)
    levy_payable = models.DecimalField("应缴保障金（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    reward_amount = models.DecimalField("超比例奖励（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=DeclarationOutcome.choices, blank=True)
    policy_year_used = models.PositiveSmallIntegerField("计算所用政策年度", null=True, blank=True)
    reviewer_comment = models.TextField("审核意见", blank=True)
    employer_response = models.TextField("单位说明", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    approved_at = models.DateTimeField("审核通过时间", null=True, blank=True)
    letter_no = models.CharField("认定书编号", max_length=40, blank=True)
    publicity_start = models.DateField("公示开始", null=True, blank=True)
    publicity_end = models.DateField("公示结束", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="declaration")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="declaration",
        for_concrete_model=False,
    )

    class Meta:
        ordering = ["-year", "employer__name"]
        verbose_name = "按比例就业年审申报"
        verbose_name_plural = "按比例就业年审申报"
        constraints = [models.UniqueConstraint(fields=["employer", "year"], name="declaration_once_per_year")]

    def __str__(self) -> str:
        return f"{self.employer} {self.year}年度申报"

    @property
    def revisions(self):
        return self._revisions

    @property
    def actual_ratio_pct(self) -> str:
        if self.actual_ratio is None:
            return ""
        return f"{(self.actual_ratio * 100).quantize(Decimal('0.01'))}%"

    @property
    def review_town_id(self) -> int | None:
        """The town whose reviewers take the first review step (``TownReviewable`` protocol)."""
        return self.employer.town_id

    @property
    def editable_by_employer(self) -> bool:
        return self.status in (DeclarationStatus.DRAFT, DeclarationStatus.REJECTED)


class CertKind(models.TextChoices):
    DISABILITY = "disability", "残疾人证"
    VETERAN = "veteran", "残疾军人证"


class EmploymentForm(models.TextChoices):
    ESTABLISHMENT = "establishment", "在编"
    CONTRACT = "contract", "劳动合同"
    SERVICE = "service", "服务协议"


class DispatchRole(models.TextChoices):
    NONE = "", "非劳务派遣"
    AGENCY = "agency", "本单位为派遣单位（派出）"
    HOST = "host", "本单位为用工单位（派入）"


class RosterEntry(models.Model):
    """申报名册中的一名残疾职工 — one disabled employee on the declaration's roster."""

    declaration = ParentalKey(Declaration, on_delete=models.CASCADE, related_name="roster")
    name = models.CharField("姓名", max_length=40)
    cert_token = models.TextField(editable=False)  # Fernet token of the normalised certificate number
    cert_hash = models.CharField(max_length=64, editable=False, db_index=True)
    cert_masked = models.CharField("证号（脱敏）", max_length=40, editable=False)
    cert_kind = models.CharField("证件类型", max_length=12, choices=CertKind.choices, default=CertKind.DISABILITY)
    category = models.CharField("残疾类别", max_length=12, blank=True)
    grade = models.PositiveSmallIntegerField("残疾等级")
    employment_form = models.CharField("用工形式", max_length=16, choices=EmploymentForm.choices)
    contract_start = models.DateField("合同开始日期", null=True, blank=True)
    contract_end = models.DateField("合同结束日期", null=True, blank=True)
    monthly_wage = models.DecimalField("月工资（元）", max_digits=10, decimal_places=2)
    months_employed = models.JSONField("在岗月份", default=list)
    months_insured = models.JSONField("社保足额缴纳月份", default=list)
    dispatch_role = models.CharField(
        "劳务派遣", max_length=8, choices=DispatchRole.choices, default=DispatchRole.NONE, blank=True
    )
    dispatch_party = models.CharField("派遣另一方单位", max_length=100, blank=True)
    counted_here = models.BooleanField(
        "计入本单位", default=True, help_text="劳务派遣人员只在一方计算；双方书面约定由用工单位计算时，派遣单位填“否”。"
    )
    # Reviewer override of the months that count here (None = as computed); see MonthsAdjustment.
    months_override = models.JSONField("审核认定计算月份", null=True, blank=True)
    source = models.CharField("来源", max_length=20, blank=True, help_text="手工 / 上传 / 上年名册 / 平台就业记录")

    class Meta:
        ordering = ["id"]
        verbose_name = "残疾职工名册"
        verbose_name_plural = "残疾职工名册"

    def __str__(self) -> str:
        return f"{self.name}（{self.cert_masked}）"

    @property
    def effective_months(self) -> list[int]:
        """The months that count here before the engine's checks: the reviewer's override, else employed."""
        return self.months_override if self.months_override is not None else self.months_employed


class ConflictStatus(models.TextChoices):
    OPEN = "open", "待处理"
    RESOLVED = "resolved", "已处理"


class DeclarationConflict(models.Model):
    """重复申报冲突 — the same certificate counted by two employers in overlapping months of one year."""

    year = models.PositiveSmallIntegerField("就业年度")
    cert_hash = models.CharField(max_length=64, editable=False)
    entry_a = models.ForeignKey(RosterEntry, on_delete=models.CASCADE, related_name="conflicts_as_a")
    entry_b = models.ForeignKey(RosterEntry, on_delete=models.CASCADE, related_name="conflicts_as_b")
    months = models.JSONField("重叠月份", default=list)
    status = models.CharField("状态", max_length=10, choices=ConflictStatus.choices, default=ConflictStatus.OPEN)
    decision = models.TextField("处理意见", blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "重复申报冲突"
        verbose_name_plural = "重复申报冲突"
        constraints = [models.UniqueConstraint(fields=["entry_a", "entry_b"], name="conflict_once_per_pair")]

    def __str__(self) -> str:
        return f"{self.year}年度 {self.entry_a.cert_masked} 重复申报"


class MonthsAdjustment(models.Model):
    """审核调整记录 — a reviewer changed the months a person counts, with the reason (kept for audit)."""

    entry = models.ForeignKey(RosterEntry, on_delete=models.CASCADE, related_name="adjustments")
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="adjustments")
    months_before = models.JSONField("调整前月份", default=list)
    months_after = models.JSONField("调整后月份", default=list)
    reason = models.CharField("调整原因", max_length=300)
    conflict = models.ForeignKey(
        DeclarationConflict, null=True, blank=True, on_delete=models.SET_NULL, related_name="adjustments"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = "计算月份调整记录"
        verbose_name_plural = "计算月份调整记录"


def _reviewer_role(user) -> tuple[str | None, int | None]:
    account = getattr(user, "account", None) if getattr(user, "is_authenticated", False) else None
    if account is None:
        return (Role.DISTRICT if getattr(user, "is_superuser", False) else None), None
    return account.role, account.town_id


class TownReviewable(Protocol):
    """What the review tasks need of an object: the town of its first review. Declarations and
    subsidy applications (``models.subsidies``) both go through the same two tasks."""

    pk: int

    @property
    def review_town_id(self) -> int | None: ...


class _DeclarationReviewTask(Task):
    """Shared behaviour: only the right reviewers see and act on the task; others are locked out."""

    class Meta:
        abstract = True

    def user_may_review(self, obj: TownReviewable | None, user) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    def user_can_access_editor(self, obj, user):
        return self.user_may_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_may_review(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_may_review(obj, user)

    def approval_refusal(self, obj, user) -> str | None:
        """Why ``user``, although a reviewer of this step, may not approve ``obj``, or None.

        Separation of duties: an object with an ``approval_refusal(user)`` method (a subsidy
        application: whoever changed its payment details) names the reviewers who must leave the
        approval to someone else. They may still send it back (退回修改): that pays nobody."""
        check = getattr(obj, "approval_refusal", None)
        return check(user) if obj is not None and callable(check) else None

    def get_actions(self, obj, user):
        # The admin's workflow-action URL and edit view accept only the actions listed here.
        if not self.user_may_review(obj, user):
            return []
        actions = [("reject", "退回修改", True)]
        if self.approval_refusal(obj, user) is None:
            actions += [("approve", "审核通过", False), ("approve", "审核通过并填写意见", True)]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        declaration = task_state.workflow_state.content_object  # or a subsidy application
        # Wagtail's workflow action URL checks the actions on the object in the URL but acts on the
        # task state in the URL: the reviewer must be allowed on *this* task state's object too.
        if not self.user_may_review(declaration, user):
            raise PermissionDenied("您不能审核这一项。")
        if action_name == "approve":
            # Also here, not only in get_actions: whoever calls the task is refused the same way.
            refusal = self.approval_refusal(declaration, user)
            if refusal:
                raise PermissionDenied(refusal)
        if action_name == "approve" and isinstance(declaration, Declaration):
            from employment.declarations.services import guard_approval

            try:
                guard_approval(declaration)
            except ValidationError as exc:
                raise PermissionDenied(exc.messages[0]) from exc
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        ids = [s.pk for s in states.select_related("workflow_state") if self.user_may_review(
            s.workflow_state.content_object, user
        )]
        return TaskState.objects.filter(pk__in=ids)


class TownReviewTask(_DeclarationReviewTask):
    """镇街初审 — only reviewers of the object's own town (``review_town_id``) may act."""

    def user_may_review(self, obj: TownReviewable | None, user) -> bool:
        role, town_id = _reviewer_role(user)
        if role == Role.DISTRICT and getattr(user, "is_superuser", False):
            return True
        return bool(obj is not None and role == Role.TOWN and town_id is not None
                    and getattr(obj, "review_town_id", None) == town_id)

    @classmethod
    def get_description(cls):
        return "由申报单位所属镇街残联进行初审"

    class Meta:
        verbose_name = "镇街初审任务"
        verbose_name_plural = "镇街初审任务"


class DistrictReviewTask(_DeclarationReviewTask):
    """区残联终审 — district reviewers only."""

    def user_may_review(self, obj, user) -> bool:
        role, _ = _reviewer_role(user)
        return obj is not None and role == Role.DISTRICT

    @classmethod
    def get_description(cls):
        return "由区残联进行终审"

    class Meta:
        verbose_name = "区残联终审任务"
        verbose_name_plural = "区残联终审任务"
