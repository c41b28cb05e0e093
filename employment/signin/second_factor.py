"""The staff second factor: who needs it, and the parts that are neither reads nor writes.

Staff — town, district and training-provider accounts, superusers, Django staff and anyone else who
may use the Wagtail admin — confirm a six-digit code from an authenticator app (TOTP, RFC 6238,
``employment.models.AuthenticatorDevice``: django-otp's TOTP with the secret encrypted at rest) after
their password, when ``STAFF_2FA_REQUIRED`` is on (always in production). Seekers and employers do
not. Each staff user also holds ten single-use recovery codes (a django-otp ``StaticDevice``) for a
day without the phone; only a keyed hash of each is stored (``StaticToken.token``). So a database
dump reveals neither the secrets nor the codes.

The enrolment QR code is an SVG drawn on the server (segno), shown inline: no script, no image
from elsewhere; the secret is also shown as text for typing in by hand.
"""

from __future__ import annotations

import base64
import re
import secrets
import unicodedata

import segno
from django.conf import settings
from django.utils.html import escape

from employment import access
from employment.crypto import lookup_hash
from employment.roles import ADMIN_ROLES

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: codes are read off paper and typed in by hand. 31 symbols × 10 ≈ 49 bits each.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10
TOTP_PATTERN = re.compile(r"\d{6}")


def second_factor_applies(user) -> bool:
    """Whether the user is staff and so signs in with a second factor (when it is required)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff or access.role_of(user) in ADMIN_ROLES:
        return True
    # Anyone else who was given the Wagtail admin (by a group, say) reaches staff data there too.
    return user.has_perm("wagtailadmin.access_admin")


def second_factor_enforced(user) -> bool:
    return bool(getattr(settings, "STAFF_2FA_REQUIRED", True)) and second_factor_applies(user)


def code_normalise(code: str) -> str:
    """What the user typed, as compared: full-width digits and letters (Chinese input methods) made
    ASCII, spaces and hyphens removed, lower case."""
    code = unicodedata.normalize("NFKC", code or "")
    return re.sub(r"[\s\-]", "", code).lower()


def is_totp_code(code: str) -> bool:
    return bool(TOTP_PATTERN.fullmatch(code))


def recovery_code_new() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def recovery_code_digest(code: str) -> str:
    """The stored form of a recovery code: a keyed hash (FIELD_HASH_KEY) that fits StaticToken.token."""
    return lookup_hash("recovery-code:" + code_normalise(code))[:16]


def totp_secret_text(device) -> str:
    """The device's secret in base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device) -> str:
    """The enrolment QR code (the otpauth:// URL) as inline SVG with an accessible name."""
    title = "用验证器应用扫描此二维码"
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", title=title, svgclass="qr-code"
    )
    # segno writes <title>; role="img" makes screen readers announce the image by that title.
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
