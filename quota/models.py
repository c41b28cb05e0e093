"""Annual quota declarations (按比例就业年审申报): the declaration, its roster, duplicate-certificate
conflicts, reviewers' month adjustments, and the policy parameters of each employment year.

The declaration is a reviewed snippet (``review.models.ReviewedSnippet``: draft state, revisions,
workflow, locking, the town → district review); the roster is a ParentalKey child so every revision
holds the roster as filed. Certificate numbers are stored as Fernet tokens (``employment.crypto``)
beside a keyed hash and a masked copy, so neither the table nor the revision JSON reveals them.

``PolicyYear`` (in ``quota/policy_models.py``, registered from here) holds the parameters in force for
one employment year (ratio, wage cap, local wages,
levy tiers, small-enterprise exemption, over-quota reward, the social-insurance and start-up subsidy
parameters, review window and publicity days). District staff edit one row per year in the Wagtail
admin, each with its source; ``year`` always means the employment year being declared. Values are
never hard-coded in the computation: the engine (``quota.engine``) receives them as a plain
``PolicyParams`` built from the row (``quota.bridge``).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models, transaction
from django.db.models import Q
from modelcluster.fields import ParentalKey

from employment.models import Employer
from review.models import ReviewedSnippet, ReviewStatus

# A declaration's statuses are the review's (填报中 → 镇街初审中 → 区残联终审中 → 审核通过 / 已退回).
DeclarationStatus = ReviewStatus
OPEN_CONFLICT_BLOCKS_APPROVAL = "这份申报存在未处理的重复申报冲突，处理后才能审核通过。"
LATE_NEEDS_ACCEPTANCE = "这是年审截止后提交的补报申报，须由区残联在审核页面填写意见、同意受理补报后才能终审通过。"


class DeclarationOutcome(models.TextChoices):
    MET = "met", "达标"
    LEVY = "levy", "应缴纳保障金"
    EXEMPT = "exempt", "未达标，暂免征收"
    REWARD = "reward", "超比例，给予奖励"


# What "filed" (已申报) means, everywhere: submitted for review at least once. A draft that was never
# submitted is not filed; one returned for changes (已退回) was filed. Every count of filed
# declarations (the exports, the dashboard, the non-filer list) goes through ``DeclarationQuerySet``.
NOT_FILED_STATUSES = (DeclarationStatus.DRAFT,)


class DeclarationQuerySet(models.QuerySet):
    def filed(self) -> DeclarationQuerySet:
        """已申报: submitted for review at least once (not a draft)."""
        return self.exclude(status__in=NOT_FILED_STATUSES)

    def not_filed(self) -> DeclarationQuerySet:
        """Drafts never submitted."""
        return self.filter(status__in=NOT_FILED_STATUSES)


class Declaration(ReviewedSnippet):
    """按比例就业年审申报 — one employer's declaration for one employment year."""

    employer = models.ForeignKey(
        Employer, verbose_name="用人单位", on_delete=models.PROTECT, related_name="declarations"
    )
    year = models.PositiveSmallIntegerField("就业年度")
    monthly_headcounts = models.JSONField("各月在职职工人数", default=list, blank=True)
    wage_bill = models.DecimalField("在职职工工资总额（元）", max_digits=16, decimal_places=2, null=True, blank=True)
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
    employer_response = models.TextField("单位说明", blank=True)
    letter_no = models.CharField("认定书编号", max_length=40, blank=True)
    # The letter's place in its year's numbering (第0001号 …): given once, at the first final approval.
    letter_seq = models.PositiveIntegerField("认定书序号", null=True, blank=True, editable=False)
    # What the letter says about paying and appealing, fixed at each final approval from the year's
    # parameters (``PolicyYear.letter_terms``): a letter downloaded again says what it said when issued.
    letter_terms = models.JSONField("认定书所载缴款和救济事项", default=dict, blank=True, editable=False)
    publicity_start = models.DateField("公示开始", null=True, blank=True)
    publicity_end = models.DateField("公示结束", null=True, blank=True)
    # 补报: first submitted after the year's review window closed (``PolicyYear.review_window_end``).
    # Under the year's ``late_needs_district_acceptance`` the district must accept it (受理补报, with
    # a note) before it can be finally approved; see docs/policy.md, "Late declarations".
    late = models.BooleanField("补报", default=False, editable=False)
    late_accepted_at = models.DateTimeField("同意受理补报时间", null=True, blank=True, editable=False)
    late_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    late_acceptance_note = models.TextField("受理补报意见", blank=True, editable=False)
    # The employer's and reviewers' notifications about it (deleted with it, as by a foreign key).
    notifications = GenericRelation(
        "employment.Notification", content_type_field="target_type", object_id_field="target_id"
    )

    review_workflow_name = "按比例就业年审"
    review_slug = "declaration"
    review_detail_url_name = "review-declaration-detail"
    review_submission_note_field = "employer_response"

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "employer__name"]
        verbose_name = "按比例就业年审申报"
        verbose_name_plural = "按比例就业年审申报"
        constraints = [
            models.UniqueConstraint(fields=["employer", "year"], name="declaration_once_per_year"),
            models.UniqueConstraint(fields=["year", "letter_seq"], name="letter_seq_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.year}年度申报"

    def review_url(self) -> str:
        from django.urls import reverse

        return reverse("review-declaration-detail", args=[self.pk])

    @property
    def actual_ratio_pct(self) -> str:
        if self.actual_ratio is None:
            return ""
        return f"{(self.actual_ratio * 100).quantize(Decimal('0.01'))}%"

    @property
    def review_town_id(self) -> int | None:
        """The town whose reviewers take the first review step: the employer's."""
        return self.employer.town_id

    @property
    def is_filed(self) -> bool:
        """已申报, for one loaded declaration: the same test as ``DeclarationQuerySet.filed``."""
        return self.status not in NOT_FILED_STATUSES

    @property
    def editable_by_employer(self) -> bool:
        return self.status in (DeclarationStatus.DRAFT, DeclarationStatus.REJECTED)

    def open_conflicts(self) -> models.QuerySet:
        """Duplicate-certificate conflicts of this declaration still waiting for the district."""
        return DeclarationConflict.objects.filter(
            Q(entry_a__declaration=self) | Q(entry_b__declaration=self), status=ConflictStatus.OPEN
        )

    @property
    def late_acceptance_pending(self) -> bool:
        """A 补报 the year's rule says the district must accept, not accepted yet."""
        if not self.late or self.late_accepted_at is not None:
            return False
        policy = PolicyYear.objects.filter(year=self.year).only("late_needs_district_acceptance").first()
        return policy is None or policy.late_needs_district_acceptance

    def approval_blockers(self, user) -> list[str]:
        """Approval waits while a duplicate-certificate conflict is open; the final approval of a 补报
        waits for the district's acceptance when the year's rule asks for it."""
        blockers = [OPEN_CONFLICT_BLOCKS_APPROVAL] if self.open_conflicts().exists() else []
        if self.status == DeclarationStatus.DISTRICT_REVIEW and self.late_acceptance_pending:
            blockers.append(LATE_NEEDS_ACCEPTANCE)
        return blockers

    def review_fields_approved(self, workflow_state, *, now, comment: str) -> dict:
        """Approved: the result letter's number and the 公示 window (the year's publicity days)."""
        from django.utils import timezone

        # The year's row, locked: approvals of one year take their letter numbers one after another
        # (and the unique constraint on (year, letter_seq) refuses a number given twice regardless).
        rows = PolicyYear.objects
        if transaction.get_connection().in_atomic_block:
            rows = rows.select_for_update()
        policy = rows.get(year=self.year)
        start = timezone.localdate(now)
        return {
            **super().review_fields_approved(workflow_state, now=now, comment=comment),
            **self._letter_number(policy),
            "letter_terms": policy.letter_terms(issued=start),
            "publicity_start": start,
            "publicity_end": start + timedelta(days=max(policy.publicity_days, 1) - 1),
        }


    def _letter_number(self, policy: PolicyYear) -> dict:
        """The result letter's number, given once: a declaration approved again (after a correction)
        keeps the number its letter was issued with. New numbers run 第0001号, 第0002号 … per year."""
        if Declaration.objects.filter(pk=self.pk).exclude(letter_no="").exists():
            return {}
        last = Declaration.objects.filter(year=self.year).aggregate(last=models.Max("letter_seq"))["last"] or 0
        seq = last + 1
        return {"letter_seq": seq, "letter_no": f"{policy.letter_no_prefix}〔{self.year}〕第{seq:04d}号"}


class CertKind(models.TextChoices):
    DISABILITY = "disability", "残疾人证"
    VETERAN = "veteran", "残疾军人证"


class EmploymentForm(models.TextChoices):
    ESTABLISHMENT = "establishment", "在编"
    CONTRACT = "contract", "劳动合同"
    SERVICE = "service", "服务协议"


class FemalePost(models.TextChoices):
    """The post that decides a woman's statutory retirement age (女干部 55 / 女工人 50 before the raise)."""

    UNSPECIFIED = "", "未填写（按女干部计算）"
    CADRE = "cadre", "女干部（原法定退休年龄55周岁）"
    WORKER = "worker", "女工人（原法定退休年龄50周岁）"


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
    female_post = models.CharField(
        "女职工岗位类别", max_length=8, choices=FemalePost.choices, default=FemalePost.UNSPECIFIED, blank=True,
        help_text="决定女职工的法定退休年龄；男职工不填，未填写按女干部计算。",
    )
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


class ReminderKind(models.TextChoices):
    MANUAL = "manual", "工作人员催报"
    DEADLINE = "deadline", "截止前自动提醒"


class DeclarationReminder(models.Model):
    """年审催报记录 — one reminder to file a year's declaration, told to one employer's users: who sent
    it (or the deadline schedule), what, to whom and when. A deadline reminder goes once per employer,
    year and offset (the constraint makes a second run of the schedule a no-op)."""

    employer = models.ForeignKey(Employer, verbose_name="用人单位", on_delete=models.CASCADE,
                                 related_name="declaration_reminders")
    year = models.PositiveSmallIntegerField("就业年度")
    kind = models.CharField("方式", max_length=10, choices=ReminderKind.choices)
    days_before = models.PositiveSmallIntegerField("截止前天数", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_by_label = models.CharField("发送人", max_length=120)
    recipients = models.TextField("收件人")
    recipient_count = models.PositiveSmallIntegerField("收件人数")
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = "年审催报记录"
        verbose_name_plural = "年审催报记录"
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "year", "days_before"], condition=Q(kind="deadline"),
                name="deadline_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.year}年度 {self.get_kind_display()}"


# Models of this app kept in modules of their own, imported here so Django registers them: the policy
# parameters of each year (PolicyYear), supporting
# documents (申报证明材料), the zips of a year's letters and the 公示 managed by the district (batches,
# entries, objections, their log).
from .evidence_models import DeclarationEvidence, DeclarationEvidenceKind  # noqa: E402, F401, I001
from .policy_models import (  # noqa: E402, F401
    NOT_PARAMETERS,
    PolicyYear,
    default_reminder_days,
    policy_parameter_choices,
)
from .letter_models import LetterArchive, LetterArchiveStatus, LetterWithdrawal  # noqa: E402, F401
from .publicity_models import (  # noqa: E402, F401
    BatchStatus,
    EntryStatus,
    ObjectionChannel,
    ObjectionStatus,
    PublicityBatch,
    PublicityEntry,
    PublicityLog,
    PublicityObjection,
)
