"""What every uploaded supporting document (证明材料) records, whatever it supports: an abstract model
that the declarations' files (``quota.DeclarationEvidence``) and the start-up applications' files
(``subsidies.SubsidyEvidence``) extend with what they belong to, their kinds and their folder.

The file itself is checked by content (``employment.evidence``) and stored encrypted under
``PRIVATE_MEDIA_ROOT`` with a random name; the uploader's own file name is kept for the download.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class UploadedDocument(models.Model):
    note = models.CharField("说明", max_length=100, blank=True)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=40)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="上传人",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.original_name}"
