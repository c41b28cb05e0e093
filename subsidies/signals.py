"""Signal handlers of rewards and subsidies (kept thin): every status change the review makes is told
to the applicant (``notifications.status_changed``)."""

from __future__ import annotations

from django.dispatch import receiver

from review.services import review_status_changed

from .models import SubsidyApplication


@receiver(review_status_changed, sender=SubsidyApplication, dispatch_uid="subsidy_status_notify")
def application_status_changed(sender, instance: SubsidyApplication, **kwargs) -> None:
    from . import notifications

    notifications.status_changed(instance)
