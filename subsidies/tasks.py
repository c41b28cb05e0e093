"""Celery tasks of rewards and subsidies: e-mail one notification (kept so that tasks queued before
``employment.notify`` took over still run; new notifications are delivered by
``employment.notification_deliver``). Running it twice sends one e-mail.
"""

from __future__ import annotations

from celery import shared_task


@shared_task(name="subsidies.notification_email_send", bind=True, max_retries=5, default_retry_delay=60)
def notification_email_send(self, notification_id: int) -> bool:
    from employment.notify import DeliveryFailed

    from .notifications import notification_email_deliver

    try:
        return notification_email_deliver(notification_id=notification_id)
    except DeliveryFailed as exc:  # SMTP unreachable: recorded; try again later unless given up
        if exc.final:
            return False
        raise self.retry(exc=exc) from exc
