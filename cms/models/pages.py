"""The pages of the public site other than training: the home page, policies (with attachments), news,
the incubation programmes and their projects (studios and applications: ``programmes.py``), and the 公示
announcements (with go-live and expiry)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from domain.phone import WHAT_TO_TYPE, PhoneError, normalize_phone

from ..blocks import BaseStreamBlock, PhotoStreamBlock
from .base import SegmentedSearchMixin, _date, _search_fields


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

        from .training import TrainingIndexPage  # training builds on these pages, not the other way round

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
    body = StreamField(BaseStreamBlock(), verbose_name="要点")
    source_url = models.URLField(
        "官方原文链接", blank=True,
        help_text="发文机关网站或中国政府网上的原文地址。请打开核对文号和标题后再填写；找不到原文时留空，页面会请读者向区残联索取。",
    )
    source_site = models.CharField("原文所在网站", max_length=60, blank=True, help_text="例如：中国政府网")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("document_number"),
                FieldPanel("issuing_body"),
                FieldRowPanel([_date("effective_date"), _date("expiry_date")]),
                FieldRowPanel([FieldPanel("source_url"), FieldPanel("source_site")]),
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
        if self.source_url and not self.source_url.startswith("https://"):
            raise ValidationError({"source_url": "请填写以 https:// 开头的官方网站地址。"})
        if self.source_url and not self.source_site.strip():
            raise ValidationError({"source_site": "请填写原文所在网站的名称，例如“中国政府网”。"})

    @property
    def in_force(self) -> bool:
        today = timezone.localdate()
        return self.effective_date <= today and (self.expiry_date is None or self.expiry_date >= today)

    @property
    def status_label(self) -> str:
        """有效, or which way it is not: a reader needs to know whether it is still to come or over."""
        today = timezone.localdate()
        if self.effective_date > today:
            return "尚未施行"
        if self.expiry_date is not None and self.expiry_date < today:
            return "已失效"
        return "有效"


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
    """孵化项目 — one incubation programme (one page per programme): whom it is for, what it offers, how
    to join and whom to contact, its photos, the figures of its projects and studios below it, and the
    form to apply to join (``cms.programme_views``)."""

    programme = models.CharField("项目类别", max_length=12, choices=Programme.choices, unique=True)
    intro = models.TextField("导语", help_text="一两句话，显示在标题下方；正文中不要重复")
    audience = models.TextField("面向对象", blank=True, help_text="哪些人可以参加，例如残疾类别、年龄、户籍")
    offer = models.TextField("提供什么", blank=True, help_text="每行一项，页面上显示为列表")
    how_to_join = models.TextField("如何参加", blank=True, help_text="每行一个步骤，页面上显示为编号列表")
    contact_name = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True, help_text=WHAT_TO_TYPE)
    accepts_applications = models.BooleanField(
        "接受网上报名", default=True, help_text="勾选后，页面上显示报名表，报名进入工作人员的“项目报名”待办"
    )
    photos = StreamField(PhotoStreamBlock(), blank=True, verbose_name="照片", help_text="每张照片都必须填写替代文字")
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name="介绍")

    content_panels = [
        *Page.content_panels,
        FieldPanel("programme"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("offer"), FieldPanel("how_to_join"),
             FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_phone")]),
             FieldPanel("accepts_applications")],
            heading="参加办法",
        ),
        FieldPanel("photos"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.IncubationProjectPage", "cms.StudioPage"]
    search_text_fields = ("intro", "audience", "offer", "how_to_join", "body")
    search_fields = _search_fields()

    class Meta:
        verbose_name = "孵化计划"

    def clean(self):
        super().clean()
        if self.contact_phone:
            try:
                self.contact_phone = normalize_phone(self.contact_phone)
            except PhoneError as exc:
                raise ValidationError({"contact_phone": str(exc)}) from exc

    @property
    def offer_items(self) -> list[str]:
        return [line.strip() for line in self.offer.splitlines() if line.strip()]

    @property
    def join_steps(self) -> list[str]:
        return [line.strip() for line in self.how_to_join.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        from ..programme_forms import application_form_for
        from ..programme_selectors import application_of, programme_figures, studio_figures
        from .programmes import StudioPage

        context = super().get_context(request, *args, **kwargs)
        projects = list(IncubationProjectPage.objects.child_of(self).live().public().order_by("path"))
        context["projects"] = projects
        studios = StudioPage.objects.child_of(self).live().public().order_by("path")
        context["studios"] = [(studio, studio_figures(studio)) for studio in studios]
        context["figures"] = programme_figures(projects)
        context["my_application"] = application_of(request.user, self)
        context["apply_form"] = application_form_for(request.user)
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
