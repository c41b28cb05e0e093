"""Wagtail pages of the public site, and the training-course records that hang off them.

Page-tree rules are declared on each model (``parent_page_types`` / ``subpage_types``):

    HomePage
    ├── PolicyIndexPage → PolicyPage (+ attachments)
    ├── NewsIndexPage → NewsPage
    ├── IncubationProgramPage (电商添翼, 文创添彩, 非遗传承, 创业孵化, 技能大师工作室) → IncubationProjectPage
    ├── TrainingIndexPage → TrainingProviderPage (one per provider, its own subtree) → TrainingCoursePage
    └── AnnouncementIndexPage → AnnouncementPage (公示, with go-live and expiry)

Every page indexes a jieba-segmented copy of its text for Chinese search (see ``cms.search``).
Enrolments (报名) and attendance (考勤) are plain models; writes go through ``cms.services``.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import BaseStreamBlock
from .search import segment


class SegmentedSearchMixin(models.Model):
    """Adds ``segmented_text`` (jieba-segmented title + text) to the search index."""

    search_text_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def segmented_text(self) -> str:
        parts = [self.title, getattr(self, "search_description", "")]
        for name in self.search_text_fields:
            value = getattr(self, name, "")
            if hasattr(value, "stream_block"):
                parts.extend(str(p) for p in value.stream_block.get_searchable_content(value))
            elif value:
                parts.append(str(value))
        return segment(" ".join(parts))


class NativeDateInput(forms.DateInput):
    """The browser's own date input: keyboard- and screen-reader-usable, unlike the admin's JS picker."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date(name: str) -> FieldPanel:
    return FieldPanel(name, widget=NativeDateInput)


def _search_fields():
    return [*Page.search_fields, index.SearchField("segmented_text")]


class HomePage(SegmentedSearchMixin, Page):
    """首页 — the site root: entry points for seekers, employers and providers, latest jobs."""

    intro = models.CharField("导语", max_length=200, blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name="正文")

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.PolicyIndexPage",
        "cms.NewsIndexPage",
        "cms.IncubationProgramPage",
        "cms.TrainingIndexPage",
        "cms.AnnouncementIndexPage",
    ]
    max_count = 1
    search_text_fields = ("intro", "body")
    search_fields = _search_fields()

    class Meta:
        verbose_name = "首页"

    def get_context(self, request, *args, **kwargs):
        from employment.models import JobPost, JobStatus

        context = super().get_context(request, *args, **kwargs)
        context["latest_jobs"] = (
            JobPost.objects.filter(status=JobStatus.PUBLISHED).select_related("employer", "town")[:6]
        )
        context["latest_news"] = NewsPage.objects.live().public().order_by("-date", "-pk")[:5]
        context["latest_announcements"] = AnnouncementPage.objects.live().public().order_by("-first_published_at")[:5]
        context["programmes"] = IncubationProgramPage.objects.live().public().order_by("path")
        context["training_index"] = TrainingIndexPage.objects.live().public().first()
        context["policy_index"] = PolicyIndexPage.objects.live().public().first()
        return context


# ---- policies -----------------------------------------------------------------------------------


class PolicyIndexPage(SegmentedSearchMixin, Page):
    """政策文件 — the list of policies."""

    intro = models.TextField("导语", blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.PolicyPage"]
    max_count = 1
    search_text_fields = ("intro",)
    search_fields = _search_fields()

    class Meta:
        verbose_name = "政策文件栏目"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["policies"] = PolicyPage.objects.child_of(self).live().public().order_by("-effective_date")
        return context


class PolicyPage(SegmentedSearchMixin, Page):
    """政策文件 — one policy document with its number, issuing body and validity."""

    document_number = models.CharField("文号", max_length=60, blank=True)
    issuing_body = models.CharField("发文机关", max_length=100)
    effective_date = models.DateField("施行日期")
    expiry_date = models.DateField("失效日期", null=True, blank=True, help_text="长期有效则留空")
    summary = models.TextField("摘要", blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name="全文")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("document_number"),
                FieldPanel("issuing_body"),
                FieldRowPanel([_date("effective_date"), _date("expiry_date")]),
            ],
            heading="文件信息",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label="附件"),
    ]
    parent_page_types = ["cms.PolicyIndexPage"]
    subpage_types: list[str] = []
    search_text_fields = ("document_number", "issuing_body", "summary", "body")
    search_fields = _search_fields()

    class Meta:
        verbose_name = "政策文件"

    def clean(self):
        super().clean()
        if self.expiry_date and self.effective_date and self.expiry_date < self.effective_date:
            raise ValidationError({"expiry_date": "失效日期不能早于施行日期。"})

    @property
    def in_force(self) -> bool:
        today = timezone.localdate()
        return self.effective_date <= today and (self.expiry_date is None or self.expiry_date >= today)


