"""Casework rows: job-coach notes on a seeker (就业辅导记录) and follow-ups of a placement (跟踪回访)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from employment.formats import cn_date
from employment.models import JobSeeker, Placement

# Months after the contract start at which a placement is followed up.
FOLLOW_UP_MONTHS: tuple[int, ...] = (1, 3, 6, 12)


class CoachNote(models.Model):
    """就业辅导记录 — what a job coach or counsellor did or observed for a seeker."""

    seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="coach_notes")
    placement = models.ForeignKey(
        Placement, null=True, blank=True, on_delete=models.SET_NULL, related_name="coach_notes"
    )
    body = models.TextField("记录内容")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "就业辅导记录"
        verbose_name_plural = "就业辅导记录"

    def __str__(self) -> str:
        return f"{self.seeker} @ {cn_date(self.created_at)}"


class FollowUpOutcome(models.TextChoices):
    WORKING = "working", "在岗，情况良好"
    NEEDS_SUPPORT = "needs_support", "在岗，需要支持"
    LEFT = "left", "已离职"
    UNREACHABLE = "unreachable", "联系不上"


class FollowUp(models.Model):
    """跟踪回访 — one scheduled follow-up of a placement, due ``months`` after the contract start."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField("回访节点（月）")
    due_on = models.DateField("应回访日期")
    done_on = models.DateField("回访日期", null=True, blank=True)
    outcome = models.CharField("回访结果", max_length=16, choices=FollowUpOutcome.choices, blank=True)
    notes = models.TextField("回访记录", blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "跟踪回访"
        verbose_name_plural = "跟踪回访"
        constraints = [models.UniqueConstraint(fields=["placement", "months"], name="follow_up_once_per_step")]

    def __str__(self) -> str:
        return f"{self.placement} +{self.months}月"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
