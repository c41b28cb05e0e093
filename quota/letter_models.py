"""Letter archives (认定书打包): a year's result letters and payment notices as PDFs in one zip, built
in the background by Celery with its progress, for a town (its reviewers) or the district.

The zip holds employers' names and amounts, so, like the dashboard's reports, its file lives in the
private storage of ``employment.storage`` (``PRIVATE_MEDIA_ROOT``, never served by URL) under a
random name and is read only through the access-checked download view
(``quota.letter_views.letter_archive_download``). Imported by ``quota.models``.
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

ARCHIVE_DIR = "letters"


class LetterArchiveStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "生成失败"


def letter_archive_storage():
    """The private storage (a callable, so migrations name this function, not the storage's arguments)."""
    return private_storage


def letter_archive_file_name(instance: LetterArchive, filename: str) -> str:
    """``letters/<random>.zip``: the name says nothing of whose letters it holds."""
    return f"{ARCHIVE_DIR}/{uuid.uuid4().hex}.zip"


class LetterArchive(models.Model):
    """认定书打包任务 — one requested zip of a year's letters: who asked, which year and town (none: the
    whole district), how far it has got, how many letters it holds."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="letter_archives")
    year = models.PositiveSmallIntegerField("就业年度")
    town = models.ForeignKey("employment.Town", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name="镇街")
    status = models.CharField("状态", max_length=10, choices=LetterArchiveStatus.choices,
                              default=LetterArchiveStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    letter_count = models.PositiveIntegerField("认定书份数", default=0)
    notice_count = models.PositiveIntegerField("缴款通知书份数", default=0)
    file = models.FileField("压缩包", storage=letter_archive_storage, upload_to=letter_archive_file_name, blank=True)
    error = models.CharField("错误信息", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "quota"
        ordering = ["-created_at", "-id"]
        verbose_name = "认定书打包任务"
        verbose_name_plural = "认定书打包任务"

    def __str__(self) -> str:
        return f"{self.year}年度认定书打包 #{self.pk}（{self.get_status_display()}）"

    @property
    def scope_label(self) -> str:
        return self.town.name if self.town_id else "全区"


@receiver(post_delete, sender=LetterArchive, dispatch_uid="letter_archive_file_remove")
def _letter_archive_file_remove(sender, instance: LetterArchive, **kwargs) -> None:
    """A deleted job (or one going with its user) takes its file along, once the deletion commits."""
    name = instance.file.name
    if not name:
        return

    def remove() -> None:
        try:
            letter_archive_storage().delete(name)
        except OSError:
            logger.exception("Could not remove letter archive %s", name)

    transaction.on_commit(remove)


class LetterWithdrawal(models.Model):
    """已撤回的审核认定书 — an issued result letter (and its payment notice, if any) withdrawn because the
    district reopened the declaration (a founded 公示 objection): the documents stay viewable, marked
    已撤回, to those who could see them; nothing counts as payable on them any more.

    ``revision`` is the declaration as its letter was issued (kept when it was withdrawn), so the
    withdrawn documents say what they said even after the employer corrects the declaration. After
    the corrected declaration is approved again, the letter is issued anew under the same number
    (``Declaration._letter_number``) and supersedes this one."""

    declaration = models.ForeignKey("quota.Declaration", on_delete=models.CASCADE, related_name="letter_withdrawals",
                                    verbose_name="申报")
    letter_no = models.CharField("认定书编号", max_length=40)
    issued = models.DateField("原出具日期")
    amount_due = models.DecimalField("原缴款通知书应缴金额（元）", max_digits=14, decimal_places=2, default=0)
    first_review_by = models.CharField("初审单位（原认定书所载）", max_length=80)
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="撤回时的申报版本")
    reason = models.TextField("撤回原因")
    withdrawn_at = models.DateTimeField("撤回时间")
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                     verbose_name="撤回人")

    class Meta:
        app_label = "quota"
        ordering = ["-withdrawn_at", "-id"]
        verbose_name = "已撤回的审核认定书"
        verbose_name_plural = "已撤回的审核认定书"

    def __str__(self) -> str:
        return f"{self.letter_no}（{self.issued}出具，已撤回）"

    @property
    def notice_issued(self) -> bool:
        """A payment notice went out with the letter (something was due on it)."""
        return self.amount_due > 0

    @property
    def superseded(self) -> bool:
        """The corrected declaration has been approved again: a new letter replaces this one."""
        d = self.declaration
        return d.status == "approved" and d.approved_at is not None and d.approved_at > self.withdrawn_at

    def as_issued(self):
        """The declaration as the withdrawn letter was issued (not saved; for rendering only)."""
        return self.revision.as_object()