class PolicyAttachment(Orderable):
    page = ParentalKey(PolicyPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+",
                                 verbose_name="文件")
    title = models.CharField("链接文字", max_length=120, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def link_text(self) -> str:
        return self.title or self.document.title


# ---- news ---------------------------------------------------------------------------------------


class NewsIndexPage(SegmentedSearchMixin, Page):
    """新闻动态 — the list of news."""

    intro = models.TextField("导语", blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1
    search_text_fields = ("intro",)
    search_fields = _search_fields()

    class Meta:
        verbose_name = "新闻动态栏目"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news"] = NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk")
        return context


class NewsPage(SegmentedSearchMixin, Page):
    """新闻 — one news item."""

    date = models.DateField("日期", default=timezone.localdate)
    intro = models.TextField("导语", blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name="正文")

    content_panels = [*Page.content_panels, _date("date"), FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []
    search_text_fields = ("intro", "body")
    search_fields = _search_fields()

    class Meta:
        verbose_name = "新闻"


# ---- incubation programmes ---------------------------------------------------------------------


class Programme(models.TextChoices):
    ECOMMERCE = "ecommerce", "电商添翼"
    CULTURAL = "cultural", "文创添彩"
    HERITAGE = "heritage", "非遗传承"
    STARTUP = "startup", "创业孵化"
    MASTER_STUDIO = "studio", "技能大师工作室"


class IncubationProgramPage(SegmentedSearchMixin, Page):
    """孵化项目 — one incubation programme (one page per programme) with its projects below."""

    programme = models.CharField("项目类别", max_length=12, choices=Programme.choices, unique=True)
    intro = models.TextField("导语")
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name="介绍")

    content_panels = [*Page.content_panels, FieldPanel("programme"), FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.IncubationProjectPage"]
    search_text_fields = ("intro", "body")
    search_fields = _search_fields()

    class Meta:
        verbose_name = "孵化计划"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["projects"] = IncubationProjectPage.objects.child_of(self).live().public().order_by("path")
        return context


class IncubationProjectPage(SegmentedSearchMixin, Page):
    """孵化项目/工作室 — one incubated project or studio with its outcome figures."""

    summary = models.TextField("简介")
    participants = models.PositiveIntegerField("参与人数", default=0)
    disabled_participants = models.PositiveIntegerField("其中残疾人数", default=0)
    products = models.TextField("主要产品或服务", blank=True)
    annual_sales = models.DecimalField("年销售额（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    jobs_created = models.PositiveIntegerField("带动就业人数", default=0)
    contact = models.CharField("联系方式", max_length=120, blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name="详细介绍和图片")

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("participants"), FieldPanel("disabled_participants")]),
                FieldRowPanel([FieldPanel("annual_sales"), FieldPanel("jobs_created")]),
            ],
            heading="成效数据",
        ),
        FieldPanel("products"),
        FieldPanel("contact"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.IncubationProgramPage"]
    subpage_types: list[str] = []
    search_text_fields = ("summary", "products", "body")
    search_fields = _search_fields()

    class Meta:
        verbose_name = "孵化项目"

    def clean(self):
        super().clean()
        if self.disabled_participants > self.participants:
            raise ValidationError({"disabled_participants": "残疾人数不能多于参与人数。"})


# ---- training -----------------------------------------------------------------------------------


class TrainingIndexPage(SegmentedSearchMixin, Page):
    """职业技能培训 — lists providers; each provider owns a subtree below it."""

    intro = models.TextField("导语", blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.TrainingProviderPage"]
    max_count = 1
    search_text_fields = ("intro",)
    search_fields = _search_fields()

    class Meta:
        verbose_name = "职业技能培训栏目"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["providers"] = TrainingProviderPage.objects.child_of(self).live().public().order_by("title")
        context["courses"] = (
            TrainingCoursePage.objects.descendant_of(self).live().public().order_by("start_date")
        )
        return context


class TrainingProviderPage(SegmentedSearchMixin, Page):
    """培训机构主页 — the root of one provider's subtree; shows its courses and report card."""

    provider = models.OneToOneField(
        "employment.TrainingProvider", on_delete=models.PROTECT, related_name="page", verbose_name="培训机构"
    )
    intro = models.TextField("机构简介", blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name="详细介绍")

    # Provider pages are created by cms.services.provider_page_ensure; the owner never changes in the editor.
    content_panels = [
        *Page.content_panels, FieldPanel("provider", read_only=True), FieldPanel("intro"), FieldPanel("body")
    ]
    parent_page_types = ["cms.TrainingIndexPage"]
    subpage_types = ["cms.TrainingCoursePage"]
    search_text_fields = ("intro", "body")
    search_fields = _search_fields()

    class Meta:
        verbose_name = "培训机构主页"

    def get_context(self, request, *args, **kwargs):
        from .selectors import provider_report_card

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = TrainingCoursePage.objects.child_of(self).live().public().order_by("start_date")
        context["report"] = provider_report_card(provider=self.provider)
        return context


class TrainingCoursePage(SegmentedSearchMixin, Page):
    """培训课程 — one course posted by a provider, published after district review."""

    provider = models.ForeignKey(
        "employment.TrainingProvider", on_delete=models.PROTECT, related_name="courses", null=True, blank=True,
        editable=False, verbose_name="培训机构",
    )
    summary = models.TextField("课程简介")
    start_date = models.DateField("开课日期")
    end_date = models.DateField("结课日期")
    schedule = models.CharField("上课时间", max_length=200, help_text="例如：每周二、四 14:00–16:30，共 12 次")
    venue = models.CharField("上课地点", max_length=200)
    venue_accessibility = models.TextField(
        "场地无障碍情况", help_text="例如：一楼教室，无台阶入口，无障碍卫生间，附近有公交站。"
    )
    accommodations = models.TextField(
        "可提供的合理便利", blank=True, help_text="例如：手语翻译、大字教材、读屏软件、上门辅导。"
    )
    seats = models.PositiveSmallIntegerField("名额")
    fee = models.DecimalField("费用（元）", max_digits=8, decimal_places=2, default=0, help_text="免费填 0")
    target_groups = models.CharField("招生对象", max_length=200, help_text="例如：持证肢体、听力残疾人，16–59 岁")
    enrolment_opens = models.DateField("报名开始日期")
    enrolment_closes = models.DateField("报名截止日期")
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name="课程内容")

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([_date("start_date"), _date("end_date")]),
                FieldPanel("schedule"),
                FieldRowPanel([_date("enrolment_opens"), _date("enrolment_closes")]),
                FieldRowPanel([FieldPanel("seats"), FieldPanel("fee")]),
                FieldPanel("target_groups"),
            ],
            heading="时间、名额和费用",
        ),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("venue_accessibility"), FieldPanel("accommodations")],
            heading="地点和无障碍",
        ),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.TrainingProviderPage"]
    subpage_types: list[str] = []
    search_text_fields = ("summary", "venue", "target_groups", "accommodations", "body")
    search_fields = [*_search_fields(), index.FilterField("provider")]

    class Meta:
        verbose_name = "培训课程"

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "结课日期不能早于开课日期。"
        if self.enrolment_opens and self.enrolment_closes and self.enrolment_closes < self.enrolment_opens:
            errors["enrolment_closes"] = "报名截止日期不能早于报名开始日期。"
        if self.fee is not None and self.fee < 0:
            errors["fee"] = "费用不能为负数。"
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # The provider is the owner of the subtree the course lives in, never a field a provider edits.
        if self.path:
            parent = self.get_parent()
            if parent is not None and isinstance(parent.specific, TrainingProviderPage):
                self.provider_id = parent.specific.provider_id
        return super().save(*args, **kwargs)

    @property
    def is_free(self) -> bool:
        return not self.fee

    def enrolment_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.enrolment_opens <= today <= self.enrolment_closes

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_report_card, course_seat_counts

        context = super().get_context(request, *args, **kwargs)
        context["counts"] = course_seat_counts(course=self)
        context["report"] = course_report_card(course=self)
        context["enrolment_is_open"] = self.enrolment_open()
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context["my_enrolment"] = (
                self.enrolments.filter(seeker__user=user).exclude(status=EnrolmentStatus.CANCELLED).first()
            )
        return context


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "已报名"
    WAITLISTED = "waitlisted", "候补"
    COMPLETED = "completed", "已结业"
    CANCELLED = "cancelled", "已取消"


