"""Reads for signing in: failure counts, current lockouts, a user's second-factor devices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

USERNAME = "username"
ADDRESS = "address"
LOCKOUT_KINDS = {USERNAME: "用户名", ADDRESS: "访问地址"}
_COLUMN = {USERNAME: "username", ADDRESS: "ip_address"}


@dataclass(frozen=True)
class Lockout:
    """A username or client address that is locked now (登录锁定)."""

    kind: str  # USERNAME or ADDRESS
    value: str
    failures: int
    last_failure: datetime
    until: datetime  # the latest moment it unlocks by itself

    @property
    def kind_label(self) -> str:
        return LOCKOUT_KINDS[self.kind]


def login_failures(*, username: str | None = None, address: str | None = None, since: datetime) -> int:
    """Failed logins counted for one (normalised) username or one client address since ``since``."""
    rows = AccessAttempt.objects.filter(attempt_time__gte=since)
    rows = rows.filter(username=username) if username is not None else rows.filter(ip_address=address)
    return rows.aggregate(n=Sum("failures_since_start"))["n"] or 0


def login_lockouts_current(*, now: datetime | None = None) -> list[Lockout]:
    """Every username and address locked now, most recent failure first."""
    from .throttle import address_failure_limit, failure_limit

    now = now or timezone.now()
    period = timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - period)
    found: list[Lockout] = []
    for kind, limit in ((USERNAME, failure_limit()), (ADDRESS, address_failure_limit())):
        column = _COLUMN[kind]
        groups = (
            recent.exclude(**{f"{column}__isnull": True})
            .values(column)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=limit)
        )
        found += [Lockout(kind, g[column], g["failures"], g["last"], g["last"] + period) for g in groups]
    return sorted(found, key=lambda lockout: lockout.last_failure, reverse=True)


def lockout_attempts(*, kind: str, value: str):
    """The stored attempts that make up a lockout (what unlocking deletes)."""
    return AccessAttempt.objects.filter(**{_COLUMN[kind]: value})


def totp_device_confirmed(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk").first()


def recovery_codes_remaining(user) -> int:
    return StaticToken.objects.filter(device__in=StaticDevice.objects.devices_for_user(user, confirmed=True)).count()
