"""Keeps each training provider's page-permission group in step with its accounts: a provider user
created anywhere (seed, admin, ``user_create_with_role``) can edit its provider's subtree at once, and
an account rebound away from a provider (``employment.account_services.account_rebind``) leaves that
provider's group at once. A provider account made on the district's account pages also gets its
provider's page (``account_bound``), as the shell recipe did by hand. Also drops the cached links of
the site header when a page, a view restriction or a site changes (``cms.templatetags.cms_nav``)."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site

from employment.account_services import account_bound
from employment.models import Account, Role, TrainingProvider

from .templatetags.cms_nav import sections_changed


@receiver(pre_save, sender=Account, dispatch_uid="cms_provider_access_before")
def provider_account_saving(sender, instance: Account, raw=False, **kwargs):
    """Remember the provider the account was bound to before this save."""
    instance._provider_before = (Account.objects.filter(pk=instance.pk).values_list("provider_id", flat=True).first()
                                 if instance.pk and not raw else None)


@receiver(post_save, sender=Account, dispatch_uid="cms_provider_access")
def provider_account_saved(sender, instance: Account, raw=False, **kwargs):
    from .services import provider_access_ensure, provider_group_name

    before = getattr(instance, "_provider_before", None)
    if not raw and before and before != instance.provider_id:
        old = TrainingProvider.objects.filter(pk=before).first()
        group = Group.objects.filter(name=provider_group_name(old)).first() if old else None
        if group is not None:
            group.user_set.remove(instance.user_id)
    if raw or instance.role != Role.PROVIDER or instance.provider_id is None:
        return
    provider_access_ensure(instance.provider)


@receiver(account_bound, dispatch_uid="cms_provider_page")
def provider_account_bound(sender, account: Account, **kwargs):
    if account.role == Role.PROVIDER and account.provider_id is not None:
        from .services import provider_page_ensure

        provider_page_ensure(account.provider)


@receiver([post_save, post_delete], dispatch_uid="cms_site_sections")
def site_sections_changed(sender, instance, **kwargs):
    """A page, a view restriction or a site was saved or deleted (publishing, unpublishing and moving a
    page all save it): the header's section links may have changed (cms_nav). Forgotten at once and
    again when the transaction commits, so a page read in between, before the change was visible, is
    not what stays in the cache."""
    if isinstance(instance, Page | PageViewRestriction | Site):
        sections_changed()
        transaction.on_commit(sections_changed)
