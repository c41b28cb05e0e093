"""Login throttling with django-axes: one failure count per username and one per client address.

Axes counts where Django authenticates, not in a view: ``AxesStandaloneBackend`` (first in
``AUTHENTICATION_BACKENDS``) refuses an attempt for a locked username or address before any backend
looks at the password, and the ``user_login_failed`` signal — which ``django.contrib.auth.authenticate``
sends whichever form called it — records each failure as an ``axes.AccessAttempt`` row. So the
portal's /accounts/login/, the Wagtail admin's /admin/login/, Wagtail's /_util/login/ (private pages)
and the password re-entry before new recovery codes all share the same counts, in the database
(every gunicorn worker sees them; tests roll them back).

The settings point Axes at the callables here (see ``config/settings/base.py``):

- ``attempt_username``: the username as counted — NFKC, case-folded, stripped — so ``ＳＥＥＫＥＲ_A``
  and ``seeker_a`` are one counter (the login forms already NFKC-normalise what they authenticate).
- ``client_address``: ``REMOTE_ADDR``, or the header named by ``TRUSTED_PROXY_HEADER`` when the site
  runs behind a reverse proxy (otherwise every client would share the proxy's address). A header is
  never trusted unless named there. IPv6 clients count by their /64 network, which one host can
  change addresses within at will.
- ``LoginAttemptHandler``: two limits. A **username at one client address** locks after
  ``LOGIN_FAILURE_LIMIT`` failures (guessing one account's password from there); the same username
  from any other address is not locked, so nobody can lock a real user out from everywhere by typing
  their name. An **address** locks, for every username, after ``LOGIN_ADDRESS_FAILURE_LIMIT``
  failures (one source trying many usernames — password spraying). The address allowance is larger
  so that an office behind one NAT address is not locked out by one person's typos. A successful
  login clears that username's failures from that address, never the address's count.
- ``lockout_response``: 429 and a Chinese page; the password of a locked attempt is never checked.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import unicodedata
from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render

from . import selectors

logger = logging.getLogger(__name__)

LOCKED_MESSAGE = "登录失败次数过多，账号已暂时锁定。请在 {minutes} 分钟后再试，或联系区残联管理员解除锁定。"
USERNAME_MAX = 255  # AccessAttempt.username


def username_normalise(value: str | None) -> str | None:
    """The spelling a username is counted under: NFKC (full-width → ASCII), case-folded, stripped."""
    if value is None:
        return None
    value = unicodedata.normalize("NFKC", str(value)).casefold().strip()
    return value[:USERNAME_MAX] or None


def attempt_username(request, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the normalised username of an attempt."""
    field = "username"
    if credentials:
        return username_normalise(credentials.get(field))
    data = getattr(request, "POST", None) or {}
    return username_normalise(data.get(field))


def _header_meta_key(header: str) -> str:
    header = header.strip()
    if header.upper().startswith("HTTP_"):
        return header.upper()
    return "HTTP_" + header.upper().replace("-", "_")


def _address(value: str) -> str | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def client_address(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the client's address, from the trusted proxy header if one is configured.

    With ``X-Forwarded-For`` the right-most entry is used: the one the proxy appended (entries to
    its left came from the client and prove nothing).
    """
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "")
    if header:
        values = request.META.get(_header_meta_key(header), "").split(",")
        address = _address(values[-1])
        if address is not None:
            return address
    return _address(request.META.get("REMOTE_ADDR", "") or "")


def failure_limit(request=None, credentials=None) -> int:
    """AXES_FAILURE_LIMIT: failures per username (read at request time, so tests can change it)."""
    return max(1, settings.LOGIN_FAILURE_LIMIT)


def address_failure_limit() -> int:
    return max(1, getattr(settings, "LOGIN_ADDRESS_FAILURE_LIMIT", 4 * settings.LOGIN_FAILURE_LIMIT))


def lockout_period(request=None) -> timedelta:
    """AXES_COOLOFF_TIME: failures older than this are forgotten; a lockout lasts this long."""
    return timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def lockout_minutes() -> int:
    return max(1, math.ceil(settings.LOGIN_LOCKOUT_SECONDS / 60))


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page for a refused (locked) login, whichever form it came from."""
    logger.warning("Login refused (locked): path=%s addr=%s", request.path, getattr(request, "axes_ip_address", None))
    response = render(
        request,
        "registration/login_locked.html",
        {"message": LOCKED_MESSAGE.format(minutes=lockout_minutes()), "minutes": lockout_minutes()},
        status=429,
    )
    response["Retry-After"] = str(settings.LOGIN_LOCKOUT_SECONDS)
    return response


class LoginAttemptHandler(AxesDatabaseHandler):
    """Axes's database handler with a separate limit for usernames and for addresses."""

    def get_failures(self, request, credentials=None) -> int:
        # Axes compares one number with AXES_FAILURE_LIMIT (L). The address count n is put on the same
        # scale — floor(n × L / A) ≥ L exactly when n ≥ A — so each kind meets its own limit.
        since = get_cool_off_threshold(request)
        username = get_client_username(request, credentials)
        address = request.axes_ip_address
        by_pair = selectors.login_failures(username=username, address=address, since=since) if username else 0
        by_address = selectors.login_failures(address=address, since=since)
        limit = failure_limit()
        return max(by_pair, by_address * limit // address_failure_limit())

    def reset_user_attempts(self, request, credentials=None) -> int:
        # Axes would delete every row matching any lockout parameter, the address's included: then
        # a sprayer could clear its address count by signing in to an account of its own. Only this
        # username's failures from this address go (what the right password has just answered).
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count
