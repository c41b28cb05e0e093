"""Reads for signing in: failure counts, current lockouts, a user's second-factor devices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from employment.models import AuthenticatorDevice

USERNAME = "username"
ADDRESS = "address"
LOCKOUT_KINDS = {USERNAME: "用户名", ADDRESS: "访问地址"}
_COLUMN = {USERNAME: "username", ADDRESS: "ip_address"}


@dataclass(frozen=True)
class Lockout:
    """What is locked now (登录锁定): a username at one client address, or an address for every username."""

    kind: str  # USERNAME (with ``address``: that username from that address) or ADDRESS
    value: str
    failures: int
    last_failure: datetime
    until: datetime  # the latest moment it unlocks by itself
    address: str | None = None  # USERNAME only: the address the username is locked from

    @property
    def kind_label(self) -> str:
        return LOCKOUT_KINDS[self.kind]


def login_failures(*, username: str | None = None, address: str | None = None, since: datetime) -> int:
    """Failed logins since ``since`` of one (normalised) username from one client address, or of one
    address for any username (``username`` None)."""
    rows = AccessAttempt.objects.filter(attempt_time__gte=since, ip_address=address)
    if username is not None:
        rows = rows.filter(username=username)
    return rows.aggregate(n=Sum("failures_since_start"))["n"] or 0


def login_lockouts_current(*, now: datetime | None = None) -> list[Lockout]:
    """Every (username, address) pair and every address locked now, most recent failure first."""
    from .throttle import address_failure_limit, failure_limit

    now = now or timezone.now()
    period = timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - period)
    pairs = (
        recent.exclude(username__isnull=True)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=failure_limit())
    )
    found = [Lockout(USERNAME, g["username"], g["failures"], g["last"], g["last"] + period, g["ip_address"])
             for g in pairs]
    addresses = (
        recent.exclude(ip_address__isnull=True)
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=address_failure_limit())
    )
    found += [Lockout(ADDRESS, g["ip_address"], g["failures"], g["last"], g["last"] + period) for g in addresses]
    return sorted(found, key=lambda lockout: lockout.last_failure, reverse=True)


def lockout_attempts(*, kind: str, value: str, address: str | None = None):
    """The stored attempts that make up a lockout (what unlocking deletes): a username's from one
    address when ``address`` is given, else all of the username's (or the address's)."""
    rows = AccessAttempt.objects.filter(**{_COLUMN[kind]: value})
    return rows.filter(ip_address=address) if kind == USERNAME and address else rows


def totp_device_confirmed(user) -> AuthenticatorDevice | None:
    return AuthenticatorDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk").first()


def recovery_codes_remaining(user) -> int:
    return StaticToken.objects.filter(device__in=StaticDevice.objects.devices_for_user(user, confirmed=True)).count()


def second_factor_staff():
    """Staff accounts (those who sign in with a second factor) for the reset page, with whether each
    has enrolled an authenticator, by username."""
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef, Q

    from employment.roles import ADMIN_ROLES

    User = get_user_model()
    enrolled = AuthenticatorDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(is_staff=True) | Q(account__role__in=ADMIN_ROLES))
        .annotate(enrolled=Exists(enrolled))
        .select_related("account")
        .order_by("username")
    )
