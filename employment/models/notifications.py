"""In-app notifications (站内通知): one message to one user, optionally about an object, and how it
went out on the other channels.

Notifications belong to the core because every part of the platform tells people things; every app
creates them through one interface, ``employment.notify.notify``. What a notification is about
(``target``, e.g. a subsidy application) is a generic relation, so the core names no later app; the
object's own model declares a ``GenericRelation`` back to it, which deletes its notifications with it.

- ``Notification``: the in-app row (the record of what was said), with the event code it was sent for.
- ``NotificationDelivery``: one row per notification and outside channel (e-mail, SMS) — the address,
  the state (pending / sent / failed / skipped) and the attempts. Its state is the guard that makes a
  retried or duplicated delivery task send nothing twice.
- ``NotificationSettings``: a person's choice of channels per event, and the mobile number for SMS.
- ``TextMessageRecord``: what the ``record`` SMS backend (demo, worker tests) "sent".
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
    event = models.CharField("通知类型", max_length=60, blank=True)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    url = models.CharField("链接", max_length=300, blank=True)
    email_to = models.EmailField("邮件地址", blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="notification_target"),
            models.Index(fields=["user", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def link_label(self) -> str:
        """The button that opens what the notification is about."""
        if self.url:
            return "查看详情"
        if self.target_type_id is None:
            return "标为已读"
        from django.contrib.contenttypes.models import ContentType

        model = ContentType.objects.get_for_id(self.target_type_id).model  # cached: no query per row
        return "查看我的资料" if model == "jobseeker" else "查看申请"


class Channel(models.TextChoices):
    """The outside channels; in-app (站内) is the ``Notification`` row itself and always kept."""

    EMAIL = "email", "电子邮件"
    SMS = "sms", "短信"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
    SKIPPED = "skipped", "未发送（没有地址）"


class NotificationDelivery(models.Model):
    """通知发送记录 — one notification on one outside channel: where to, and how it went."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    address = models.CharField("地址", max_length=254, blank=True)
    status = models.CharField("状态", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.CharField("最近一次错误", max_length=300, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "通知发送记录"
        verbose_name_plural = "通知发送记录"
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="notification_delivery_once_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.notification} · {self.get_channel_display()} · {self.get_status_display()}"

    # What a person lacked when a notice was not sent: "no address" says nothing about a text message.
    SKIPPED_BECAUSE = {Channel.EMAIL: "未发送（没有电子邮箱地址）", Channel.SMS: "未发送（没有手机号码）"}

    @property
    def status_text(self) -> str:
        """The status in words for the person: a skipped text says it had no mobile number."""
        if self.status == DeliveryStatus.SKIPPED:
            return self.SKIPPED_BECAUSE.get(self.channel, self.get_status_display())
        return self.get_status_display()


class NotificationSettings(models.Model):
    """通知设置 — which outside channels a person wants for each event (``channels``: event code →
    list of channel codes; an event not listed uses the event's defaults) and the mobile number texts
    go to (empty: the number on their record, if it is a mobile)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    channels = models.JSONField("各类通知的接收渠道", default=dict, blank=True)
    sms_mobile = models.CharField("接收短信的手机号码", max_length=11, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "通知设置"
        verbose_name_plural = "通知设置"

    def __str__(self) -> str:
        return f"{self.user} 的通知设置"


class TextMessageRecord(models.Model):
    """短信记录 — a text message the ``record`` SMS backend kept instead of sending (demo, tests)."""

    to = models.CharField("收信号码", max_length=20)
    text = models.TextField("内容")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "短信记录（演示）"
        verbose_name_plural = "短信记录（演示）"

    def __str__(self) -> str:
        return f"{self.to}: {self.text[:20]}"
