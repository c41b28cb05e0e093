"""The staff authenticator (验证器应用): django-otp's TOTP device with its secret encrypted at rest.

django-otp's own ``TOTPDevice`` keeps the secret as plain hex, so a copy of the database would let
anyone compute a staff member's codes. This device is the same TOTP (RFC 6238) with the same fields,
defaults and verification — the methods below are django-otp's own, taken from ``TOTPDevice`` — and
only the key's column differs: an ``EncryptedTextField`` (Fernet under ``FIELD_ENCRYPTION_KEYS``,
re-encrypted by ``rotate_field_keys``). Python code sees the hex key as before.

Migration ``employment 0025`` moved the devices enrolled before it into this table, encrypting their
keys, and emptied django-otp's table (``otp_totp`` stays installed for that migration's history). A
session verified with an old device asks for a code once more after the move.
"""

from __future__ import annotations

from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key, key_validator

from ..crypto import EncryptedTextField


class AuthenticatorDevice(TimestampMixin, ThrottlingMixin, Device):
    key = EncryptedTextField("密钥（加密保存）", default=default_key, validators=[key_validator])
    step = models.PositiveSmallIntegerField("时间步长（秒）", default=30)
    t0 = models.BigIntegerField("起算时间", default=0)
    digits = models.PositiveSmallIntegerField("位数", choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField("允许误差（步）", default=1)
    drift = models.SmallIntegerField("时钟偏差（步）", default=0)
    last_t = models.BigIntegerField("上次验证的时间步", default=-1)

    class Meta(Device.Meta):
        verbose_name = "验证器应用"
        verbose_name_plural = "验证器应用"

    # django-otp's TOTP logic, unchanged: it reads only the fields above (``bin_key`` unhexlifies ``key``).
    bin_key = TOTPDevice.bin_key
    verify_token = TOTPDevice.verify_token
    get_throttle_factor = TOTPDevice.get_throttle_factor  # OTP_TOTP_THROTTLE_FACTOR
    config_url = TOTPDevice.config_url
    _read_str_from_settings = TOTPDevice._read_str_from_settings
