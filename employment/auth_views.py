"""The login view with throttling: failed attempts are counted per username and per client address.

After ``LOGIN_FAILURE_LIMIT`` failures for a username (four times as many for an address) within ``LOGIN_LOCKOUT_SECONDS`` further attempts for that
username (or from that address) are refused with 429 and a Chinese message, *without checking the
password*, until the window passes — so guessing cannot continue and a correct guess during the
lockout reveals nothing. Counters live in the default cache (Redis in production, so every
gunicorn worker shares them). A successful login clears the username's counter.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.cache import cache

logger = logging.getLogger(__name__)

IP_LIMIT_FACTOR = 4
LOCKED_MESSAGE = "登录失败次数过多，账号已暂时锁定。请在 {minutes} 分钟后再试，或联系区残联管理员。"


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"login-fail:{kind}:{digest}"


def _client_address(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR", "")


def _limit() -> int:
    return settings.LOGIN_FAILURE_LIMIT


def _window() -> int:
    return settings.LOGIN_LOCKOUT_SECONDS


def login_keys(request, username: str) -> list[str]:
    keys = [_key("ip", _client_address(request))]
    if username:
        keys.append(_key("user", username))
    return keys


def login_locked(request, username: str) -> bool:
    ip_key, *user_key = login_keys(request, username)
    # An office shares one address behind NAT: the address gets a larger allowance than a username.
    if (cache.get(ip_key) or 0) >= _limit() * IP_LIMIT_FACTOR:
        return True
    return any((cache.get(k) or 0) >= _limit() for k in user_key)


def login_failure_record(request, username: str) -> None:
    for k in login_keys(request, username):
        if cache.add(k, 1, timeout=_window()):
            continue
        try:
            cache.incr(k)
        except ValueError:  # expired between add and incr
            cache.set(k, 1, timeout=_window())


class ThrottledLoginView(auth_views.LoginView):
    """Django's LoginView, refusing attempts for a locked username or address."""

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        if login_locked(request, username):
            logger.warning("Login refused (locked): user=%r addr=%s", username, _client_address(request))
            messages.error(request, LOCKED_MESSAGE.format(minutes=max(1, _window() // 60)))
            response = self.render_to_response(self.get_context_data(form=self.get_form_class()(request)))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        login_failure_record(self.request, self.request.POST.get("username", ""))
        return super().form_invalid(form)

    def form_valid(self, form):
        cache.delete(_key("user", form.get_user().get_username()))
        return super().form_valid(form)
