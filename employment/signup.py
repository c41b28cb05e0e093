"""Sign-up in two steps and claims of records town staff registered (注册与认领) — the services.

The register is never an oracle. Step 1 (``signup_start``) answers the same way whatever the register
holds: it stores a ``PendingSignup`` and queues one text message. For a new identity the 6-digit code
goes to the phone typed in the form; for a resident ID on record it goes to the phone on record, with a
warning to ignore it and contact the town if someone else is registering (no phone on record: no
message — the page is the same). Which record matched is decided by the resident ID alone, so trying the
28 category/grade suffixes of a certificate number learns nothing either.

Step 2 (``signup_confirm``) completes it with that code or an activation code the town issued for the
record (``activation_code_issue``): a new identity becomes an account and a seeker waiting for
verification (待核验); a record without an account is claimed (the new account is bound to it and the
town is told in-app); a record that has an account already is never given a second one. A wrong code
is the same "incorrect" in every case, and ``MAX_ATTEMPTS`` wrong codes end the sign-up.

Text messages leave through a Celery task queued on commit (``employment.tasks.signup_sms_send``),
so the gateway's speed never shows in the step-1 response time.
"""

from __future__ import annotations

import enum
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from . import ratelimit, services, sms
from .crypto import lookup_hash
from .models import Account, ActivationCode, JobSeeker, PendingSignup, Role, Town
from .notify import notify
from .signin.usernames import username_taken

logger = logging.getLogger(__name__)

CODE_TTL = timedelta(minutes=15)
MAX_ATTEMPTS = 5
ACTIVATION_TTL = timedelta(days=30)
# No 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V: codes are read aloud, printed and typed by hand.
ACTIVATION_ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
ACTIVATION_LENGTH = 10

NEW_IDENTITY_TEXT = (
    "【海曙区残联】您正在注册曙光就业服务平台，验证码 {code}，{minutes} 分钟内有效。请不要把验证码告诉任何人。"
)
RECORD_TEXT = (
    "【海曙区残联】有人正在用您的身份证号和残疾人证注册曙光就业服务平台账号，验证码 {code}，{minutes} 分钟内有效。"
    "如果是您本人，请在注册页面输入验证码；如果不是您本人，请不要理会，不要把验证码告诉任何人，并联系所属镇街残联。"
)


# ---- codes ---------------------------------------------------------------------------------------


def _signup_code_hash(pending_id: int, code: str) -> str:
    # Keyed (FIELD_HASH_KEY) and bound to the row: a database dump does not give the code away.
    return lookup_hash(f"signup-code:{pending_id}:{code}")


def _activation_hash(seeker_id: int, code: str) -> str:
    return lookup_hash(f"activation-code:{seeker_id}:{code}")


def activation_code_normalize(value: str) -> str:
    """Upper-case, without spaces or hyphens (a code is printed as ``ABCDE-FGHJK``)."""
    import unicodedata

    text = unicodedata.normalize("NFKC", value or "")
    return "".join(ch for ch in text.upper() if ch.isalnum())


