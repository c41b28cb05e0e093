"""The employer register's log (用人单位名录变更记录): every change district staff make to an employer's
entry — created, edited, taken off (停用, with its reason) or put back, created or updated by a bulk
import — with who, when and what changed (each field before and after). Written only by
``employment.employer_register``; shown on the employer's register page."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..formats import cn_datetime


class EmployerChange(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", "登记"
        UPDATED = "updated", "修改"
        DEACTIVATED = "deactivated", "停用"
        REACTIVATED = "reactivated", "恢复在册"
        IMPORT_CREATED = "import_created", "批量导入登记"
        IMPORT_UPDATED = "import_updated", "批量导入更新"

    employer = models.ForeignKey("employment.Employer", verbose_name="用人单位", on_delete=models.CASCADE,
                                 related_name="register_changes")
    at = models.DateTimeField("时间", auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    by_label = models.CharField("操作人（当时的名称）", max_length=120, blank=True)
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    # [{"field": "联系电话", "before": "…", "after": "…"}, …]
    changes = models.JSONField("变更内容", default=list, blank=True)
    reason = models.CharField("原因或来源", max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "用人单位名录变更记录"
        verbose_name_plural = "用人单位名录变更记录"

    def __str__(self) -> str:
        return f"{self.get_action_display()} {cn_datetime(self.at)}"
