"""Report jobs (报表任务): a large xlsx report built in the background by Celery, with its progress
and, when done, the file to download."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "生成失败"


class ReportJob(models.Model):
    """报表任务 — one requested report: who asked, for which year and town, how far it has got."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_jobs")
    year = models.PositiveSmallIntegerField("年度")
    town = models.ForeignKey("employment.Town", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name="镇街")
    status = models.CharField("状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    file = models.FileField("报表文件", upload_to="reports/%Y/%m/", blank=True)
    error = models.CharField("错误信息", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "报表任务"
        verbose_name_plural = "报表任务"

    def __str__(self) -> str:
        return f"{self.year}年度报表 #{self.pk}（{self.get_status_display()}）"
