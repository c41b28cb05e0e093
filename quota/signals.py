"""Signal handlers of quota compliance (kept thin: they queue work or hand over to a service)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from review.services import review_status_changed

from .models import Declaration, PolicyYear


@receiver(review_status_changed, sender=Declaration, dispatch_uid="declaration_status_notify")
def declaration_status_changed(sender, instance: Declaration, reopened: bool = False, **kwargs) -> None:
    """Returned, reopened or approved (or passed to the district): the employer is told
    (``notifications``)."""
    from . import notifications

    notifications.status_changed(instance, reopened=reopened)


@receiver(post_save, sender=PolicyYear, dispatch_uid="policy_year_recompute")
def policy_year_saved(sender, instance: PolicyYear, raw: bool = False, **kwargs) -> None:
    """A year's parameters changed: its open declarations are recomputed once the change commits."""
    if raw:  # fixtures and restores carry their own computed results
        return
    from .tasks import declarations_recompute

    year = instance.year
    transaction.on_commit(lambda: declarations_recompute.delay(year))
