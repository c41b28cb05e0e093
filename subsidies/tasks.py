"""Celery tasks of rewards and subsidies: e-mail one status-change notification.

The task takes the notification's id, re-loads it and calls one service, which is guarded by
``emailed_at`` under a row lock — running it twice sends one e-mail.
"""

from __future__ import annotations

from celery import shared_task


@shared_task(name="subsidies.notification_email_send", bind=True, max_retries=5, default_retry_delay=60)
def notification_email_send(self, notification_id: int) -> bool:
    from .notifications import notification_email_deliver

    try:
        return notification_email_deliver(notification_id=notification_id)
    except OSError as exc:  # SMTP unreachable: try again later; nothing was marked sent
        raise self.retry(exc=exc) from exc
