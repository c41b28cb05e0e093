"""Signal handlers of quota compliance (kept thin: they queue work, services do it)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import PolicyYear


@receiver(post_save, sender=PolicyYear, dispatch_uid="policy_year_recompute")
def policy_year_saved(sender, instance: PolicyYear, raw: bool = False, **kwargs) -> None:
    """A year's parameters changed: its open declarations are recomputed once the change commits."""
    if raw:  # fixtures and restores carry their own computed results
        return
    from .tasks import declarations_recompute

    year = instance.year
    transaction.on_commit(lambda: declarations_recompute.delay(year))
