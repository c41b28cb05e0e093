"""Usernames unique by their folded form (see ``employment.models.accounts.UsernameFold``).

- ``username_fold``: the form a username is compared and counted under — the lockout's own
  ``throttle.username_normalise`` (NFKC, case-folded, stripped), so "same account for the lockout"
  and "same username" can never disagree.
- ``username_taken``: the question every form that creates or renames an account asks (sign-up, staff
  seeker registration, the Wagtail admin's user forms).
- The signal handlers below keep one ``UsernameFold`` row per user whatever creates it (forms,
  ``create_user``, ``createsuperuser``, the demo seed): before saving, the username is NFKC-normalised
  (as Django's ``create_user`` does) and a taken fold is refused with ``ValidationError``; after saving,
  the row is written, where the UNIQUE constraint refuses what a race let through (``IntegrityError``,
  which rolls back the account creation's transaction).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save, pre_save

from .throttle import username_normalise

USERNAME_TAKEN = "该用户名已被使用，请换一个。"


def username_fold(username: str | None) -> str:
    return username_normalise(username) or ""


def username_taken(username: str | None, *, exclude_user_id: int | None = None) -> bool:
    """Whether another account's username folds like ``username``."""
    from employment.models import UsernameFold

    fold = username_fold(username)
    if not fold:
        return False
    rows = UsernameFold.objects.filter(fold=fold)
    if exclude_user_id is not None:
        rows = rows.exclude(user_id=exclude_user_id)
    return rows.exists()


def _touches_username(update_fields) -> bool:
    return update_fields is None or "username" in update_fields


def user_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _touches_username(update_fields):
        return  # fixtures load as they are; saving last_login (every sign-in) does not touch the name
    instance.username = instance.normalize_username(instance.username)
    if username_taken(instance.username, exclude_user_id=instance.pk):
        raise ValidationError({"username": USERNAME_TAKEN}, code="username_taken")


def user_post_save(sender, instance, raw=False, update_fields=None, **kwargs):
    from employment.models import UsernameFold

    if not _touches_username(update_fields):
        return
    with transaction.atomic():  # an IntegrityError leaves the caller's transaction usable for rollback
        UsernameFold.objects.update_or_create(user_id=instance.pk, defaults={"fold": username_fold(instance.username)})


def connect() -> None:
    User = get_user_model()
    pre_save.connect(user_pre_save, sender=User, dispatch_uid="username-fold-pre-save")
    post_save.connect(user_post_save, sender=User, dispatch_uid="username-fold-post-save")
