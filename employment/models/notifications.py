"""In-app notifications (站内通知): one message to one user, optionally about an object.

Notifications belong to the core because every part of the platform tells people things: sign-up
claims tell a town's reviewers that a record was claimed, subsidy applications tell the applicant of
every status change and of every change staff made. What a notification is about (``target``, e.g.
a subsidy application) is a generic relation, so the core names no later app; the object's own model
declares a ``GenericRelation`` back to it, which deletes its notifications with it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models


class Notification(models.Model):
    """站内通知 — a status change told to one user; ``emailed_at`` guards the e-mail against a resend."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    target_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    email_to = models.EmailField("邮件地址", blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        indexes = [models.Index(fields=["target_type", "target_id"], name="notification_target")]

    def __str__(self) -> str:
        return self.subject

    @property
    def link_label(self) -> str:
        """The button that opens what the notification is about."""
        if self.target_type_id is None:
            return "标为已读"
        from django.contrib.contenttypes.models import ContentType

        model = ContentType.objects.get_for_id(self.target_type_id).model  # cached: no query per row
        return "查看我的资料" if model == "jobseeker" else "查看申请"
