"""Training (职业技能培训): the training index, one page per training provider (its own subtree), the
courses, and the enrolments (报名), attendance (考勤) and the district's completion corrections
(结业更正) that hang off them — plain models written through ``cms.services``."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BaseStreamBlock
from .base import SegmentedSearchMixin, _date, _search_fields

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
        from ..selectors import provider_report_card

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
    # Completion (结业) feeds the provider's public outcome figures, so it needs this share of the
    # course's recorded sessions attended; 80 % is the usual bar, a course may set its own.
    min_attendance_pct = models.PositiveSmallIntegerField(
        "结业最低出勤率（%）", default=80, validators=[MaxValueValidator(100)],
        help_text="学员出勤次数占本课程已记录上课次数的比例达到这个百分比，才能记录结业。一般为 80。",
    )
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
                FieldPanel("min_attendance_pct"),
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
        if self.min_attendance_pct is not None and self.min_attendance_pct > 100:
            errors["min_attendance_pct"] = "结业最低出勤率不能超过 100%。"
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
        from ..selectors import course_report_card, course_seat_counts

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


class CompletionCorrection(models.Model):
    """结业更正 — the district corrects a learner's completion (records it, or takes it back), with a
    reason; every correction is kept, because completions feed the provider's public outcome figures."""

    class Action(models.TextChoices):
        COMPLETE = "complete", "记录结业"
        REVOKE = "revoke", "撤销结业"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="corrections")
    action = models.CharField("更正", max_length=10, choices=Action.choices)
    completed_on = models.DateField("结业日期", null=True, blank=True)
    reason = models.TextField("更正原因")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="更正人"
    )
    at = models.DateTimeField("更正时间", default=timezone.now)

    class Meta:
        verbose_name = "结业更正记录"
        verbose_name_plural = "结业更正记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.get_action_display()}"
