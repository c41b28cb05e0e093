"""Sign-up verification and claims: pending sign-ups (待验证的注册) and activation codes (激活码).

A sign-up never answers from the register directly. Step 1 stores a ``PendingSignup`` — identity
numbers encrypted, the password already hashed, a keyed hash of a 6-digit code — whatever the register
holds, and the code goes by SMS to the typed phone (a new identity) or to the phone on record (an
identity town staff registered). Step 2 completes it with that code or with an ``ActivationCode`` the
town issued for the record. Rows of ``ActivationCode`` are kept after use or revocation: they are the
log of who issued which code when, and what became of it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..crypto import EncryptedTextField
from .core import JobSeeker, Town


class PendingSignup(models.Model):
    """待验证的注册 — a sign-up waiting for its SMS code or activation code (minutes, then deleted)."""

    name = models.CharField("姓名", max_length=40)
    resident_id = EncryptedTextField("身份证号", editable=False)
    resident_id_hash = models.CharField(max_length=64, db_index=True, editable=False)
    cert_no = EncryptedTextField("残疾人证号", editable=False)
    town = models.ForeignKey(Town, verbose_name="所属镇街", on_delete=models.CASCADE, related_name="+")
    phone = EncryptedTextField("手机号码", editable=False)
    username = models.CharField("用户名", max_length=150)
    password_hash = models.CharField(max_length=128, editable=False)
    # The record that had this resident ID when the sign-up started (None: a new identity). The code
    # went to that record's phone, so only a claim of this record can complete the sign-up.
    seeker = models.ForeignKey(
        JobSeeker, null=True, blank=True, on_delete=models.CASCADE, related_name="+", editable=False
    )
    code_hash = models.CharField(max_length=64, editable=False)
    attempts = models.PositiveSmallIntegerField("输错次数", default=0)
    expires_at = models.DateTimeField("过期时间", db_index=True)
    # The outgoing text message, kept encrypted only until the task has sent it.
    sms_to = EncryptedTextField(blank=True, editable=False)
    sms_text = EncryptedTextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "待验证的注册"
        verbose_name_plural = "待验证的注册"

    def __str__(self) -> str:
        return f"待验证的注册 {self.pk}"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()


class ActivationCode(models.Model):
    """激活码 — a single-use code a town issues so a person can claim the record staff registered."""

    seeker = models.ForeignKey(
        JobSeeker, verbose_name="求职者", on_delete=models.CASCADE, related_name="activation_codes"
    )
    code_hash = models.CharField(max_length=64, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField("生成时间", default=timezone.now)
    expires_at = models.DateTimeField("有效期至")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="开通的账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField("作废时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="作废人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = "激活码"
        verbose_name_plural = "激活码"
        constraints = [
            # Generating a new code revokes the old one: at most one open code per seeker.
            models.UniqueConstraint(
                fields=["seeker"],
                condition=models.Q(used_at__isnull=True, revoked_at__isnull=True),
                name="activation_code_one_open_per_seeker",
            )
        ]

    def __str__(self) -> str:
        return f"{self.seeker} 的激活码（{self.status_label}）"

    @property
    def usable(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status_label(self) -> str:
        if self.used_at is not None:
            return "已使用"
        if self.revoked_at is not None:
            return "已作废"
        if self.expires_at <= timezone.now():
            return "已过期"
        return "有效"


class PasswordResetCode(models.Model):
    """密码重置码 — a single-use code town staff issue to a seeker who cannot reset by e-mail.

    The seeker types it with their username (or the phone on record) and chooses a new password
    (``employment.signin.reset_codes``). Only a keyed hash is stored. Rows are kept after use,
    expiry or revocation: they are the log of who issued a code for whom, when, and what became of it.
    """

    seeker = models.ForeignKey(
        JobSeeker, verbose_name="求职者", on_delete=models.CASCADE, related_name="password_reset_codes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE, related_name="password_reset_codes"
    )
    code_hash = models.CharField(max_length=64, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField("生成时间", default=timezone.now)
    expires_at = models.DateTimeField("有效期至")
    attempts = models.PositiveSmallIntegerField("输错次数", default=0)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    revoked_at = models.DateTimeField("作废时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="作废人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = "密码重置码"
        verbose_name_plural = "密码重置码"

    def __str__(self) -> str:
        return f"密码重置码 #{self.pk}"

    @property
    def state(self) -> str:
        """What became of it, in words, for the staff page."""
        if self.used_at:
            return "已使用"
        if self.revoked_at:
            return "已作废"
        if self.expires_at <= timezone.now():
            return "已过期"
        return "有效，尚未使用"
