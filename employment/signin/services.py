"""Writes for signing in: unlocking a lockout; enrolling, verifying and resetting the second factor."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.util import random_hex

from employment.models import AuthenticatorDevice

from . import selectors
from .second_factor import (
    RECOVERY_CODE_COUNT,
    code_normalise,
    is_totp_code,
    recovery_code_digest,
    recovery_code_new,
)

logger = logging.getLogger(__name__)

WRONG_CODE = "验证码不正确。请输入验证器应用上当前显示的 6 位数字，或一个未用过的恢复码。"
WRONG_ENROLMENT_CODE = "验证码不正确。请确认已扫描本页的二维码，再输入验证器应用上当前显示的 6 位数字。"
USED_CODE = "这个验证码刚才已经用过了，每个验证码只能用一次。请等验证器应用显示下一个新的验证码（最多 30 秒）再输入。"


@dataclass(frozen=True)
class Verification:
    """The outcome of checking a code: the device that accepted it, or a message saying why not."""

    device: Device | None
    message: str = ""
    used_recovery_code: bool = False


def _wait_message(data: dict | None) -> str:
    until = (data or {}).get("locked_until")
    seconds = max(1, int((until - timezone.now()).total_seconds()) + 1) if until else 1
    wait = f"{seconds} 秒" if seconds < 120 else f"{(seconds + 59) // 60} 分钟"
    return f"刚才的验证码不正确。为了账号安全，请等 {wait}后再试。"


def _check(device, token: str) -> Verification:
    """One throttled verification (django-otp doubles the wait after each wrong code)."""
    allowed, data = device.verify_is_allowed()
    if not allowed:
        return Verification(None, _wait_message(data))
    if device.verify_token(token):
        return Verification(device)
    return Verification(None, "")


@transaction.atomic
def login_lockout_clear(*, kind: str, value: str, by, address: str | None = None) -> int:
    """Unlock now (区残联 only; the view checks) a username from one address (``address``) or from
    everywhere, or an address. Returns the rows removed."""
    count, _ = selectors.lockout_attempts(kind=kind, value=value, address=address).delete()
    logger.warning("Login lockout cleared by %s: %s=%s address=%s (%d attempts)",
                   by.get_username(), kind, value, address or "*", count)
    return count


ENROLMENT_SESSION_KEY = "signin:totp-enrolment"


def totp_enrolment_draft(*, session, user) -> AuthenticatorDevice:
    """The authenticator being enrolled in this session: an unsaved device whose secret lives in the
    session only, bound to the user. Another session (a second browser, someone else who has the
    password) gets its own secret, and no secret exists in the database until it is confirmed — so
    the page never shows a secret that anyone else has seen or will see."""
    data = session.get(ENROLMENT_SESSION_KEY)
    if not isinstance(data, dict) or data.get("user") != user.pk or not data.get("key"):
        data = {"user": user.pk, "key": random_hex(20)}
        session[ENROLMENT_SESSION_KEY] = data
    return AuthenticatorDevice(user=user, name="验证器应用", key=data["key"], confirmed=False)


def _totp_now(device: AuthenticatorDevice) -> TOTP:
    """The device's TOTP at the current time, to check a code against without django-otp's once-per-step
    guard (``TOTP.verify`` then says which step matched)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return totp


def totp_enrolment_confirm(*, session, user, code: str) -> Verification:
    """Confirm the session's enrolment with the first code from the app: only now is the device saved
    (confirmed); the user's other authenticators go, and the secret leaves the session."""
    draft = totp_enrolment_draft(session=session, user=user)
    token = code_normalise(code)
    totp = _totp_now(draft)
    if not is_totp_code(token) or not totp.verify(int(token), draft.tolerance):
        return Verification(None, WRONG_ENROLMENT_CODE)
    with transaction.atomic():
        AuthenticatorDevice.objects.filter(user=user).delete()  # earlier authenticators, and any unconfirmed ones
        draft.confirmed, draft.last_t, draft.drift = True, totp.t(), totp.drift
        draft.save()
    session.pop(ENROLMENT_SESSION_KEY, None)
    logger.info("Second factor enrolled: user=%s", user.pk)
    return Verification(draft)


@transaction.atomic
def recovery_codes_issue(*, user) -> list[str]:
    """Ten new single-use recovery codes; the old ones stop working. Returns the codes in plain text —
    the only time they exist outside the user's hands (only their keyed hashes are stored)."""
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)
    # The device itself stays: a session verified with a recovery code remains verified.
    StaticToken.objects.filter(device__user=user).delete()
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = [recovery_code_new() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=recovery_code_digest(c)) for c in codes])
    logger.info("Recovery codes issued: user=%s", user.pk)
    return codes


def second_factor_verify(*, user, code: str) -> Verification:
    """Check a code typed at sign-in: six digits go to the authenticator, anything else is tried as a
    recovery code (which is then used up). Wrong codes are throttled per device."""
    code = code_normalise(code)
    totp = is_totp_code(code)
    with transaction.atomic():
        model = AuthenticatorDevice if totp else StaticDevice
        token = code if totp else recovery_code_digest(code)
        devices = model.objects.devices_for_user(user, confirmed=True).select_for_update().order_by("pk")
        message = ""
        for device in devices:
            result = _check(device, token)
            if result.device is not None:
                logger.info("Second factor verified: user=%s recovery=%s", user.pk, not totp)
                return Verification(result.device, used_recovery_code=not totp)
            message = message or result.message
            if not message and totp and _already_used(device, token):
                message = USED_CODE
    return Verification(None, message or WRONG_CODE)


def _already_used(device: AuthenticatorDevice, token: str) -> bool:
    """Whether a refused six-digit code is the app's current one, refused only because it was used
    already (django-otp accepts each time step once): the person typed it right and only has to wait
    for the next. Asked after the refusal, which counted towards the throttle like any wrong code."""
    if device.last_t < 0:
        return False
    check = _totp_now(device)
    return check.verify(int(token), device.tolerance) and check.t() <= device.last_t


@transaction.atomic
def second_factor_reset(*, user, by=None, reason: str = "") -> int:
    """Remove every second-factor device of the user (lost phone and codes): they enrol again at the
    next sign-in (a session verified with a removed device is no longer verified). Returns the devices
    removed. ``by`` (a district staff member in the admin; None from the management command) and
    ``reason`` go to the access log (敏感信息访问记录), in the same transaction."""
    from employment.models import PersonalDataAccess

    # Count the devices themselves: delete() also counts the recovery codes it cascades to.
    apps_removed = AuthenticatorDevice.objects.filter(user=user).count()
    codes_removed = StaticDevice.objects.filter(user=user).count()
    AuthenticatorDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    removed = apps_removed + codes_removed
    if by is not None:
        PersonalDataAccess.objects.create(
            user=by, field="两步验证", action=PersonalDataAccess.Action.RESET_2FA, reason=reason[:200],
            detail=(f"账号 {user.get_username()}（用户 {user.pk}），删除 {apps_removed} 个验证器应用、"
                    f"{codes_removed} 组恢复码")[:200],
        )
    logger.warning("Second factor reset: user=%s by=%s (%d rows)", user.pk, getattr(by, "pk", None), removed)
    return removed
