"""Report jobs (报表任务): a large xlsx report built in the background by Celery, with its progress
and, when done, the file to download.

A finished report is a workbook of per-town figures, small counts included, so it is personal data:
its file lives in the private storage of ``employment.storage`` (``PRIVATE_MEDIA_ROOT``,
never served by URL) under a random name, and is read only through the access-checked, logged
download view (``dashboard.views.report_download``).
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from employment.storage import private_storage

logger = logging.getLogger(__name__)

REPORT_DIR = "reports"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "生成失败"


def report_storage():
    """The private storage of ``employment.storage`` (evidence files), whatever it does there
    (e.g. encryption at rest). A callable, so migrations name this function rather than freezing the
    storage's constructor arguments."""
    return private_storage


def report_file_name(instance: ReportJob, filename: str) -> str:
    """``reports/<random>.xlsx``: nothing in the name says whose report it is or lets one guess another's."""
    return f"{REPORT_DIR}/{uuid.uuid4().hex}.xlsx"


class ReportJob(models.Model):
    """报表任务 — one requested report: who asked, for which year and town, how far it has got."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_jobs")
    year = models.PositiveSmallIntegerField("年度")
    town = models.ForeignKey("employment.Town", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name="镇街")
    status = models.CharField("状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    file = models.FileField("报表文件", storage=report_storage, upload_to=report_file_name, blank=True)
    error = models.CharField("错误信息", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "报表任务"
        verbose_name_plural = "报表任务"

    def __str__(self) -> str:
        return f"{self.year}年度报表 #{self.pk}（{self.get_status_display()}）"


@receiver(post_delete, sender=ReportJob, dispatch_uid="report_job_file_remove")
def _report_file_remove(sender, instance: ReportJob, **kwargs) -> None:
    """A deleted job (or one going with its user) takes its file along, once the deletion commits."""
    name = instance.file.name
    if not name:
        return

    def remove() -> None:
        try:
            report_storage().delete(name)
        except OSError:
            logger.exception("Could not remove report file %s", name)

    transaction.on_commit(remove)


class TownPopulation(models.Model):
    """劳动年龄段持证残疾人数 — one town's certified working-age population for a year, from the
    extract of the disabled persons' population database that district staff load
    (``dashboard.population``). The base of the employment rate when present."""

    town = models.ForeignKey("employment.Town", on_delete=models.CASCADE, related_name="+", verbose_name="镇街")
    year = models.PositiveSmallIntegerField("年度")
    working_age_certified = models.PositiveIntegerField("劳动年龄段持证残疾人数")
    note = models.CharField("备注", max_length=200, blank=True)
    source_name = models.CharField("导入文件", max_length=200, blank=True)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name="导入人")
    loaded_at = models.DateTimeField("导入时间")

    class Meta:
        ordering = ["-year", "town__sort_order", "town__code"]
        verbose_name = "劳动年龄段持证残疾人数"
        verbose_name_plural = "劳动年龄段持证残疾人数"
        constraints = [models.UniqueConstraint(fields=["town", "year"], name="town_population_once_per_year")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.town_id}：{self.working_age_certified}人"