class Enrolment(models.Model):
    """报名 — a seeker's place (or waiting-list place) on a course."""

    course = models.ForeignKey(TrainingCoursePage, on_delete=models.CASCADE, related_name="enrolments")
    seeker = models.ForeignKey("employment.JobSeeker", on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField("状态", max_length=12, choices=EnrolmentStatus.choices)
    created_at = models.DateTimeField("报名时间", default=timezone.now)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    completed_on = models.DateField("结业日期", null=True, blank=True)

    class Meta:
        verbose_name = "课程报名"
        verbose_name_plural = "课程报名"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "seeker"],
                condition=~models.Q(status="cancelled"),
                name="enrolment_one_active_per_seeker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seeker} · {self.course.title}（{self.get_status_display()}）"


class Attendance(models.Model):
    """考勤 — whether an enrolled seeker attended one session of the course."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    session_date = models.DateField("上课日期")
    present = models.BooleanField("出勤", default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="记录人"
    )

    class Meta:
        verbose_name = "考勤"
        verbose_name_plural = "考勤"
        constraints = [models.UniqueConstraint(fields=["enrolment", "session_date"], name="attendance_once_a_day")]


# ---- announcements (公示) -----------------------------------------------------------------------


class AnnouncementIndexPage(SegmentedSearchMixin, Page):
    """公示公告 — lists the announcements currently in their publicity period."""

    intro = models.TextField("导语", blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.AnnouncementPage"]
    max_count = 1
    search_text_fields = ("intro",)
    search_fields = _search_fields()

    class Meta:
        verbose_name = "公示公告栏目"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["announcements"] = (
            AnnouncementPage.objects.child_of(self).live().public().order_by("-first_published_at")
        )
        return context


class AnnouncementPage(SegmentedSearchMixin, Page):
    """公示 — an announcement visible from its go-live time until its expiry (Wagtail scheduling)."""

    category = models.CharField("公示类别", max_length=40, blank=True, help_text="例如：补贴发放、评审结果")
    objection_contact = models.CharField(
        "异议受理方式", max_length=200, blank=True, help_text="公示期内对结果有异议的，可通过此方式反映"
    )
    body = StreamField(BaseStreamBlock(), verbose_name="公示内容")

    content_panels = [
        *Page.content_panels,
        FieldPanel("category"),
        FieldPanel("body"),
        FieldPanel("objection_contact"),
    ]
    parent_page_types = ["cms.AnnouncementIndexPage"]
    subpage_types: list[str] = []
    search_text_fields = ("category", "body")
    search_fields = _search_fields()

    class Meta:
        verbose_name = "公示"

    def clean(self):
        super().clean()
        # A 公示 has a publicity period: it must end (Wagtail unpublishes it at expire_at).
        if not self.expire_at:
            raise ValidationError({"expire_at": "公示必须设置截止时间（在“设置”中的“过期时间”）。"})
