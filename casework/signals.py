"""Every new placement gets its follow-ups scheduled, whichever code path recorded the hire."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from employment.models import Placement

from .services import follow_ups_schedule


@receiver(post_save, sender=Placement, dispatch_uid="casework_follow_ups_schedule")
def placement_saved(sender, instance: Placement, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        follow_ups_schedule(placement=instance)