def activation_code_format(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


# ---- step 1 --------------------------------------------------------------------------------------


def _sms_window() -> int:
    return settings.SIGNUP_RATE_WINDOW


def _sms_allowed(destination: str) -> bool:
    """At most SMS_PER_PHONE_LIMIT codes per phone per window: nobody can flood a person's phone with
    codes, and one phone cannot probe many resident IDs. Over the limit the message is silently not
    sent; the page stays the same."""
    return ratelimit.take("sms-to", destination, limit=settings.SMS_PER_PHONE_LIMIT, window=_sms_window())


def _record_phone(seeker: JobSeeker) -> str:
    try:
        return sms.normalize_mobile(seeker.phone)
    except ValueError:
        return ""  # no phone on record, or a landline: no text message can reach it


@transaction.atomic
def signup_start(
    *,
    name: str,
    resident_id: str,
    cert_no: str,
    town: Town,
    phone: str,
    username: str,
    password: str,
    replaces: int | None = None,
) -> PendingSignup:
    """Step 1: store the pending sign-up and queue its code — the same work whatever the register holds.

    ``replaces`` is the session's earlier pending sign-up, deleted (one pending sign-up per browser).
    Raises ``ValidationError`` only for format errors, which do not depend on the register.
    """
    fields = services.seeker_identity_fields(resident_id, cert_no)
    mobile = sms.normalize_mobile(phone)
    now = timezone.now()
    PendingSignup.objects.filter(expires_at__lte=now).delete()
    if replaces is not None:
        PendingSignup.objects.filter(pk=replaces).delete()
    record = JobSeeker.objects.filter(resident_id_hash=fields["resident_id_hash"]).first()
    pending = PendingSignup.objects.create(
        name=name.strip(),
        resident_id=fields["resident_id"],
        resident_id_hash=fields["resident_id_hash"],
        cert_no=fields["cert_no"],
        town=town,
        phone=mobile,
        username=username,
        password_hash=make_password(password),
        seeker=record,
        code_hash="",
        expires_at=now + CODE_TTL,
    )
    _code_issue(pending)
    return pending


def _code_issue(pending: PendingSignup) -> None:
    """A new code for ``pending`` (the last one stops working) and its text message, queued on commit:
    to the typed phone for a new identity, to the phone on record for a record. The same work on
    every path."""
    code = f"{secrets.randbelow(10**6):06d}"
    minutes = int(CODE_TTL.total_seconds() // 60)
    if pending.seeker is None:
        destination, text = pending.phone, NEW_IDENTITY_TEXT.format(code=code, minutes=minutes)
    else:
        destination, text = _record_phone(pending.seeker), RECORD_TEXT.format(code=code, minutes=minutes)
    # The quota is counted in every case (a record without a phone counts against its resident ID), so
    # each path does the same work.
    allowed = _sms_allowed(destination or f"no-phone:{pending.resident_id_hash}")
    pending.code_hash = _signup_code_hash(pending.pk, code)
    pending.sms_to, pending.sms_text = (destination, text) if destination and allowed else ("", "")
    pending.save(update_fields=["code_hash", "sms_to", "sms_text", "expires_at"])
    transaction.on_commit(lambda pk=pending.pk: _queue_sms(pk))


# A new code at most once a minute for one sign-up (and SMS_PER_PHONE_LIMIT per phone and window).
RESEND_INTERVAL = timedelta(minutes=1)


class ResendOutcome(enum.StrEnum):
    SENT = "sent"  # a new code was issued (whether a message could go is never said)
    TOO_SOON = "too_soon"
    EXPIRED = "expired"


@transaction.atomic
def signup_code_resend(*, pending_id: int | None) -> ResendOutcome:
    """重新发送验证码: a new code for the session's pending sign-up, valid CODE_TTL from now; the wrong
    codes typed so far still count (a new code is not new attempts). Depends only on the pending
    sign-up, never on the register."""
    now = timezone.now()
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to the record.
    pending = _alive(pending_id, PendingSignup.objects.select_for_update(of=("self",)).select_related("seeker"),
                     now=now).first()
    if pending is None:
        return ResendOutcome.EXPIRED
    if pending.expires_at - CODE_TTL + RESEND_INTERVAL > now:
        return ResendOutcome.TOO_SOON
    pending.expires_at = now + CODE_TTL
    _code_issue(pending)
    return ResendOutcome.SENT


def signup_form_again(pending_id: int | None) -> dict:
    """What the person typed in step 1, to fill the form again when they go back to correct it — not
    the identity numbers (full numbers are never written into a page) nor the password."""
    pending = _alive(pending_id).first()
    if pending is None:
        return {}
    return {"name": pending.name, "town": pending.town_id, "phone": pending.phone, "username": pending.username}


def _queue_sms(pending_id: int) -> None:
    from .tasks import signup_sms_send

    try:
        signup_sms_send.delay(pending_id)
    except Exception:
        # A failure here must not change the sign-up page (that would tell whether a record matched):
        # log it for the operators; the person can start again.
        logger.exception("Could not queue the sign-up text message for pending sign-up %s", pending_id)


@transaction.atomic
def signup_sms_deliver(*, pending_id: int) -> bool:
    """Send the pending sign-up's text message once, then forget it. Returns whether it sent now.

    ``SmsError`` propagates (the transaction rolls back, the message stays for the task's retry).
    """
    pending = PendingSignup.objects.select_for_update().filter(pk=pending_id).first()
    if pending is None or not pending.sms_text or pending.expired:
        return False
    sms.send(to=pending.sms_to, text=pending.sms_text)
    pending.sms_to = pending.sms_text = ""
    pending.save(update_fields=["sms_to", "sms_text"])
    return True


def _alive(pending_id: int | None, queryset=None, *, now=None):
    """The browser's pending sign-up (its session's id) while it has not expired, as a queryset."""
    queryset = PendingSignup.objects.all() if queryset is None else queryset
    if pending_id is None:
        return queryset.none()
    return queryset.filter(pk=pending_id, expires_at__gt=now or timezone.now())


def signup_pending_alive(pending_id: int | None) -> bool:
    return _alive(pending_id).exists()


# ---- step 2 --------------------------------------------------------------------------------------


class Outcome(enum.StrEnum):
    CREATED = "created"  # a new identity: account and seeker created (待核验)
    CLAIMED = "claimed"  # a record staff registered is now bound to the new account
    HAS_ACCOUNT = "has_account"  # the record has an account: sign in or ask the town to reset it
    WRONG = "wrong"  # incorrect code; attempts left
    ENDED = "ended"  # too many wrong codes: the pending sign-up is gone
    EXPIRED = "expired"  # no pending sign-up (expired, finished, or never started)
    USERNAME_TAKEN = "username_taken"  # someone took the username meanwhile
    REGISTERED_MEANWHILE = "registered_meanwhile"  # staff registered the identity after step 1


class CodeKind(enum.StrEnum):
    SMS = "sms"
    ACTIVATION = "activation"


@dataclass(frozen=True)
class SignupResult:
    outcome: Outcome
    user: object = None
    seeker: JobSeeker | None = None
    attempts_left: int = 0


def _activation_match(pending: PendingSignup, code: str) -> ActivationCode | None:
    code = activation_code_normalize(code)
    if pending.seeker_id is None:
        lookup_hash(code)  # the same work as a real comparison; no code can match a new identity
        return None
    expected = _activation_hash(pending.seeker_id, code)
    now = timezone.now()
    for candidate in ActivationCode.objects.select_for_update().filter(
        seeker_id=pending.seeker_id, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ):
        if constant_time_compare(candidate.code_hash, expected):
            return candidate
    return None


@transaction.atomic
def signup_confirm(*, pending_id: int | None, code: str, kind: CodeKind) -> SignupResult:
    """Step 2: the SMS code or the activation code completes the pending sign-up (see module docstring)."""
    pending = (
        PendingSignup.objects.select_for_update().select_related("town").filter(pk=pending_id).first()
        if pending_id is not None
        else None
    )
    if pending is None:
        return SignupResult(Outcome.EXPIRED)
    if pending.expired:
        pending.delete()
        return SignupResult(Outcome.EXPIRED)
    activation = None
    if kind == CodeKind.ACTIVATION:
        activation = _activation_match(pending, code)
        correct = activation is not None
    else:
        correct = constant_time_compare(pending.code_hash, _signup_code_hash(pending.pk, (code or "").strip()))
    if not correct:
        pending.attempts += 1
        if pending.attempts >= MAX_ATTEMPTS:
            pending.delete()
            return SignupResult(Outcome.ENDED)
        pending.save(update_fields=["attempts"])
        return SignupResult(Outcome.WRONG, attempts_left=MAX_ATTEMPTS - pending.attempts)

    record = JobSeeker.objects.select_for_update().filter(resident_id_hash=pending.resident_id_hash).first()
    if record is not None and record.pk != pending.seeker_id:
        # Registered by staff after step 1: the code went to the typed phone, which proves nothing
        # about this record.
        pending.delete()
        return SignupResult(Outcome.REGISTERED_MEANWHILE)
    if record is not None and record.user_id is not None:
        pending.delete()
        return SignupResult(Outcome.HAS_ACCOUNT)
    if username_taken(pending.username):
        pending.delete()
        return SignupResult(Outcome.USERNAME_TAKEN)
    if record is None:
        return _create(pending)
    return _claim(pending, record, activation)


def _user_from(pending: PendingSignup):
    user = services.user_create_with_role(
        username=pending.username, password=None, role=Role.SEEKER, display_name=pending.name
    )
    user.password = pending.password_hash  # hashed at step 1; the plain password was never stored
    user.save(update_fields=["password"])
    return user


def _create(pending: PendingSignup) -> SignupResult:
    try:
        with transaction.atomic():
            user = _user_from(pending)
            seeker = services.seeker_register(
                name=pending.name,
                resident_id=pending.resident_id,
                cert_no=pending.cert_no,
                town=pending.town,
                phone=pending.phone,
                user=user,
                created_by=user,
                verified=False,
            )
    except (services.SeekerAlreadyRegistered, IntegrityError):
        pending.delete()
        return SignupResult(Outcome.REGISTERED_MEANWHILE)
    pending.delete()
    _notify_town_of_signup(seeker)
    logger.info("Self-registered seeker %s (account %s), waiting for verification", seeker.pk, user.pk)
    return SignupResult(Outcome.CREATED, user=user, seeker=seeker)


def _town_reviewers(town_id: int) -> list:
    """The town's active reviewers; the district's when the town has none."""
    accounts = Account.objects.filter(role=Role.TOWN, town_id=town_id, user__is_active=True)
    if not accounts.exists():
        accounts = Account.objects.filter(role=Role.DISTRICT, user__is_active=True)
    return [a.user for a in accounts.select_related("user")]


def _notify_town_of_signup(seeker: JobSeeker) -> None:
    """A self-registered seeker waits in the town's 待核验 queue until staff have seen the certificate."""
    notify(users=_town_reviewers(seeker.town_id), event="seeker.signed_up",
           subject=f"新注册求职者待核验：{seeker.name}",
           body=(f"{seeker.name}（残疾人证号 {seeker.cert_no_masked}）自行注册了账号，所属{seeker.town.name}。\n"
                 "请核对本人的残疾人证原件后，在求职者名册的“待核验”中标记为已核验。"),
           url=reverse("seeker-detail", args=[seeker.pk]))


def _claim(pending: PendingSignup, record: JobSeeker, activation: ActivationCode | None) -> SignupResult:
    user = _user_from(pending)
    record.user = user
    record.save(update_fields=["user", "updated_at"])
    now = timezone.now()
    if activation is not None:
        activation.used_at, activation.used_by = now, user
        activation.save(update_fields=["used_at", "used_by"])
    # Any other open code is moot now.
    ActivationCode.objects.filter(seeker=record, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    pending.delete()
    differs = [
        label
        for label, typed, kept in (("姓名", pending.name, record.name), ("残疾人证号", pending.cert_no, record.cert_no))
        if typed != kept
    ]
    _notify_town_of_claim(record, user, by_activation=activation is not None, differs=differs)
    _welcome_claimant(record, user)
    logger.info(
        "Seeker %s claimed by new account %s (%s)", record.pk, user.pk, "activation code" if activation else "SMS"
    )
    return SignupResult(Outcome.CLAIMED, user=user, seeker=record)


def _notify_town_of_claim(record: JobSeeker, user, *, by_activation: bool, differs: list[str]) -> None:
    how = "镇街残联发放的激活码" if by_activation else "发送到登记手机号码的短信验证码"
    subject = f"求职者 {record.name} 已开通账号"
    body = f"{record.name}（残疾人证号 {record.cert_no_masked}）用{how}开通了账号，用户名：{user.username}。\n"
    if differs:
        # The record is kept as staff registered it; what was typed may be a newer certificate, or a sign.
        body += f"注册时填写的{'、'.join(differs)}与登记的不一致，请与本人核对。\n"
    body += f"查看求职者：/seekers/{record.pk}/\n如果不是本人开通的，请尽快联系区残联停用该账号。"
    notify(users=_town_reviewers(record.town_id), event="seeker.claimed", subject=subject,
           body=body, url=reverse("seeker-detail", args=[record.pk]))


def _welcome_claimant(record: JobSeeker, user) -> None:
    """The person who claimed the record is told, in-app, what the account is bound to and where to
    check it (the notification opens their own data page)."""
    notify(
        users=[user],
        event="account.claimed",
        target=record,
        subject="账号已开通，已关联镇街残联为您登记的资料",
        body=(
            f"您的账号（用户名：{user.username}）已经关联{record.town.name}残联为您登记的求职资料。\n"
            "请打开“我的资料和隐私”，核对联系电话等资料是否正确，并选择是否让用人单位看到您的资料。"
            "资料有误的，可以自己修改，或联系所属镇街残联。"
        ),
    )


# ---- activation codes (staff) --------------------------------------------------------------------


def activation_code_open(seeker: JobSeeker) -> ActivationCode | None:
    """The seeker's code that is neither used nor revoked (it may have expired)."""
    return seeker.activation_codes.filter(used_at__isnull=True, revoked_at__isnull=True).first()


@transaction.atomic
def activation_code_issue(*, seeker: JobSeeker, issued_by, replace: bool = False) -> tuple[ActivationCode, str]:
    """Generate an activation code for a seeker without an account; returns the row and the plain code,
    which is shown once and never stored. An open code is revoked — only with ``replace`` (the staff
    member confirmed it). Callers fetch the seeker through ``access.get_changeable``."""
    seeker = JobSeeker.objects.select_for_update().get(pk=seeker.pk)
    if seeker.user_id is not None:
        raise ValidationError("这位求职者已经开通了账号，不需要激活码。忘记密码的，请在求职者页面生成密码重置码。")
    now = timezone.now()
    open_code = activation_code_open(seeker)
    if open_code is not None:
        if not replace and open_code.expires_at > now:
            raise ValidationError("这位求职者还有一个未使用的激活码。请确认作废旧激活码后再生成新的。")
        open_code.revoked_at, open_code.revoked_by = now, issued_by
        open_code.save(update_fields=["revoked_at", "revoked_by"])
    code = "".join(secrets.choice(ACTIVATION_ALPHABET) for _ in range(ACTIVATION_LENGTH))
    row = ActivationCode.objects.create(
        seeker=seeker,
        code_hash=_activation_hash(seeker.pk, code),
        issued_by=issued_by,
        issued_at=now,
        expires_at=now + ACTIVATION_TTL,
    )
    logger.info("Activation code %s issued for seeker %s by user %s", row.pk, seeker.pk, getattr(issued_by, "pk", None))
    return row, activation_code_format(code)


__all__ = [
    "CodeKind",
    "Outcome",
    "SignupResult",
    "activation_code_format",
    "activation_code_issue",
    "activation_code_normalize",
    "activation_code_open",
    "signup_confirm",
    "signup_pending_alive",
    "signup_sms_deliver",
    "signup_start",
]
