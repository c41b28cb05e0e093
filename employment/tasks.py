"""Celery tasks of the employment app: the sign-up code's text message, and the delivery of one
notification on one outside channel (e-mail or SMS, ``employment.notify``).

Each task takes an id, re-loads the row and calls one service, which sends under a row lock and
records that it did — running a task twice sends one message.
"""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="employment.signup_sms_send", bind=True, max_retries=3, default_retry_delay=20)
def signup_sms_send(self, pending_id: int) -> bool:
    from .signup import signup_sms_deliver
    from .sms import SmsError

    try:
        return signup_sms_deliver(pending_id=pending_id)
    except SmsError as exc:
        if self.request.called_directly or self.request.is_eager or self.request.retries >= self.max_retries:
            # The code expires within minutes and the person can start again; a failure must never
            # surface on the sign-up page (it would tell whether a record matched).
            logger.error("Sign-up text message for pending sign-up %s not sent: %s", pending_id, exc)
            return False
        raise self.retry(exc=exc) from exc


@shared_task(name="employment.password_reset_mail_send")
def password_reset_mail_send(user_id: int, email: str, domain: str, use_https: bool) -> bool:
    """Send the password-reset link to ``email`` for the account ``user_id``.

    Queued on commit by ``employment.signin.reset_forms.EmailResetForm``: the request's answer takes
    the same time whether or not the address has an account, and the link's token is made here, so
    it never passes through the broker. Running it twice sends two working links (harmless).
    """
    from .signin.reset_mail import password_reset_mail_deliver

    return password_reset_mail_deliver(user_id=user_id, email=email, domain=domain, use_https=use_https)


@shared_task(name="employment.notification_deliver", bind=True, max_retries=None, default_retry_delay=60)
def notification_deliver(self, delivery_id: int) -> bool:
    """Send one ``NotificationDelivery``; a failed attempt is recorded by the service and retried here
    until the service gives up (``notify.MAX_ATTEMPTS``)."""
    from .notify import DeliveryFailed, notification_delivery_send

    try:
        return notification_delivery_send(delivery_id=delivery_id)
    except DeliveryFailed as exc:
        if exc.final or self.request.called_directly or self.request.is_eager:
            # In-process (demo, tests) there is no later: the attempt stays recorded as pending or failed.
            logger.error("Notification delivery %s not sent: %s", delivery_id, exc)
            return False
        raise self.retry(exc=exc, countdown=60 * 2 ** min(self.request.retries, 5)) from exc


@shared_task(name="employment.notification_deliveries_requeue")
def notification_deliveries_requeue() -> int:
    """Celery beat: queue again the deliveries whose task never ran (see ``notify``)."""
    from django.conf import settings

    from .notify import notification_deliveries_requeue as requeue

    return requeue(older_than_seconds=settings.NOTIFICATION_REQUEUE_AFTER)
