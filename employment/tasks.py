"""Celery tasks of the employment app: the sign-up code's text message.

The task takes the pending sign-up's id, re-loads it and calls one service, which sends the stored
message under a row lock and then clears it — running the task twice sends one message.
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
