"""Annual quota declarations (按比例就业年审申报): the declaration, its roster, duplicate-certificate
conflicts, reviewers' month adjustments, and the policy parameters of each employment year.

The declaration is a reviewed snippet (``review.models.ReviewedSnippet``: draft state, revisions,
workflow, locking, the town → district review); the roster is a ParentalKey child so every revision
holds the roster as filed. Certificate numbers are stored as Fernet tokens (``employment.crypto``)
beside a keyed hash and a masked copy, so neither the table nor the revision JSON reveals them.

``PolicyYear`` holds the parameters in force for one employment year (ratio, wage cap, local wages,
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
from django.core.validators import MaxValueValidator, MinValueValidator
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


def default_reminder_days() -> list[int]:
    return [30, 7, 1]


class PolicyYear(models.Model):
    """按比例就业政策参数（年度） — the parameters in force for one employment year."""

    year = models.PositiveSmallIntegerField(
        "就业年度", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="申报所针对的就业年度（不是申报年份）。",
    )
    ratio = models.DecimalField(
        "安排比例", max_digits=6, decimal_places=4, default=Decimal("0.015"), help_text="例如 0.015 表示 1.5%。"
    )
    cap_multiple = models.DecimalField(
        "工资封顶倍数", max_digits=4, decimal_places=2, default=Decimal("2"),
        help_text="用人单位平均工资不超过当地社会平均工资的倍数（2018年4月起为2倍，之前为3倍）。",
    )
    local_avg_wage = models.DecimalField(
        "当地社会平均工资（元/年）", max_digits=12, decimal_places=2, null=True, blank=True,
        help_text="当地统计部门公布的上年度社会平均工资；未公布时留空，计算时会提示。",
    )
    min_wage = models.DecimalField("当地最低工资（元/月）", max_digits=10, decimal_places=2)
    tiering_in_force = models.BooleanField("分档减缴是否适用", default=True)
    reduced_50_floor = models.DecimalField(
        "分档下限比例", max_digits=6, decimal_places=4, default=Decimal("0.01"), help_text="例如 0.01 表示 1%。"
    )
    reduced_50_rate = models.DecimalField(
        "达到下限但未达比例时的缴纳比例", max_digits=5, decimal_places=4, default=Decimal("0.5"),
        help_text="实际比例在下限与规定比例之间时，按应缴额的此比例缴纳（例如 0.5）。",
    )
    reduced_90_rate = models.DecimalField(
        "低于下限时的缴纳比例", max_digits=5, decimal_places=4, default=Decimal("0.9"),
        help_text="实际比例低于下限时，按应缴额的此比例缴纳（例如 0.9）。",
    )
    exemption_in_force = models.BooleanField("小微企业暂免是否适用", default=False)
    exemption_max_staff = models.PositiveIntegerField(
        "暂免征收的在职职工人数上限", default=30, help_text="在职职工总数不超过此人数的企业暂免征收（机关、事业单位不适用）。"
    )
    reward_per_person = models.DecimalField(
        "超比例奖励（元/人/年）", max_digits=10, decimal_places=2, default=Decimal("0")
    )
    reward_weighted = models.BooleanField("超比例奖励按重度加权计人数", default=True)
    # Working age (docs/policy.md, "Working age"): months outside it do not count (不在劳动年龄内).
    working_age_min = models.PositiveSmallIntegerField(
        "劳动年龄下限（周岁）", default=16, validators=[MinValueValidator(14), MaxValueValidator(20)],
        help_text="年满此周岁的当月起计入。",
    )
    retire_age_male = models.PositiveSmallIntegerField(
        "男职工法定退休年龄（周岁）", default=60, validators=[MinValueValidator(40), MaxValueValidator(70)],
        help_text="原法定退休年龄；达到退休年龄的当月仍计入，次月起不计入。",
    )
    retire_age_female_cadre = models.PositiveSmallIntegerField(
        "女干部法定退休年龄（周岁）", default=55, validators=[MinValueValidator(40), MaxValueValidator(70)],
        help_text="原法定退休年龄为55周岁的女职工；名册未填写岗位类别的女职工也按此计算。",
    )
    retire_age_female_worker = models.PositiveSmallIntegerField(
        "女工人法定退休年龄（周岁）", default=50, validators=[MinValueValidator(40), MaxValueValidator(70)],
        help_text="原法定退休年龄为50周岁的女职工（名册中岗位类别填“工人”）。",
    )
    retirement_raise_in_force = models.BooleanField(
        "实施渐进式延迟法定退休年龄", default=False,
        help_text="2025年起勾选：按全国人大常委会2024年9月13日决定的附件逐月延迟（男职工和女干部每出生4个月延迟1个月，"
        "最高63、58周岁；女工人每出生2个月延迟1个月，最高55周岁）。",
    )
    si_subsidy_share = models.DecimalField(
        "社保补贴比例", max_digits=5, decimal_places=4, default=Decimal("0"),
        help_text="补贴单位为残疾职工缴纳社保费的比例，例如 0.5 表示 50%。",
    )
    si_subsidy_monthly_cap = models.DecimalField(
        "社保补贴每人每月上限（元）", max_digits=10, decimal_places=2, default=Decimal("0")
    )
    si_subsidy_max_months = models.PositiveSmallIntegerField(
        "社保补贴每人累计最长月数", default=0, help_text="同一人在所有单位、所有年度累计享受的最长月数。"
    )
    startup_subsidy_tiers = models.JSONField(
        "一次性创业补贴档次（元）", default=dict, blank=True,
        help_text='档次 → 金额，例如 {"A": "20000", "D": "2000"}；应在区规定的2,000–20,000元范围内。',
    )
    review_window_start = models.DateField("年审开始日期", null=True, blank=True)
    review_window_end = models.DateField("年审截止日期", null=True, blank=True)
    publicity_days = models.PositiveSmallIntegerField("公示天数", default=7)
    late_needs_district_acceptance = models.BooleanField(
        "补报须经区残联同意受理", default=True,
        help_text="勾选：年审截止后才提交的申报标为“补报”，须区残联填写意见同意受理后才能终审通过；"
        "不勾选：只标为“补报”，照常审核。",
    )
    evidence_required_for_new_people = models.BooleanField(
        "新增人员须上传残疾证", default=False,
        help_text="勾选：名册中不在本单位上一次审核通过名册里的人员，须在名册该行上传残疾证（扫描件或照片）才能提交申报；"
        "不勾选：证明材料由单位自愿上传。",
    )
    reminder_days = models.JSONField(
        "截止前自动提醒（天）", default=default_reminder_days, blank=True,
        help_text="年审截止前多少天自动提醒尚未提交申报的单位，例如 [30, 7, 1]；留空 [] 表示不自动提醒。",
    )
    # The letters (审核认定书, 缴款通知书; quota/letters.py, docs/policy.md "The letters"): how the levy
    # is paid, what a late payment costs and how to appeal, each year as in force.
    letter_no_prefix = models.CharField(
        "认定书文号字头", max_length=20, default="海残联审",
        help_text="认定书编号为“字头〔年度〕第0001号”，每个年度从0001起依次编号。",
    )
    payment_deadline = models.DateField(
        "保障金缴款期限", null=True, blank=True,
        help_text="应缴保障金的单位最迟在此日期前缴纳；留空则按认定书出具后的最短缴款天数计算。",
    )
    payment_days_min = models.PositiveSmallIntegerField(
        "认定书出具后最短缴款天数", default=15, validators=[MaxValueValidator(366)],
        help_text="认定书晚于缴款期限前此天数出具时（例如补报），缴款期限为出具日后此天数。",
    )
    payment_channel = models.TextField(
        "缴款渠道", default="国家税务总局宁波市海曙区税务局（可通过浙江省电子税务局或办税服务厅申报缴纳）",
        help_text="缴款通知书上写明的征收机关和缴款方式。",
    )
    late_fee_rate = models.DecimalField(
        "滞纳金日率", max_digits=8, decimal_places=6, default=Decimal("0.0005"),
        validators=[MinValueValidator(Decimal("0.000001"))],
        help_text="逾期未缴纳的，自滞纳之日起按日加收的比例，例如 0.0005 表示万分之五。",
    )
    reconsideration_body = models.CharField(
        "行政复议机关", max_length=100, default="宁波市海曙区人民政府",
    )
    reconsideration_days = models.PositiveSmallIntegerField(
        "申请行政复议期限（日）", default=60, validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text="《中华人民共和国行政复议法》：自知道或者应当知道该行政行为之日起六十日内。",
    )
    lawsuit_months = models.PositiveSmallIntegerField(
        "提起行政诉讼期限（月）", default=6, validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="《中华人民共和国行政诉讼法》第四十六条：自知道或者应当知道作出行政行为之日起六个月内。",
    )
    source = models.TextField("依据/来源", help_text="文件名称和文号，例如 财政部公告2023年第8号。")
    remark = models.TextField("备注", blank=True)
    # 参数待确认: the names of parameters whose value is a placeholder or example (e.g. a local average
    # wage not yet published), ticked in data/policy_params.json ("provisional") or by district staff.
    # The admin list flags the year; employers see results computed with them as 「暂定」.
    provisional_fields = models.JSONField(
        "参数待确认", default=list, blank=True,
        help_text="勾选仍为暂用值或示例值、尚待区残联确认的参数；确认后取消勾选。单位看到的计算结果会标为“暂定”。",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = "政策参数（年度）"
        verbose_name_plural = "政策参数（年度）"

    def __str__(self) -> str:
        return f"{self.year}年度政策参数"

    def letter_terms(self, *, issued) -> dict:
        """What a letter issued on ``issued`` says about paying and appealing (JSON, kept with the
        declaration). The deadline is the year's, unless the letter comes less than ``payment_days_min``
        days before it (a 补报, a late approval) or the year has none: then that many days after issue."""
        floor = issued + timedelta(days=self.payment_days_min)
        deadline = self.payment_deadline if self.payment_deadline and self.payment_deadline >= floor else floor
        return {
            "issued": issued.isoformat(),
            "deadline": deadline.isoformat(),
            "channel": self.payment_channel,
            "late_fee_rate": str(self.late_fee_rate),
            "reconsideration_body": self.reconsideration_body,
            "reconsideration_days": self.reconsideration_days,
            "lawsuit_months": self.lawsuit_months,
        }
    def provisional_labels(self) -> list[str]:
        """The Chinese names of the parameters still to be confirmed (参数待确认), in form order."""
        marked = set(self.provisional_fields or [])
        return [label for name, label in policy_parameter_choices() if name in marked]

    def provisional_summary(self) -> str:
        """The admin list's 参数待确认 column, in words (not by colour alone)."""
        labels = self.provisional_labels()
        return f"待确认 {len(labels)} 项：{'、'.join(labels)}" if labels else "已确认"

    provisional_summary.short_description = "参数待确认"

    def clean(self):
        from django.core.exceptions import ValidationError

        days = self.reminder_days if self.reminder_days is not None else []
        if not isinstance(days, list) or any(not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 366
                                             for d in days):
            raise ValidationError({"reminder_days": "请填写0到366之间的整数天数列表，例如 [30, 7, 1]。"})
        self.reminder_days = sorted(set(days), reverse=True)
        if self.review_window_start and self.review_window_end and self.review_window_start > self.review_window_end:
            raise ValidationError({"review_window_end": "年审截止日期不能早于开始日期。"})


# Fields of a policy year that are not parameters (the rest may be marked 参数待确认).
NOT_PARAMETERS = ("id", "year", "source", "remark", "provisional_fields", "updated_at", "updated_by")


def policy_parameter_choices() -> list[tuple[str, str]]:
    """(field name, Chinese label) of every parameter of a policy year, in form order."""
    return [(f.name, str(f.verbose_name)) for f in PolicyYear._meta.concrete_fields if f.name not in NOT_PARAMETERS]


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


# Models of this app kept in modules of their own, imported here so Django registers them: supporting
# documents (申报证明材料), the zips of a year's letters and the 公示 managed by the district (batches,
# entries, objections, their log).
from .evidence_models import DeclarationEvidence, DeclarationEvidenceKind  # noqa: E402, F401, I001
from .letter_models import LetterArchive, LetterArchiveStatus  # noqa: E402, F401
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
