"""The password-reset e-mail (找回密码邮件): Django's token and link, the platform's Chinese templates."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

logger = logging.getLogger(__name__)

SUBJECT = "【海曙区残联】曙光就业服务平台：重置密码"


def password_reset_mail_deliver(*, user_id: int, email: str, domain: str, use_https: bool) -> bool:
    """Send the link if the account can still reset its password; returns whether a mail went out."""
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return False
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    context = {
        "user": user,
        "username": user.get_username(),
        "link": f"{'https' if use_https else 'http'}://{domain}{path}",
        "hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
    }
    body = render_to_string("registration/password_reset_email.txt", context)
    send_mail(SUBJECT, body, None, [email])
    logger.info("Password reset link sent for account %s", user.pk)
    return True
