"""Keeps each training provider's page-permission group in step with its accounts: a provider user
created anywhere (seed, admin, ``user_create_with_role``) can edit its provider's subtree at once."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from employment.models import Account, Role


@receiver(post_save, sender=Account, dispatch_uid="cms_provider_access")
def provider_account_saved(sender, instance: Account, raw=False, **kwargs):
    if raw or instance.role != Role.PROVIDER or instance.provider_id is None:
        return
    from .services import provider_access_ensure

    provider_access_ensure(instance.provider)
