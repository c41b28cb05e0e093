"""Account bookkeeping: the folded username (below) and the invitation that activates an account
staff created (``AccountInvitation``).

The folded form of every username, unique: no two accounts whose names differ only by case or by
full-width/half-width spelling (``zhang``, ``Zhang``, ``ＺＨＡＮＧ``).

Login failures are counted under the folded username (``employment.signin.throttle.username_normalise``:
NFKC, case-folded, stripped). Two accounts folding alike would share one counter — one could lock the
other out — and staff could mistake one for the other. A unique index on ``Lower(username)`` would not
do: SQL ``LOWER`` is neither NFKC nor Unicode case folding (``ß``/``ss``, full-width letters). So the
fold is computed in Python, by the same function the lockout counts with, and kept here, one row per
user, under a database UNIQUE constraint — the guarantee holds even for two sign-ups racing each other.
``employment.signin.usernames`` keeps the rows in step with ``auth.User`` (signals) and answers the
forms' "taken?" question.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..formats import cn_date, cn_datetime


class UsernameFold(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="username_fold"
    )
    fold = models.CharField("用户名（归一化）", max_length=255, unique=True)

    class Meta:
        verbose_name = "用户名归一化"
        verbose_name_plural = "用户名归一化"

    def __str__(self) -> str:
        return self.fold


class QueueVisit(models.Model):
    """上次查看待办 — when a user last opened their work queue (我的待办), one row per user.

    "New since the last visit" (an employer's new applications and replies, a seeker's new matches)
    counts from here. The work queue keeps the time it found at the start of a session
    (``employment.work_queue.visit_since``), so the counts do not fall to zero on the next page load.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="queue_visit"
    )
    seen_at = models.DateTimeField("上次查看待办的时间")

    class Meta:
        verbose_name = "上次查看待办"
        verbose_name_plural = "上次查看待办"

    def __str__(self) -> str:
        return f"{self.user_id} @ {cn_datetime(self.seen_at)}"


class AccountInvitation(models.Model):
    """激活链接 — one link that lets the person an account was created for choose its password.

    Staff (or an employer's administrator) create the account without a usable password; the link
    carries a random token of which only a keyed hash is stored. It works once, until it expires, and
    a new link revokes the older ones (``employment.account_services``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("有效期至")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    revoked_at = models.DateTimeField("作废时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "账号激活链接"
        verbose_name_plural = "账号激活链接"

    def __str__(self) -> str:
        return f"{self.user} @ {cn_date(self.created_at)}"
