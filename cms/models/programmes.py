"""Joining an incubation programme: the artisan studio page (技能大师工作室, one master and the apprentices
they take on) and the applications (项目报名) people send from a programme's or a studio's page, which
town and district staff answer in their queue (``cms.programme_services``, ``cms.programme_views``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from domain.phone import WHAT_TO_TYPE, PhoneError, normalize_phone

from ..blocks import BaseStreamBlock, PhotoStreamBlock
from .base import SegmentedSearchMixin, _search_fields


class StudioPage(SegmentedSearchMixin, Page):
    """技能大师工作室 — an artisan studio under a programme: its master, where it is and how to get in,
    when it is open, and what became of its apprentices (entered figures from before the platform plus
    the apprentices accepted here, counted by ``cms.programme_selectors.studio_figures``)."""

    master_name = models.CharField("大师姓名", max_length=40)
    master_title = models.CharField("大师称号", max_length=80, help_text="例如：浙江省残疾人技能大师")
    craft = models.CharField("技艺", max_length=60, help_text="例如：泥金彩漆")
    summary = models.TextField("简介")
    address = models.CharField("地址", max_length=200)
    step_free = models.BooleanField("无台阶入口（或有坡道、电梯）", default=False)
    accessible_toilet = models.BooleanField("无障碍卫生间", default=False)
    hearing_loop = models.BooleanField("助听感应环路", default=False)
    accessible_parking = models.BooleanField("无障碍停车位", default=False)
    sign_language = models.BooleanField("可预约手语翻译", default=False)
    accessibility_notes = models.TextField("其他无障碍说明", blank=True, help_text="例如：盲道引导、距公交站多远")
    opening_hours = models.TextField("开放时间", help_text="每行一段，例如“周一至周五 9:00–16:30”")
    contact_phone = models.CharField("联系电话", max_length=30, blank=True, help_text=WHAT_TO_TYPE)
    apprentices_recorded = models.PositiveIntegerField(
        "平台以外登记的带徒人数", default=0, help_text="本平台上线前或线下收的学徒；平台上接收的学徒自动计入"
    )
    apprentices_certified = models.PositiveIntegerField("其中取得职业技能等级证书", default=0)
    apprentices_employed = models.PositiveIntegerField(
        "其中已就业或居家接单", default=0, help_text="平台以外登记的学徒；平台上接收、已有就业登记的学徒自动计入"
    )
    accepts_apprentices = models.BooleanField("接受网上拜师报名", default=True)
    photos = StreamField(PhotoStreamBlock(), blank=True, verbose_name="照片", help_text="每张照片都必须填写替代文字")
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name="详细介绍")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("master_name"), FieldPanel("master_title"), FieldPanel("craft")], heading="大师"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("address"),
             FieldRowPanel([FieldPanel("step_free"), FieldPanel("accessible_toilet"), FieldPanel("hearing_loop")]),
             FieldRowPanel([FieldPanel("accessible_parking"), FieldPanel("sign_language")]),
             FieldPanel("accessibility_notes"), FieldPanel("opening_hours"), FieldPanel("contact_phone")],
            heading="地址、无障碍和开放时间",
        ),
        MultiFieldPanel(
            [FieldPanel("apprentices_recorded"),
             FieldRowPanel([FieldPanel("apprentices_certified"), FieldPanel("apprentices_employed")]),
             FieldPanel("accepts_apprentices")],
            heading="学徒成效",
        ),
        FieldPanel("photos"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.IncubationProgramPage"]
    subpage_types: list[str] = []
    search_text_fields = ("master_name", "master_title", "craft", "summary", "address", "body")
    search_fields = _search_fields()

    class Meta:
        verbose_name = "技能大师工作室"

    ACCESS_FEATURES = ("step_free", "accessible_toilet", "hearing_loop", "accessible_parking", "sign_language")

    def clean(self):
        super().clean()
        errors = {}
        if self.contact_phone:
            try:
                self.contact_phone = normalize_phone(self.contact_phone)
            except PhoneError as exc:
                errors["contact_phone"] = str(exc)
        if self.apprentices_certified > self.apprentices_recorded:
            errors["apprentices_certified"] = "取得证书的人数不能多于平台以外登记的带徒人数。"
        if self.apprentices_employed > self.apprentices_recorded:
            errors["apprentices_employed"] = "已就业的人数不能多于平台以外登记的带徒人数。"
        if errors:
            raise ValidationError(errors)

    @property
    def access_features(self) -> list[tuple[str, bool]]:
        """(what, whether the studio has it) for each listed feature: the page says yes or no in words."""
        return [(self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.ACCESS_FEATURES]

    @property
    def hours_lines(self) -> list[str]:
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        from ..programme_forms import application_form_for
        from ..programme_selectors import application_of, studio_figures

        context = super().get_context(request, *args, **kwargs)
        context["programme"] = self.get_parent().specific
        context["figures"] = studio_figures(self)
        context["my_application"] = application_of(request.user, self)
        context["apply_form"] = application_form_for(request.user)
        return context


class ApplicationKind(models.TextChoices):
    PROGRAMME = "programme", "参加项目"
    APPRENTICE = "apprentice", "拜师学艺"


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", "待处理"
    ACCEPTED = "accepted", "已接受"
    DECLINED = "declined", "未通过"


OPEN_STATUSES = (ApplicationStatus.PENDING, ApplicationStatus.ACCEPTED)


class ProgrammeApplication(models.Model):
    """项目报名 — a request to join a programme, or to become an apprentice at a studio, from a signed-in
    seeker or from a visitor who leaves a name and a phone number; staff accept or decline it with an
    answer the applicant is told (seekers by notification, visitors by phone)."""

    page = models.ForeignKey(Page, on_delete=models.PROTECT, related_name="+", verbose_name="项目或工作室")
    kind = models.CharField("报名类别", max_length=12, choices=ApplicationKind.choices)
    seeker = models.ForeignKey(
        "employment.JobSeeker", null=True, blank=True, on_delete=models.PROTECT,
        related_name="programme_applications", verbose_name="求职者",
    )
    name = models.CharField("姓名", max_length=40)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    message = models.TextField("留言", max_length=500, blank=True)
    status = models.CharField("状态", max_length=10, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.PENDING)
    answer = models.TextField("答复", max_length=500, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="处理人")
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    created_at = models.DateTimeField("报名时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "项目报名"
        verbose_name_plural = "项目报名"
        constraints = [
            # A seeker has at most one open (pending or accepted) application per programme or studio.
            models.UniqueConstraint(
                fields=["seeker", "page"], name="programme_application_one_open",
                condition=models.Q(seeker__isnull=False, status__in=["pending", "accepted"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}的{self.get_kind_display()}报名"

    @property
    def is_visitor(self) -> bool:
        return self.seeker_id is None
