"""Matching records kept in the database: the counsellors' override log (匹配人工干预记录).

Vectors are stored with their rows (``employment.models.EmbeddedMixin``) and the FAISS indexes are
files under ``MATCHING_INDEX_DIR`` (see ``matching.index``); neither needs a table here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class OverrideAction(models.TextChoices):
    SHOW = "show", "推荐给求职者（顾问确认可以胜任）"
    HIDE = "hide", "不再推荐"
    RESET = "reset", "恢复自动匹配"


class MatchOverride(models.Model):
    """匹配人工干预 — a counsellor's decision about one seeker–job pair, with its reason.

    Rows are never edited or deleted: the latest row for a pair is in force, earlier rows are the log.
    """

    seeker = models.ForeignKey(
        "employment.JobSeeker", verbose_name="求职者", on_delete=models.CASCADE, related_name="match_overrides"
    )
    job = models.ForeignKey(
        "employment.JobPost", verbose_name="岗位", on_delete=models.CASCADE, related_name="match_overrides"
    )
    action = models.CharField("操作", max_length=8, choices=OverrideAction.choices)
    reason = models.CharField("理由", max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "匹配人工干预记录"
        verbose_name_plural = "匹配人工干预记录"
        indexes = [models.Index(fields=["seeker", "job", "-created_at"], name="matchoverride_pair_latest")]

    def __str__(self) -> str:
        return f"{self.created_by} {self.get_action_display()} {self.seeker} / {self.job}"
