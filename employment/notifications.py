"""Writes of in-app notifications (站内通知) that are the core's: marking one read. Who is told what is
decided where it happens (``employment.signup`` for claims, ``subsidies.notifications`` for
applications)."""

from __future__ import annotations

from django.utils import timezone

from .models import Notification


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
