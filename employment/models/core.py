"""Core domain: towns, employers, providers, accounts and roles, job seekers and their assessments,
job posts, applications, placements, and the personal-data access log.

Identity numbers are stored encrypted (``employment.crypto``) beside a keyed hash for look-up and a
masked copy for display, so listing pages never decrypt and a dump reveals nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from domain import vocab

from ..crypto import EncryptedTextField
from ..formats import cn_date, cn_datetime


class Town(models.Model):
    """镇街 — one of the district's 17 towns/streets."""

    code = models.CharField("代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=20, unique=True)
    kind = models.CharField("类型", max_length=4, help_text="街道 / 镇 / 乡")
    latitude = models.FloatField("纬度", null=True, blank=True)
    longitude = models.FloatField("经度", null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = "镇街"
        verbose_name_plural = "镇街"

    def __str__(self) -> str:
        return self.name


class EmployerKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    GOVERNMENT = "government", "机关"
    INSTITUTION = "institution", "事业单位"
    SOCIAL_ORGANIZATION = "social_organization", "社会团体"
    OTHER = "other", "其他"


class Employer(models.Model):
    """用人单位 — an employer filing quota declarations and posting jobs."""

    name = models.CharField("单位名称", max_length=100)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    kind = models.CharField("单位性质", max_length=24, choices=EmployerKind.choices, default=EmployerKind.ENTERPRISE)
    town = models.ForeignKey(Town, verbose_name="所属镇街", on_delete=models.PROTECT, related_name="employers")
    address = models.CharField("地址", max_length=200, blank=True)
    contact_name = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    description = models.TextField("单位简介", blank=True)
    # The employer register (用人单位名册): an employer that closed, moved out of the district or
    # stopped trading stays on record (its declarations and jobs are kept) but is no longer expected
    # to file its annual quota declaration.
    active = models.BooleanField(
        "在册", default=True, help_text="单位注销、迁出本区或停业时取消勾选：不在册的单位不再列入年审催报名单。"
    )
    # Why and since when an employer is off the register (停用); kept after it is put back, in the log.
    inactive_reason = models.CharField("停用原因", max_length=200, blank=True)
    inactive_since = models.DateTimeField("停用时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "用人单位"
        verbose_name_plural = "用人单位"

    def __str__(self) -> str:
        return self.name


class TrainingProvider(models.Model):
    """培训机构 — a training provider organisation that posts courses."""

    name = models.CharField("机构名称", max_length=100, unique=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    town = models.ForeignKey(Town, verbose_name="所属镇街", on_delete=models.PROTECT, related_name="providers")
    contact_name = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "培训机构"
        verbose_name_plural = "培训机构"

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    SEEKER = "seeker", "求职者"
    EMPLOYER = "employer", "用人单位"
    PROVIDER = "provider", "培训机构"
    TOWN = "town", "镇街残联"
    DISTRICT = "district", "区残联"


class Account(models.Model):
    """Binds a user to one role and the one organisation that role belongs to.

    Employer users belong to exactly one employer, providers to one provider, town reviewers to one
    town; district reviewers and seekers to none (a seeker's person is ``JobSeeker.user``).
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account")
    role = models.CharField("角色", max_length=10, choices=Role.choices)
    # PROTECT: an employer with accounts is never deleted (停用 on the employer register instead).
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="accounts")
    provider = models.ForeignKey(
        TrainingProvider, null=True, blank=True, on_delete=models.CASCADE, related_name="accounts"
    )
    town = models.ForeignKey(Town, null=True, blank=True, on_delete=models.PROTECT, related_name="accounts")
    display_name = models.CharField("显示名称", max_length=60, blank=True)
    # 单位管理员: an employer user who may invite colleagues of the same employer (employer_portal).
    org_admin = models.BooleanField("单位管理员", default=False)
    phone = models.CharField("手机号码", max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "账号角色"
        verbose_name_plural = "账号角色"
        constraints = [
            models.CheckConstraint(
                name="account_role_binding",
                condition=(
                    models.Q(role="employer", employer__isnull=False, provider__isnull=True, town__isnull=True)
                    | models.Q(role="provider", provider__isnull=False, employer__isnull=True, town__isnull=True)
                    | models.Q(role="town", town__isnull=False, employer__isnull=True, provider__isnull=True)
                    | models.Q(
                        role__in=["seeker", "district"],
                        town__isnull=True,
                        employer__isnull=True,
                        provider__isnull=True,
                    )
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class JobSeeker(models.Model):
    """求职者 — a certified disabled person looking for work."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="seeker"
    )
    name = models.CharField("姓名", max_length=40)
    resident_id = EncryptedTextField("身份证号", editable=False)
    resident_id_hash = models.CharField(max_length=64, unique=True, editable=False)
    resident_id_masked = models.CharField("身份证号（脱敏）", max_length=24, editable=False)
    cert_no = EncryptedTextField("残疾人证号", editable=False)
    cert_no_hash = models.CharField(max_length=64, unique=True, editable=False)
    cert_no_masked = models.CharField("残疾人证号（脱敏）", max_length=32, editable=False)
    disability_category = models.CharField(
        "残疾类别", max_length=12, choices=vocab.choices(vocab.DISABILITY_CATEGORIES)
    )
    disability_grade = models.PositiveSmallIntegerField(
        "残疾等级", validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    birth_date = models.DateField("出生日期")
    town = models.ForeignKey(Town, verbose_name="所属镇街", on_delete=models.PROTECT, related_name="seekers")
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("邮箱", blank=True)
    visible_to_employers = models.BooleanField(
        "允许用人单位查看我的求职资料", default=False, help_text="打开后，用人单位可以在匹配的候选人中看到您。"
    )
    personalised_matching = models.BooleanField(
        "使用个性化推荐", default=True, help_text="关闭后，只显示按条件筛选的岗位列表，不根据您的资料推荐。"
    )
    graduating_student = models.BooleanField("应届毕业生", default=False)
    # The family register (households app) records which family a seeker belongs to.
    household = models.ForeignKey(
        "households.Household", verbose_name="所属家庭", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # 证件核验: a self-registered identity is unverified (待核验) until town staff have seen the
    # physical certificate; records staff create are verified on creation.
    verified_at = models.DateTimeField("证件核验时间", null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核验人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # In-app notifications about the record (the claim's welcome), deleted with it.
    notifications = GenericRelation(
        "employment.Notification", content_type_field="target_type", object_id_field="target_id"
    )

    class Meta:
        ordering = ["town", "name"]
        verbose_name = "求职者"
        verbose_name_plural = "求职者"

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def verification_label(self) -> str:
        return "已核验" if self.verified_at is not None else "待核验"

    def notification_url(self, user) -> str:
        """Where a notification about this record leads: the seeker's own data page for the seeker,
        the staff page for anyone else (who must be allowed to see it)."""
        from django.urls import reverse

        return reverse("seeker-settings") if user.pk == self.user_id else reverse("seeker-detail", args=[self.pk])

    @property
    def current_assessment(self) -> VocationalAssessment | None:
        return self.assessments.order_by("-assessed_at", "-id").first()


class EmbeddedMixin(models.Model):
    """A row's embedding, stored with it so every index can be rebuilt from the database."""

    embedding = models.BinaryField(null=True, blank=True, editable=False)
    embedding_model = models.CharField(max_length=200, blank=True, editable=False)
    embedded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class VocationalAssessment(EmbeddedMixin):
    """职业评估 — one assessment of a seeker; a new row per assessment keeps the history."""

    seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="assessments")
    education = models.CharField("文化程度", max_length=12, choices=vocab.choices(vocab.EDUCATION), blank=True)
    skills = models.TextField("技能", blank=True, help_text="会做什么，例如：打字、电脑操作、编织、推拿。")
    experience = models.TextField("工作经历", blank=True)
    desired_jobs = models.TextField("希望从事的工作", blank=True)
    max_hours_per_day = models.DecimalField(
        "每天最多工作小时数",
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    needs = models.JSONField("需要的支持", default=list, blank=True)
    limitations = models.JSONField("不能做的事", default=list, blank=True)
    notes = models.TextField("评估备注", blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField("评估时间", default=timezone.now)

    class Meta:
        ordering = ["-assessed_at", "-id"]
        verbose_name = "职业评估"
        verbose_name_plural = "职业评估"

    def __str__(self) -> str:
        return f"{self.seeker} @ {cn_date(self.assessed_at)}"

    def needs_labels(self) -> list[str]:
        return [vocab.ACCESSIBILITY.get(c, c) for c in self.needs]

    def limitations_labels(self) -> list[str]:
        return [vocab.DEMANDS.get(c, c) for c in self.limitations]


class JobStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "招聘中"
    CLOSED = "closed", "已关闭"


class JobPost(EmbeddedMixin):
    """招聘岗位 — a job an employer posts, with structured accessibility and demands."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="jobs")  # never deleted with its jobs
    title = models.CharField("岗位名称", max_length=60)
    description = models.TextField("工作内容")
    requirements = models.TextField("任职要求", blank=True)
    town = models.ForeignKey(Town, verbose_name="工作地点", on_delete=models.PROTECT, related_name="jobs")
    hours_per_day = models.DecimalField(
        "每天工作小时数", max_digits=3, decimal_places=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    remote = models.BooleanField("可远程/居家办公", default=False)
    accessibility = models.JSONField("提供的无障碍支持", default=list, blank=True)
    demands = models.JSONField("岗位基本要求", default=list, blank=True)
    salary_min = models.DecimalField("月薪下限（元）", max_digits=9, decimal_places=2, null=True, blank=True)
    salary_max = models.DecimalField("月薪上限（元）", max_digits=9, decimal_places=2, null=True, blank=True)
    openings = models.PositiveSmallIntegerField("招聘人数", default=1)
    status = models.CharField("状态", max_length=10, choices=JobStatus.choices, default=JobStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "招聘岗位"
        verbose_name_plural = "招聘岗位"
        constraints = [
            models.CheckConstraint(
                name="jobpost_salary_range",
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_min__lte=models.F("salary_max")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.employer}）"

    def accessibility_labels(self) -> list[str]:
        return [vocab.ACCESSIBILITY.get(c, c) for c in self.accessibility]

    def demands_labels(self) -> list[str]:
        return [vocab.DEMANDS.get(c, c) for c in self.demands]


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", "已投递"
    INVITED = "invited", "已邀请面试"
    INTERVIEWED = "interviewed", "已面试"
    REJECTED = "rejected", "未录用"
    HIRED = "hired", "已录用"
    WITHDRAWN = "withdrawn", "已撤回"


class SeekerReply(models.TextChoices):
    """求职者对面试邀请的答复 — the seeker's answer to an invitation to interview."""

    NONE = "", "未答复"
    ACCEPTED = "accepted", "已接受面试邀请"
    DECLINED = "declined", "已婉拒面试邀请"
    # The seeker would come, but at another time or in another format: the invitation stays open and
    # the employer's new arrangements (``application_outcome_record``) ask for a new answer.
    RESCHEDULE = "reschedule", "请求更改面试时间或方式"


class InterviewFormat(models.TextChoices):
    """面试方式 — how an interview is held; an interpreter is a format of its own so that nobody has
    to ask for it twice (the employer books one, the seeker sees it is booked)."""

    NONE = "", "未说明"
    ONSITE = "onsite", "现场面试"
    VIDEO = "video", "视频面试"
    INTERPRETER = "interpreter", "需要手语翻译"
    TEXT = "text", "文字面试"  # by typed chat (微信、QQ or the like): for deaf seekers who do not sign


class Application(models.Model):
    """求职申请 — a seeker's application to a job (or an employer's invitation)."""

    seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="applications")
    job = models.ForeignKey(JobPost, on_delete=models.CASCADE, related_name="applications")
    status = models.CharField("状态", max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED)
    invited_by_employer = models.BooleanField("单位邀请", default=False)
    message = models.TextField("留言", blank=True)
    interview_at = models.DateTimeField("面试时间", null=True, blank=True)
    interview_place = models.CharField("面试地点", max_length=200, blank=True)
    interview_format = models.CharField(
        "面试方式", max_length=12, choices=InterviewFormat.choices, default=InterviewFormat.NONE, blank=True
    )
    interview_outcome = models.TextField("面试结果", blank=True)
    seeker_reply = models.CharField(
        "求职者答复", max_length=10, choices=SeekerReply.choices, default=SeekerReply.NONE, blank=True
    )
    seeker_replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    seeker_reply_message = models.TextField("求职者答复留言", blank=True)
    seeker_requested_format = models.CharField(
        "求职者希望的面试方式", max_length=12, choices=InterviewFormat.choices, default=InterviewFormat.NONE, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "求职申请"
        verbose_name_plural = "求职申请"
        constraints = [models.UniqueConstraint(fields=["seeker", "job"], name="application_once_per_job")]

    def __str__(self) -> str:
        return f"{self.seeker} → {self.job}"


class Placement(models.Model):
    """就业安置 — a hire: contract, wage and social insurance; pre-fills next year's roster."""

    seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT, related_name="placements")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="placements")
    job = models.ForeignKey(JobPost, null=True, blank=True, on_delete=models.SET_NULL, related_name="placements")
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="placement"
    )
    contract_start = models.DateField("合同开始日期")
    contract_end = models.DateField("合同结束日期", null=True, blank=True, help_text="无固定期限合同留空")
    on_establishment = models.BooleanField("在编", default=False)
    monthly_wage = models.DecimalField("月工资（元）", max_digits=9, decimal_places=2)
    social_insurance_start = models.DateField("社保缴纳起始日期", null=True, blank=True)
    ended_on = models.DateField("离职日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contract_start"]
        verbose_name = "就业安置"
        verbose_name_plural = "就业安置"
        constraints = [
            models.CheckConstraint(
                name="placement_contract_order",
                condition=models.Q(contract_end__isnull=True) | models.Q(contract_end__gte=models.F("contract_start")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.seeker} @ {self.employer}"


class PersonalDataAccess(models.Model):
    """个人敏感信息访问日志 — who saw or exported a full identity number, when, and why."""

    class Action(models.TextChoices):
        VIEW = "view", "查看"
        EXPORT = "export", "导出"
        # Not a read of personal data, but kept in the same log of who did what to whom and why.
        RESET_2FA = "reset_2fa", "重置两步验证"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    seeker = models.ForeignKey(JobSeeker, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    field = models.CharField("字段", max_length=40)
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    reason = models.CharField("事由", max_length=200)
    detail = models.CharField("说明", max_length=200, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = "敏感信息访问记录"
        verbose_name_plural = "敏感信息访问记录"

    def __str__(self) -> str:
        return f"{self.user} {self.get_action_display()} {self.field} @ {cn_datetime(self.at)}"
