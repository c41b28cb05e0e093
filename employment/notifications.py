"""Writes of in-app notifications (站内通知) that are the core's: marking one (or all) read, and a
person's notification settings (which outside channels for which event, and the mobile number for
texts). Who is told what is decided where it happens, through ``employment.notify``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import sms
from .access import role_of
from .models import Notification, NotificationSettings
from .notify import OUTSIDE_CHANNELS, events_for_role


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notification_settings_save(*, user, channels: dict[str, list[str]], sms_mobile: str = "") -> NotificationSettings:
    """Store the person's channels for every event their role receives (an event left out gets no
    outside channel) and their mobile number for texts (checked; empty: the number on their record)."""
    mobile = (sms_mobile or "").strip()
    if mobile:
        try:
            mobile = sms.normalize_mobile(mobile)
        except ValueError as exc:
            raise ValidationError({"sms_mobile": str(exc)}) from exc
    chosen = {}
    for event in events_for_role(role_of(user)):
        picked = channels.get(event.code, [])
        unknown = [c for c in picked if c not in OUTSIDE_CHANNELS]
        if unknown:
            raise ValidationError(f"未知的通知渠道：{'、'.join(unknown)}")
        chosen[event.code] = [c for c in OUTSIDE_CHANNELS if c in picked]
    prefs, _ = NotificationSettings.objects.select_for_update().get_or_create(user=user)
    prefs.channels = chosen
    prefs.sms_mobile = mobile
    prefs.save()
    return prefs
