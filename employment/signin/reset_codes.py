"""Password reset codes (密码重置码) that town staff issue to seekers who cannot reset by e-mail.

- Staff of the seeker's town (or the district) issue a code from the seeker's page; the views fetch the
  seeker through ``employment.access``, so another town's seeker is a 404. The plain code is shown once;
  only a keyed hash (``FIELD_HASH_KEY``) bound to the account is stored. Issuing a new code revokes an
  open one. Every code is a ``PasswordResetCode`` row (who issued it for whom, when, what became of it)
  and a WARNING log line.
- The seeker types the code with their username or the mobile number on record and chooses a new
  password (checked by every password validator against their account, ``PersonalDataValidator``
  included). A code works once, until ``PASSWORD_RESET_CODE_HOURS`` have passed, and is revoked after
  ``MAX_ATTEMPTS`` wrong codes typed for its account. A wrong code, an unknown username or phone and an
  expired code all get the same answer, so the page does not tell who has an account.
- Tries are also limited per client address (``employment.ratelimit``, in the view).
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from employment import sms
from employment.crypto import lookup_hash
from employment.models import JobSeeker, PasswordResetCode, UsernameFold

from .usernames import username_fold

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# The activation code's alphabet: read aloud, printed and typed by hand without 0/O, 1/I/L, 2/Z …
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
CODE_LENGTH = 8


def code_ttl() -> timedelta:
    return timedelta(hours=settings.PASSWORD_RESET_CODE_HOURS)


def code_normalize(value: str) -> str:
    """Upper-case, without spaces or hyphens (a code is printed as ``ABCD-EFGH``)."""
    import unicodedata

    text = unicodedata.normalize("NFKC", value or "")
    return "".join(ch for ch in text.upper() if ch.isalnum())


def code_format(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _code_hash(user_id: int, code: str) -> str:
    return lookup_hash(f"password-reset-code:{user_id}:{code}")


def reset_code_open(seeker: JobSeeker) -> PasswordResetCode | None:
    """The seeker's code that is neither used nor revoked and has not expired."""
    return seeker.password_reset_codes.filter(
        used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).first()


@transaction.atomic
def reset_code_issue(*, seeker: JobSeeker, issued_by) -> tuple[PasswordResetCode, str]:
    """A new code for the seeker's account; returns the row and the plain code (shown once, never
    stored). An open code is revoked. Callers fetch the seeker through ``access.get_changeable``."""
    seeker = JobSeeker.objects.select_for_update(of=("self",)).select_related("user").get(pk=seeker.pk)
    if seeker.user_id is None:
        raise ValidationError("这位求职者还没有开通账号，不需要重置密码。请为其生成激活码。")
    if not seeker.user.is_active:
        raise ValidationError("这位求职者的账号已停用，不能重置密码。请联系区残联。")
    now = timezone.now()
    PasswordResetCode.objects.filter(seeker=seeker, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=issued_by
    )
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    row = PasswordResetCode.objects.create(
        seeker=seeker, user=seeker.user, code_hash=_code_hash(seeker.user_id, code), issued_by=issued_by,
        issued_at=now, expires_at=now + code_ttl(),
    )
    logger.warning("Password reset code %s issued for seeker %s (account %s) by user %s",
                   row.pk, seeker.pk, seeker.user_id, getattr(issued_by, "pk", None))
    return row, code_format(code)


def _accounts_named(account: str) -> list[int]:
    """Ids of the active seeker accounts a username, or a mobile number on record, names."""
    text = (account or "").strip()
    if not text:
        return []
    ids = set(UsernameFold.objects.filter(fold=username_fold(text)).values_list("user_id", flat=True))
    try:
        mobile = sms.normalize_mobile(text)
    except ValueError:
        mobile = ""
    if mobile:
        ids |= set(JobSeeker.objects.filter(phone=mobile, user__isnull=False).values_list("user_id", flat=True))
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))


@transaction.atomic
def reset_code_check(*, account: str, code: str) -> PasswordResetCode | None:
    """The open code ``code`` of the account ``account`` names, or None. A wrong code counts against
    every open code of the accounts named (``MAX_ATTEMPTS`` revoke it); nothing is marked used here."""
    code = code_normalize(code)
    now = timezone.now()
    user_ids = _accounts_named(account)
    rows = list(PasswordResetCode.objects.select_for_update().filter(
        user_id__in=user_ids, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now))
    if not rows:
        lookup_hash(code)  # the same work as a real comparison
        return None
    for row in rows:
        if constant_time_compare(row.code_hash, _code_hash(row.user_id, code)):
            return row
    for row in rows:
        row.attempts += 1
        if row.attempts >= MAX_ATTEMPTS:
            row.revoked_at = now
            logger.warning("Password reset code %s revoked after %s wrong codes", row.pk, row.attempts)
        row.save(update_fields=["attempts", "revoked_at"])
    return None


@transaction.atomic
def password_reset_with_code(*, code_id: int, password: str):
    """Set the account's new password with a code ``reset_code_check`` found, and use the code up.
    The password has been validated against the account by the caller's form."""
    row = PasswordResetCode.objects.select_for_update(of=("self",)).select_related("user").filter(pk=code_id).first()
    now = timezone.now()
    if row is None or row.used_at or row.revoked_at or row.expires_at <= now:
        raise ValidationError("重置码已失效，请联系所属镇街残联重新生成。")
    user = row.user
    user.set_password(password)
    user.save(update_fields=["password"])
    row.used_at = now
    row.save(update_fields=["used_at"])
    logger.warning("Password of account %s reset with staff-issued code %s", user.pk, row.pk)
    return user


__all__ = [
    "MAX_ATTEMPTS",
    "code_format",
    "code_normalize",
    "password_reset_with_code",
    "reset_code_check",
    "reset_code_issue",
    "reset_code_open",
]
